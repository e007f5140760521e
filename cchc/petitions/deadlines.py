"""Deadlines of petition handling in working days, and whether a petition was handled on time (pure).

The limits are QĐ 766 group 5 as operationalised in the national formula description ([F766],
``tthc_indicators.md`` §4.2 indicator 5.2 and §8), kept as named data with their source:

* reject within 2 working days of receipt, or of the transfer from another unit;
* ask for more information within 5 working days;
* resolve, i.e. reach "chờ công khai" (answer approved) or "đã công khai", within 15 working days;
* publish the answer within 2 working days of its approval.

Counting follows the one calendar (``cchc.calendar``): the day of the triggering event is never
counted and only working days count (weekends, holidays, the announced Tết break, the
administrator's adjustments), Bộ luật Dân sự 2015 Điều 147–148. The resolve limit runs from the
same start as the others and is not paused while the unit waits for more information ([F766] counts
"period end − start of chờ tiếp nhận"; whether a pause applies is not confirmed).

The due dates are computed when the clock starts and stored on the petition with the rule that
made them; a calendar change re-stores those of open petitions (``calendar_sources``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cchc.calendar.workdays import WorkCalendar

SOURCE = "QĐ 766/QĐ-TTg (2022), nhóm 5 chỉ số 5.2; mô tả công thức chỉ số 766 ([F766]), tthc_indicators.md §4.2"


@dataclass(frozen=True)
class Limit:
    code: str
    working_days: int
    #: what must happen within the limit, in Vietnamese (shown on pages)
    label: str
    source: str = SOURCE


REJECT = Limit("reject", 2, "Từ chối tiếp nhận trong 2 ngày làm việc kể từ khi nhận hoặc được chuyển đến")
REQUEST_INFO = Limit("request_info", 5, "Đề nghị bổ sung thông tin trong 5 ngày làm việc")
RESOLVE = Limit("resolve", 15, "Giải quyết (trả lời được duyệt) trong 15 ngày làm việc")
PUBLISH = Limit("publish", 2, "Công khai trả lời trong 2 ngày làm việc sau khi được duyệt")
LIMITS = {limit.code: limit for limit in (REJECT, REQUEST_INFO, RESOLVE, PUBLISH)}

#: the rule stored with the due dates (changes when a limit or the counting changes)
RULE_ID = "qd766-5.2:2/5/15/2wd"

#: Reminders, in working days relative to the due date of the current step, in order; each is
#: sent at most once per step; when a run is missed only the latest step due is sent.
DUE_SOON, OVERDUE, ESCALATION = "due_soon", "overdue", "escalation"
REMINDER_STEPS: tuple[tuple[str, int], ...] = ((DUE_SOON, 1), (OVERDUE, 1), (ESCALATION, 3))


@dataclass(frozen=True)
class ClockDates:
    """The due dates of a petition whose clock started on ``started_on`` at its current unit."""

    decide_due: dt.date
    info_due: dt.date
    resolve_due: dt.date


def clock_dates(started_on: dt.date, calendar: WorkCalendar) -> ClockDates:
    return ClockDates(
        decide_due=calendar.add_working_days(started_on, REJECT.working_days),
        info_due=calendar.add_working_days(started_on, REQUEST_INFO.working_days),
        resolve_due=calendar.add_working_days(started_on, RESOLVE.working_days),
    )


def publish_due(approved_on: dt.date, calendar: WorkCalendar) -> dt.date:
    return calendar.add_working_days(approved_on, PUBLISH.working_days)


@dataclass(frozen=True)
class Facts:
    """What an on-time judgement needs of one petition: its stored due dates and step dates."""

    decide_due: dt.date
    info_due: dt.date
    resolve_due: dt.date
    publish_due: dt.date | None = None
    rejected_on: dt.date | None = None
    info_requested_on: dt.date | None = None
    approved_on: dt.date | None = None
    published_on: dt.date | None = None


def _by(day: dt.date | None, as_of: dt.date) -> dt.date | None:
    """A step counts only if it happened by ``as_of``."""
    return day if day is not None and day <= as_of else None


def on_time(facts: Facts, as_of: dt.date) -> bool:
    """Whether the petition was handled on time as of ``as_of`` (QĐ 766 indicator 5.2, [F766]).

    Rejected: on time when rejected by the reject limit. Otherwise late as soon as one step missed
    its limit (more information asked late, answer approved late, published late); a petition still
    in progress is on time while ``as_of`` is within the resolve limit, and an approved answer
    while ``as_of`` is within the publish limit.
    """
    rejected = _by(facts.rejected_on, as_of)
    if rejected is not None:
        return rejected <= facts.decide_due
    requested = _by(facts.info_requested_on, as_of)
    if requested is not None and requested > facts.info_due:
        return False
    approved = _by(facts.approved_on, as_of)
    if approved is None:
        return as_of <= facts.resolve_due
    if approved > facts.resolve_due:
        return False
    if facts.publish_due is None:
        return True
    published = _by(facts.published_on, as_of)
    return (published or as_of) <= facts.publish_due


def reminder_step(due: dt.date, today: dt.date, calendar: WorkCalendar) -> tuple[str, int] | None:
    """The latest reminder step whose moment has come on ``today`` for a step due on ``due``, or None."""
    left = calendar.working_days_between(today, due)
    current = None
    for kind, days in REMINDER_STEPS:
        reached = (today <= due and left <= days) if kind == DUE_SOON else -left >= days
        if reached:
            current = (kind, days)
    return current
