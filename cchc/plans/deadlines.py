"""Deadlines of plan tasks in working days, and when to remind whom (pure, no database).

A deadline that falls on a rest day moves to the next working day, the rule for periods counted
in days (Bộ luật Dân sự 2015 Điều 148). Working days are those of the administrator's calendar
(``cchc.calendar.api.current_calendar``), the one dossiers and reports use: weekends, public holidays,
the announced Tết breaks and every adjustment the administrator enters are off. A task's due date is
stored as the plan writes it and moved to a working day on read, so a calendar change moves it at once.
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date

from cchc.calendar.api import current_calendar
from cchc.calendar.workdays import WorkCalendar
from cchc.plans.timeframe import Recurrence

#: Reminders, in working days relative to the due date, in the order they come. Each is sent at
#: most once per task period; when a run is missed only the latest one due is sent.
DUE_SOON, OVERDUE, ESCALATION = "due_soon", "overdue", "escalation"
REMINDER_STEPS: tuple[tuple[str, int], ...] = ((DUE_SOON, 5), (DUE_SOON, 1), (OVERDUE, 1), (ESCALATION, 5))
#: "Due soon" on pages and in filters: this many working days or fewer left.
DUE_SOON_DAYS = 5
#: Periods due longer ago than this (calendar days) are no longer chased by reminders.
REMINDER_LOOKBACK_DAYS = 90

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def work_calendar() -> WorkCalendar:
    """The platform's one calendar (read once per request; see ``cchc.calendar.api``)."""
    return current_calendar()


def effective_due(due: date, calendar: WorkCalendar) -> date:
    """The due date, moved to the next working day when it is a rest day (e.g. 31/01/2025, Tết)."""
    return calendar.working_day_on_or_after(due)


def working_days_left(due: date, today: date, calendar: WorkCalendar) -> int:
    """Working days from ``today`` to the (effective) due date; negative once it has passed."""
    return calendar.working_days_between(today, effective_due(due, calendar))


def is_late(due: date | None, on: date, calendar: WorkCalendar) -> bool:
    """Whether ``on`` is after the effective due date."""
    return due is not None and on > effective_due(due, calendar)


def reminder_step(due: date, today: date, calendar: WorkCalendar) -> tuple[str, int] | None:
    """The latest reminder step whose moment has come on ``today``, or None."""
    left = working_days_left(due, today, calendar)
    before_due = today <= effective_due(due, calendar)
    current = None
    for kind, days in REMINDER_STEPS:
        reached = before_due and left <= days if kind == DUE_SOON else -left >= days
        if reached:
            current = (kind, days)
    return current


@dataclass(frozen=True)
class PeriodSpec:
    """One period a task must be done in: its label as plans write it, its first day and due date."""

    label: str
    starts_on: date | None
    due_date: date | None


def _months(year: int, first: int, last: int, label: str) -> PeriodSpec:
    return PeriodSpec(label, date(year, first, 1), date(year, last, _calendar.monthrange(year, last)[1]))


def task_periods(recurrence: str, due_date: date | None, year: int) -> list[PeriodSpec]:
    """The periods of a task in the plan ``year``: one per month, quarter or half for a recurring
    task, else a single period ending on the due date."""
    if recurrence == Recurrence.MONTHLY:
        return [_months(year, m, m, f"Tháng {m}/{year}") for m in range(1, 13)]
    if recurrence == Recurrence.QUARTERLY:
        return [_months(year, 3 * q - 2, 3 * q, f"Quý {_ROMAN[q]}/{year}") for q in range(1, 5)]
    if recurrence == Recurrence.SEMIANNUAL:
        return [_months(year, 1, 6, f"6 tháng đầu năm {year}"), _months(year, 7, 12, f"6 tháng cuối năm {year}")]
    if recurrence == Recurrence.ANNUAL:
        return [PeriodSpec(f"Năm {year}", date(year, 1, 1), due_date or date(year, 12, 31))]
    return [PeriodSpec("", None, due_date)]
