"""What a report says, computed from plain data: its figures, its prefilled sections, and the
sections of a consolidated report gathered from the units' reports.

Pure (gettext aside): ``sources`` reads the other apps into the dataclasses below, this module turns
them into text and figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from cchc.reporting.figures import Figure
from cchc.reporting.outline import AREA_SECTION, SECTIONS


@dataclass(frozen=True)
class TaskLine:
    """A plan task as it stood on the last day of the data window."""

    area: str
    title: str
    status_label: str
    percent: int
    completed: bool
    overdue: bool
    due_date: dt.date | None = None
    updated_in_window: bool = False


@dataclass(frozen=True)
class TargetLine:
    """A plan target with its latest measured value."""

    text: str
    goal: str
    current: str
    status: str | None = None


@dataclass(frozen=True)
class IndicatorLine:
    """An indicator over the data window, kept as numerator and denominator so that it can be
    summed; a count has no denominator. ``unit`` is "%" for a share, else what an average counts."""

    code: str
    name: str
    numerator: int | Decimal
    denominator: int | Decimal | None = None
    unit: str = "%"


@dataclass(frozen=True)
class InspectionLine:
    """The unit's administrative-reform inspections over the data window (item I.2 of the outline, "Về tổ
    chức kiểm tra CCHC"): inspections carried out, the units they covered over the units expected, the
    recommendations closed during the window and those still open on its last day."""

    done: int
    units: int
    covered: int
    expected: int
    closed: int
    open: int
    overdue: int


@dataclass
class UnitData:
    """Everything a unit's report is prefilled from, for one data window."""

    data_to: dt.date
    tasks: list[TaskLine] = field(default_factory=list)
    targets: list[TargetLine] = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)
    area_labels: dict[str, str] = field(default_factory=dict)
    #: None when the unit has neither an inspection plan nor an inspection in the window
    inspections: InspectionLine | None = None


def figures_from(data: UnitData) -> list[Figure]:
    """The figures table of one unit: tasks, per-area completion, targets met, indicators."""
    tasks = data.tasks
    completed = sum(1 for t in tasks if t.completed)
    figures = [
        Figure("tasks_total", _("Tasks in the reform plan"), len(tasks)),
        Figure("tasks_completed", _("Tasks completed"), completed),
        Figure("tasks_overdue", _("Tasks overdue and not completed"), sum(1 for t in tasks if t.overdue)),
        Figure(
            "tasks_updated",
            _("Tasks with progress reported in the period"),
            sum(1 for t in tasks if t.updated_in_window),
        ),
        Figure("tasks_completion_rate", _("Share of tasks completed"), completed, len(tasks)),
    ]
    for area in sorted({t.area for t in tasks}, key=_area_order):
        in_area = [t for t in tasks if t.area == area]
        label = _("Tasks completed – {area}").format(area=data.area_labels.get(area, area))
        figures.append(Figure(f"area:{area}", label, sum(1 for t in in_area if t.completed), len(in_area)))
    measured = [t for t in data.targets if t.status is not None]
    figures.append(Figure("targets_total", _("Targets in the plan"), len(data.targets)))
    figures.append(Figure("targets_met", _("Targets met"), sum(1 for t in measured if t.status == "met")))
    if data.inspections is not None:
        figures.extend(_inspection_figures(data.inspections))
    for line in data.indicators:
        figures.append(Figure(f"metric:{line.code}", line.name, line.numerator, line.denominator, line.unit))
    return figures


def _inspection_figures(line: InspectionLine) -> list[Figure]:
    return [
        Figure("inspections_done", _("Administrative reform inspections carried out"), line.done),
        Figure("inspection_coverage", _("Share of the units below inspected"), line.covered, line.expected),
        Figure("recommendations_closed", _("Inspection recommendations closed in the period"), line.closed),
        Figure("recommendations_open", _("Inspection recommendations still open"), line.open),
    ]


def inspection_paragraph(line: InspectionLine) -> str:
    """The prefilled text of "Công tác kiểm tra CCHC"."""
    share = Figure("inspection_coverage", "", line.covered, line.expected).display()
    return _(
        "Administrative reform inspections: {done} inspection(s) carried out in the period, at {units} unit(s); "
        "units inspected {covered}/{expected} ({share}). Recommendations after inspection: {closed} closed in the period, "
        "{open} still open ({overdue} overdue)."
    ).format(done=line.done, units=line.units, covered=line.covered, expected=line.expected, share=share,
             closed=line.closed, open=line.open, overdue=line.overdue)


def _area_order(code: str) -> int:
    order = list(AREA_SECTION)
    return order.index(code) if code in order else len(order)


def _dmy(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


def _task_line(task: TaskLine) -> str:
    return _("- {title}: {status} ({percent}%).").format(
        title=task.title, status=task.status_label, percent=task.percent
    )


def prefill_sections(data: UnitData) -> dict[str, str]:
    """Draft text of each section from the plan's tasks; the officer edits it before submitting."""
    tasks = data.tasks
    sections = {section.code: "" for section in SECTIONS}
    if tasks:
        completed = sum(1 for t in tasks if t.completed)
        overdue = [t for t in tasks if t.overdue]
        summary = _(
            "The reform plan has {total} tasks; by {date}, {completed} were completed and {overdue} were overdue."
        ).format(total=len(tasks), date=_dmy(data.data_to), completed=completed, overdue=len(overdue))
        sections["direction"] = summary
        for task in tasks:
            code = AREA_SECTION.get(task.area, "direction")
            sections[code] = "\n".join(filter(None, [sections[code], _task_line(task)]))
        if overdue:
            lines = [_("Tasks behind schedule:")]
            lines += [
                _("- {title} (due {date}).").format(title=t.title, date=_dmy(t.due_date)) for t in overdue
            ]
            sections["limitations"] = "\n".join(lines)
        upcoming = [t for t in tasks if not t.completed and not t.overdue]
        if upcoming:
            lines = [_("Complete the remaining tasks of the plan:")]
            lines += [
                _("- {title} (due {date}).").format(title=t.title, date=_dmy(t.due_date)) for t in upcoming
            ]
            sections["next_tasks"] = "\n".join(lines)
    if data.inspections is not None:
        sections["direction"] = "\n".join(filter(None, [sections["direction"], inspection_paragraph(data.inspections)]))
    return sections


def gather_sections(reports: Sequence[tuple[str, dict[str, str]]]) -> dict[str, str]:
    """The consolidated report's sections: each unit's text under its name, for the officer to edit."""
    gathered = {}
    for section in SECTIONS:
        parts = [
            f"{unit}:\n{text.strip()}"
            for unit, text in ((u, s.get(section.code, "")) for u, s in reports)
            if text.strip()
        ]
        gathered[section.code] = "\n\n".join(parts)
    return gathered


def paragraphs(text: str) -> list[str]:
    """Non-empty lines of a section, for the Word document."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def targets_to_json(targets: Iterable[TargetLine]) -> list[dict]:
    return [{"text": t.text, "goal": t.goal, "current": t.current, "status": t.status} for t in targets]
