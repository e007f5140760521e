"""Everything a report takes from the other apps, behind one door.

A unit's report for a data window is prefilled from:

* its reform plans for the report's year (``cchc.plans``), and the tasks it leads in its superior's
  plan: each task as it stood on the last day of the window (the latest progress each taking-part unit reported up to that day, combined by the
  plans app's own rules), whether it was overdue then, and whether progress was reported within
  the window;
* the plans' targets with their latest measured values;
* the one-stop indicators over the window (``cchc.indicators``): every metric of its catalogue,
  from the unit's window totals, when the unit has any dossier data;
* its administrative-reform inspections over the window (``cchc.inspections``): inspections carried
  out, units covered, recommendations closed and open.

The data of a unit includes that of the units merged into it during the window: a commune formed
on 01/7/2025 answers for its old communes in the annual report (``data_scope`` without the subtree for plans; the
indicators app applies the same rule to dossiers). A unit formed by a split answers only for the
old unit's tasks the split gave it (``cchc.units.division``). Indicator totals cover a unit's subtree; when
units below it report for the same period themselves (``nested``), their totals are taken out so
that a consolidated sum counts every dossier once.
Nothing outside this module imports the plans, indicators or inspections apps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import fields
from decimal import Decimal

from django.db.models import Prefetch, Q

from cchc.indicators import catalogue
from cchc.indicators import selectors as indicators
from cchc.indicators.catalogue import Totals
from cchc.indicators.formulas import format_decimal_vi
from cchc.inspections.selectors import report_summary
from cchc.plans import deadlines, rules
from cchc.plans.choices import CLOSED_STATUSES, ComparatorChoice, ReformArea, TaskStatus
from cchc.plans.models import Plan, ProgressUpdate, Target, Task, TaskPeriod
from cchc.reporting.content import IndicatorLine, InspectionLine, TargetLine, TaskLine, UnitData
from cchc.units.division import DataScope
from cchc.units.models import SplitRecordKind, Unit, UnitKind
from cchc.units.selectors import data_scope, record_lines


def unit_data(
    *, unit: Unit, year: int, data_from: dt.date, data_to: dt.date, nested: Sequence[Unit] = ()
) -> UnitData:
    """What the report of ``unit`` for the window ``[data_from, data_to]`` of ``year`` is prefilled from."""
    scope = data_scope(unit=unit, date_from=data_from, date_to=data_to, subtree=False)
    unit_ids = scope.ids
    plans = Plan.objects.in_force().filter(unit_id__in=unit_ids, year=year)
    return UnitData(
        data_to=data_to,
        tasks=task_lines(
            tasks=unit_tasks(unit_ids=unit_ids, year=year, scope=scope), data_from=data_from, data_to=data_to
        ),
        targets=target_lines(plans=plans),
        indicators=indicator_lines(unit=unit, nested=nested, data_from=data_from, data_to=data_to),
        area_labels={code: str(label) for code, label in ReformArea.choices},
        inspections=inspection_line(unit=unit, data_from=data_from, data_to=data_to),
    )


def inspection_line(*, unit: Unit, data_from: dt.date, data_to: dt.date) -> InspectionLine | None:
    """The unit's inspections over the window, or None when it has no inspection data."""
    summary = report_summary(unit=unit, date_from=data_from, date_to=data_to)
    if summary is None:
        return None
    return InspectionLine(
        done=summary.inspections_done, units=summary.units_inspected, covered=summary.coverage.numerator,
        expected=summary.coverage.denominator, closed=summary.items_closed, open=summary.items_open,
        overdue=summary.items_overdue,
    )


def unit_tasks(*, unit_ids: list[int], year: int, scope: DataScope | None = None):
    """The tasks a unit answers for in ``year``: those of its own plans, and those it (or one of its
    divisions) leads in a superior's plan unless they were taken up in one of its own plans in force.
    Only specific tasks count: a general task with sub-tasks is counted through them. With ``scope``,
    a plan of a unit split before the window gives only the tasks the split assigned to this unit."""
    in_force = Plan.objects.in_force().filter(year=year)
    own = Q(plan__in=in_force.filter(unit_id__in=unit_ids))
    led = Q(plan__in=in_force.exclude(unit_id__in=unit_ids)) & (
        Q(lead_unit_id__in=unit_ids) | Q(lead_unit__parent_id__in=unit_ids, lead_unit__kind=UnitKind.DIVISION)
    )
    taken_up = Task.objects.filter(own, source_task__isnull=False).values("source_task_id")
    tasks = Task.objects.filter(own | led, children__isnull=True).exclude(pk__in=taken_up)
    divided = [pk for pk in unit_ids if scope is not None and not scope.whole(pk)]
    if divided:
        rows = tasks.filter(plan__unit_id__in=divided).values_list("pk", "plan__unit_id")
        units = dict(rows)
        lines = record_lines(kind=SplitRecordKind.TASK, records=units.items())
        tasks = tasks.exclude(pk__in=[pk for pk, line in lines.items() if not scope.allows(units[pk], line)])
    return tasks


def task_lines(*, tasks, data_from: dt.date, data_to: dt.date) -> list[TaskLine]:
    """Each task as it stood on the last day of the window."""
    tasks = list(
        tasks.select_related("plan", "area")
        .prefetch_related(
            "coordinating_units", Prefetch("periods", queryset=TaskPeriod.objects.order_by("due_date", "pk"))
        )
        .order_by("plan_id", "area__position", "position", "pk")
    )
    latest: dict[tuple[int, int], rules.UnitProgress] = {}
    updated_periods: set[int] = set()
    updates = (
        ProgressUpdate.objects.filter(period__task__in=[t.pk for t in tasks], reported_on__lte=data_to)
        .order_by("reported_on", "pk")
        .values_list("period_id", "unit_id", "status", "percent", "reported_on")
    )
    for period_id, unit_id, status, percent, reported_on in updates:
        latest[(period_id, unit_id)] = rules.UnitProgress(status, percent, reported_on)
        if reported_on >= data_from:
            updated_periods.add(period_id)
    calendar = deadlines.work_calendar()
    labels = dict(TaskStatus.choices)
    lines = []
    for task in tasks:
        lead = task.responsible_unit_id
        periods = list(task.periods.all())
        states = [rules.combine_units(latest.get((p.pk, lead))) for p in periods]
        state = rules.combine_periods(states)
        overdue = any(
            s.status not in CLOSED_STATUSES and deadlines.is_late(p.due_date, data_to, calendar)
            for p, s in zip(periods, states, strict=True)
        )
        lines.append(
            TaskLine(
                area=task.area.code,
                title=str(task),
                status_label=str(labels.get(state.status, state.status)),
                percent=state.percent,
                completed=state.status == TaskStatus.COMPLETED,
                overdue=overdue,
                due_date=task.due_date,
                updated_in_window=any(p.pk in updated_periods for p in periods),
            )
        )
    return lines


def _measure(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "—"
    places = 0 if value == value.to_integral_value() else 2
    text = format_decimal_vi(value, places)
    return f"{text}%" if unit.strip() == "%" else f"{text} {unit}".strip()


def target_lines(*, plans) -> list[TargetLine]:
    symbols = dict(ComparatorChoice.choices)
    lines = []
    for target in Target.objects.filter(plan__in=plans).select_related("plan").order_by("plan_id", "pk"):
        goal = f"{symbols.get(target.comparator, '')} {_measure(target.value, target.value_unit)}".strip()
        lines.append(
            TargetLine(
                text=target.text,
                goal=goal if target.value is not None else "—",
                current=_measure(target.current_value, target.value_unit),
                status=target.status,
            )
        )
    return lines


def indicator_lines(
    *, unit: Unit, nested: Sequence[Unit], data_from: dt.date, data_to: dt.date
) -> list[IndicatorLine]:
    """Every catalogue metric of the unit's own dossiers over the window; none when it has no dossier data."""
    totals = indicators.totals_for_units(units=[unit, *nested], date_from=data_from, date_to=data_to)
    own = totals[unit.pk]
    for below in nested:
        own = Totals(
            **{f.name: getattr(own, f.name) - getattr(totals[below.pk], f.name) for f in fields(Totals)}
        )
    if own == Totals():
        return []
    lines = []
    for spec in catalogue.METRICS:
        ratio = catalogue.compute(spec.code, own)
        if spec.kind == "count":
            lines.append(IndicatorLine(spec.code, spec.name, ratio.numerator))
        else:
            lines.append(
                IndicatorLine(spec.code, spec.name, ratio.numerator, ratio.denominator, spec.unit_label)
            )
    return lines
