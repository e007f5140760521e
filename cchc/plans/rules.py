"""Pure rules of plan execution: how units' progress combines, whether a target is met, which
due dates a plan may set. No Django, no database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from cchc.plans.targets import Comparator

NOT_STARTED, IN_PROGRESS, COMPLETED, CANCELLED = "not_started", "in_progress", "completed", "cancelled"


@dataclass(frozen=True)
class UnitProgress:
    """The latest report of one unit taking part in a task period."""

    status: str
    percent: int
    reported_on: date


@dataclass(frozen=True)
class Combined:
    """The state of a task period (or a whole task) seen from the lead unit."""

    status: str = NOT_STARTED
    percent: int = 0
    completed_on: date | None = None


def combine_units(lead: UnitProgress | None) -> Combined:
    """The state of a task period from the lead unit's latest report.

    The lead unit answers for the task (GLOSSARY: "cơ quan chủ trì"): its report alone starts,
    advances, completes or cancels the period. Coordinating units' reports are shown beside it
    on the task page and never move it, so a division that helped cannot put a task the lead has
    not reported on "in progress". The percentage stays below 100 until the lead completes it.
    """
    if lead is None:
        return Combined()
    if lead.status == COMPLETED:
        return Combined(COMPLETED, 100, lead.reported_on)
    if lead.status == CANCELLED:
        return Combined(CANCELLED, lead.percent)
    if lead.status == NOT_STARTED and lead.percent == 0:
        return Combined()
    return Combined(IN_PROGRESS, min(lead.percent, 99))


def combine_periods(periods: Sequence[Combined]) -> Combined:
    """A recurring task is completed when every period is closed (completed or not carried out)."""
    if not periods:
        return Combined()
    closed = [p for p in periods if p.status in (COMPLETED, CANCELLED)]
    percent = round(sum(p.percent for p in periods) / len(periods))
    if len(closed) == len(periods):
        if all(p.status == CANCELLED for p in periods):
            return Combined(CANCELLED, percent)
        return Combined(COMPLETED, 100, max(p.completed_on for p in closed if p.completed_on))
    if all(p.status == NOT_STARTED for p in periods):
        return Combined()
    return Combined(IN_PROGRESS, min(percent, 99))


_COMPARE = {
    Comparator.AT_LEAST: lambda value, goal: value >= goal,
    Comparator.MORE_THAN: lambda value, goal: value > goal,
    Comparator.EQUAL: lambda value, goal: value == goal,
    Comparator.AT_MOST: lambda value, goal: value <= goal,
    Comparator.LESS_THAN: lambda value, goal: value < goal,
}


def target_met(comparator: str, goal: Decimal, value: Decimal) -> bool:
    return _COMPARE[Comparator(comparator)](value, goal)


def target_status(*, comparator: str, goal: Decimal | None, value: Decimal | None, final: bool) -> str | None:
    """"met", "at_risk" (not met yet, the year is not over) or "missed" (not met at the year's end).

    None while there is no value, or the target was not read into a comparator and a goal.
    """
    if value is None or goal is None or not comparator:
        return None
    if target_met(comparator, goal, value):
        return "met"
    return "missed" if final else "at_risk"


def manual_value(*, numerator: Decimal, denominator: Decimal, percent: bool) -> Decimal | None:
    """The value of a manual measurement: 100 × numerator / denominator (2 places, half up) for a
    percentage target, the numerator for a count; None without a denominator."""
    if not percent:
        return numerator
    if not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def due_date_range(year: int) -> tuple[date, date]:
    """The due dates a plan for ``year`` may set.

    The plan year itself, and its preceding quarter: annual plans are drafted and issued in the
    last quarter of the year before, and their preparatory tasks fall due then (seed 003, the
    2024 plan of Sở Xây dựng Nam Định issued in 12/2023, has three tasks due "Tháng 12/2023").
    """
    return date(year - 1, 10, 1), date(year, 12, 31)
