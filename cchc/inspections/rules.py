"""Pure rules of inspection follow-up: coverage, closure shares and how a plan task's progress follows the
inspections. No Django, no database.

Coverage (tỷ lệ đơn vị được kiểm tra) is the number of expected units inspected over the number of
expected units (seed 003: "Tỷ lệ % giữa số phòng, đơn vị trực thuộc Sở được kiểm tra trong năm/ tổng
số phòng, đơn vị trực thuộc Sở"). Each expected unit comes with the units whose inspection counts for
it: itself and the units merged into it during the window (``cchc.units.selectors.data_scope``), so a
division merged in July that was inspected in March counts once, through its successor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from cchc.indicators.formulas import Ratio

NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"


def covered_units(expected: Mapping[int, Iterable[int]], inspected: Iterable[int]) -> set[int]:
    """The expected units at least one of whose counting units was inspected."""
    inspected = set(inspected)
    return {unit for unit, counting in expected.items() if inspected & set(counting)}


def coverage_ratio(expected: Mapping[int, Iterable[int]], inspected: Iterable[int]) -> Ratio:
    """Expected units inspected over expected units (``Ratio(0, 0)`` when none is expected)."""
    return Ratio(len(covered_units(expected, inspected)), len(expected))


def meets(ratio: Ratio, target_percent) -> bool | None:
    """Whether the coverage reaches the target share (``None`` while nothing is expected)."""
    value = ratio.percent(4)
    return None if value is None else value >= target_percent


@dataclass(frozen=True)
class TaskProgress:
    """What the plan task linked to an inspection plan reports: its status, percentage and note."""

    status: str
    percent: int


def task_progress(*, planned: int, done: int, open_items: int) -> TaskProgress:
    """The linked task follows the plan's inspections: the share of them carried out, rounded down; it is
    completed once every inspection was carried out and every recommendation closed (not before: 99%)."""
    if planned <= 0 or done <= 0:
        return TaskProgress(NOT_STARTED, 0)
    if done >= planned and open_items == 0:
        return TaskProgress(COMPLETED, 100)
    return TaskProgress(IN_PROGRESS, min(100 * done // planned, 99))


def due_in(window_from: date, window_to: date, due: date) -> bool:
    return window_from <= due <= window_to
