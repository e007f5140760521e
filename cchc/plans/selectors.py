"""Reads over plans for pages and the API: lean querysets whose query count does not grow with
the number of tasks."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, F, Max, Prefetch, Q, QuerySet
from django.utils.translation import get_language

from cchc.indicators.binding import reported_by_hand
from cchc.plans.choices import AREA_ORDER, CLOSED_STATUSES, PlanStatus, ReformArea, TaskStatus
from cchc.plans.deadlines import work_calendar
from cchc.plans.models import ManualMeasurement, Plan, PlanArea, ProgressUpdate, Target, Task, TaskPeriod
from cchc.units.models import Unit, UnitKind
from cchc.units.roles import Perm
from cchc.units.scoping import UnitGraph, visible_unit_ids

IN_FORCE = [PlanStatus.ISSUED, PlanStatus.AMENDED]


def plan_list(user, *, unit: Unit | None = None, year: int | None = None) -> QuerySet[Plan]:
    """Plans the user may see, with their task counts, newest year first."""
    plans = Plan.objects.visible_to(user, Perm.VIEW).select_related("unit", "parent_plan")
    if unit is not None:
        plans = plans.filter(unit=unit)
    if year is not None:
        plans = plans.filter(year=year)
    return plans.annotate(
        task_count=Count("tasks", distinct=True),
        done_count=Count("tasks", filter=Q(tasks__status=TaskStatus.COMPLETED), distinct=True),
    ).order_by("-year", "unit__name", "-pk")


def plans_awaiting_approval(user) -> QuerySet[Plan]:
    """Draft plans of the units where the user approves and issues plans (a head of unit): what waits
    for his signature."""
    return plan_list(user).filter(status=PlanStatus.DRAFT, unit__in=visible_unit_ids(user, Perm.APPROVE))


# --- the plan page --------------------------------------------------------------------------------


@dataclass
class TaskFilters:
    area: int | None = None
    lead: str = ""
    status: str = ""
    due: str = ""  # "overdue", "due_soon", "no_date"


@dataclass
class AreaGroup:
    area: PlanArea
    tasks: list[Task] = field(default_factory=list)


def readable_task_ids(user, plan: Plan) -> set[int]:
    """Ids of the plan's tasks, and of the copies units below made of them, that ``user`` may open.

    A superior's issued plan is read as a whole, but a task page opens only where the user's units
    take part; pages link the others as plain text.
    """
    tasks = Task.objects.visible_to(user, Perm.VIEW).filter(Q(plan=plan) | Q(source_task__plan=plan))
    return set(tasks.values_list("pk", flat=True))


def plan_tasks(plan: Plan) -> QuerySet[Task]:
    """The plan's tasks with everything a task row shows, in a fixed number of queries.

    Coordinators and periods come as plain lists (``coordinator_list``, ``period_list``): a
    prefetch into the related managers costs a queryset per task, a tenth of the page for 500 tasks.
    """
    return (
        plan.tasks.select_related("area", "lead_unit", "source_task__plan__unit")
        .prefetch_related(
            Prefetch("coordinating_units", to_attr="coordinator_list"),
            Prefetch("periods", queryset=TaskPeriod.objects.order_by("due_date", "pk"), to_attr="period_list"),
        )
        .annotate(taken_up=Count("cascaded_tasks", distinct=True))
        .order_by("area__position", "area_id", "position", "pk")
    )


def _matches_due(task: Task, due: str, today: dt.date) -> bool:
    periods = task.period_list
    if due == "overdue":
        return task.is_overdue(today)
    if due == "due_soon":
        return any(p.is_due_soon(today) for p in periods)
    if due == "no_date":
        return all(p.due_date is None for p in periods)
    return True


def filter_tasks(tasks: QuerySet[Task], filters: TaskFilters, today: dt.date) -> list[Task]:
    if filters.area:
        tasks = tasks.filter(area_id=filters.area)
    if filters.lead:
        tasks = tasks.filter(lead_text=filters.lead)
    if filters.status:
        tasks = tasks.filter(status=filters.status)
    rows = list(tasks)
    return [task for task in rows if _matches_due(task, filters.due, today)] if filters.due else rows


def group_by_area(areas: list[PlanArea], tasks: list[Task]) -> list[AreaGroup]:
    """Tasks under their area, in the plan's order; general tasks before their specific ones."""
    groups = {area.pk: AreaGroup(area) for area in areas}
    for task in tasks:
        groups[task.area_id].tasks.append(task)
    return [group for group in groups.values() if group.tasks]


def area_progress_chart(plan: Plan, areas: list[PlanArea]) -> dict:
    """Task counts per area and status for the progress chart (Chart.js stacked bars)."""
    counts = Counter(
        (row["area_id"], row["status"])
        for row in plan.tasks.values("area_id", "status")
    )
    labels = [area.local_number or area.get_code_display() for area in areas]
    return {
        "labels": labels,
        "titles": [area.title for area in areas],
        "series": {status: [counts[(area.pk, status)] for area in areas] for status in TaskStatus.values},
    }


def lead_choices(plan: Plan) -> list[str]:
    return sorted(set(plan.tasks.exclude(lead_text="").values_list("lead_text", flat=True)))


@dataclass
class AreaRows:
    area: PlanArea
    rows: list = field(default_factory=list)  # of templatetags.plans.TaskRow

    @property
    def tasks(self) -> list:
        return self.rows


@dataclass
class TaskTable:
    """What the plan page shows of the plan's tasks whoever reads it: areas, lead units to filter
    by, the chart, and every task's row (``templatetags.plans.task_row_parts``) under its area."""

    areas: list[PlanArea]
    leads: list[str]
    chart: dict
    groups: list[AreaRows]
    shown: int


#: Seconds a task table stays cached; a change to the plan makes a new key at once (``Plan.content_version``).
TASK_TABLE_SECONDS = 24 * 3600


def task_row_groups(areas: list[PlanArea], tasks: list[Task], today: dt.date, status_labels: dict) -> list[AreaRows]:
    from cchc.plans.templatetags.plans import task_row_parts

    return [AreaRows(group.area, task_row_parts(group.tasks, status_labels, today)) for group in group_by_area(areas, tasks)]


def _task_table_key(plan: Plan, today: dt.date) -> str:
    calendar = work_calendar()
    days = ",".join(f"{day:%Y%m%d}" for day in sorted(calendar.extra_days_off)) + "|" + ",".join(
        f"{day:%Y%m%d}" for day in sorted(calendar.extra_working_days))
    digest = hashlib.sha256(days.encode()).hexdigest()[:16]
    return f"plans:task-table:{plan.pk}:{plan.content_version}:{today:%Y%m%d}:{get_language()}:{digest}"


def plan_task_table(plan: Plan, today: dt.date, status_labels: dict) -> TaskTable:
    """The plan's ``TaskTable``, from the cache while the plan's ``content_version``, the day, the
    language and the work calendar (overdue flags) stay the same; ``plan`` must be freshly read."""
    key = _task_table_key(plan, today)
    table = cache.get(key)
    if table is None:
        areas = list(plan.areas.all())
        tasks = list(plan_tasks(plan))
        table = TaskTable(areas=areas, leads=lead_choices(plan), chart=area_progress_chart(plan, areas),
                          groups=task_row_groups(areas, tasks, today, status_labels), shown=len(tasks))
        cache.set(key, table, TASK_TABLE_SECONDS)
    return table


# --- units named in a plan ------------------------------------------------------------------------

#: Names plans give to "all the divisions" of the issuing unit (seeds 001 and 003).
DIVISION_GROUPS = frozenset({
    "các phòng chuyên môn", "các phòng chuyên môn, đơn vị", "các phòng nghiệp vụ", "các phòng, đơn vị",
})


def units_named(*, unit: Unit, year: int, text: str) -> list[Unit]:
    """The units directly below ``unit`` in ``year`` that a lead or coordinators text names.

    Names separated by ";" are matched exactly (case aside); a division group ("Các phòng
    chuyên môn, đơn vị") means every division. What matches nothing is left to the text.
    """
    children = list(Unit.objects.filter(parent=unit).overlapping(dt.date(year, 1, 1), dt.date(year, 12, 31)).order_by("code"))
    if " ".join(text.split()).casefold().strip(" .;") in DIVISION_GROUPS:
        return [child for child in children if child.kind == UnitKind.DIVISION]
    by_name = {child.name.casefold(): child for child in children}
    return [by_name[part.strip().casefold()] for part in text.split(";") if part.strip().casefold() in by_name]


# --- a task -------------------------------------------------------------------------------------


@dataclass
class UnitState:
    unit: Unit
    is_lead: bool
    latest: ProgressUpdate | None


@dataclass
class PeriodProgress:
    period: TaskPeriod
    units: list[UnitState]
    updates: list[ProgressUpdate]


def task_participants(task: Task) -> list[tuple[Unit, bool]]:
    """(unit, is lead) of every unit taking part, the responsible unit first."""
    lead = task.lead_unit or task.plan.unit
    return [(lead, True), *((unit, False) for unit in task.coordinating_units.all() if unit.pk != lead.pk)]


def task_progress(task: Task) -> list[PeriodProgress]:
    """Each period of the task, each participating unit's latest report and every report with its evidence."""
    updates = ProgressUpdate.objects.select_related("unit", "created_by").prefetch_related("evidence").order_by("-reported_on", "-pk")
    participants = task_participants(task)
    result = []
    for period in task.periods.prefetch_related(Prefetch("updates", queryset=updates)).order_by("due_date", "pk"):
        history = list(period.updates.all())
        latest: dict[int, ProgressUpdate] = {}
        for update in history:
            latest.setdefault(update.unit_id, update)
        states = [UnitState(unit, is_lead, latest.get(unit.pk)) for unit, is_lead in participants]
        result.append(PeriodProgress(period, states, history))
    return result


@dataclass
class HistoryEntry:
    """One change in the audit trail: the historical record and the fields it changed."""

    record: object
    fields: list[str]
    labels: list[str]


def audit_trail(obj, *, limit: int = 100, ignore: tuple[str, ...] = ()) -> list[HistoryEntry]:
    """Who created or changed ``obj``, when, and which fields (django-simple-history), newest first."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for record, previous in zip(records, [*records[1:], None], strict=False):
        fields = [] if previous is None else [
            change.field for change in record.diff_against(previous, excluded_fields=list(ignore)).changes
        ]
        if previous is None or fields:
            labels = [str(obj._meta.get_field(name).verbose_name) for name in fields]
            entries.append(HistoryEntry(record, fields, labels))
    return entries[:limit]


def task_history(task: Task, limit: int = 100) -> list[HistoryEntry]:
    """Changes to the task itself; status and percent follow progress reports and are left out."""
    return audit_trail(task, limit=limit, ignore=("status", "percent"))


# --- my tasks ----------------------------------------------------------------------------------


def my_task_periods(user, *, today: dt.date, horizon_days: int = 31) -> QuerySet[TaskPeriod]:
    """Open periods of issued plans' tasks that the units the user reports for lead or coordinate,
    that have started or start within ``horizon_days``, soonest due first."""
    ids = visible_unit_ids(user, Perm.UPDATE_PROGRESS)
    coordinated = Task.coordinating_units.through.objects.filter(unit_id__in=ids).values("task_id")
    return (
        TaskPeriod.objects.filter(task__plan__status__in=IN_FORCE)
        .exclude(status__in=CLOSED_STATUSES)
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=today + dt.timedelta(days=horizon_days)))
        .filter(
            Q(task__lead_unit__in=ids)
            | Q(task__lead_unit__isnull=True, task__plan__unit__in=ids)
            | Q(task__in=coordinated)
        )
        .select_related("task__plan__unit", "task__lead_unit", "task__area")
        .order_by(F("due_date").asc(nulls_last=True), "task__plan_id", "task__position")
    )


#: The filters of "Việc của tôi" (``?show=``) the home page links to.
MY_TASK_FILTERS = ("overdue", "due_soon", "review")


def my_task_list(user, *, today: dt.date, show: str = "") -> QuerySet[TaskPeriod] | list[TaskPeriod]:
    """"Việc của tôi", whole or filtered: ``overdue`` (open past the due date), ``due_soon`` (due
    within ``deadlines.DUE_SOON_DAYS`` working days) or ``review`` (``awaiting_review``). The home
    page counts exactly these rows."""
    periods = my_task_periods(user, today=today)
    if show == "overdue":
        # a due date moves to the next working day at most a few weeks (Tết): only past dates can be late
        return [p for p in periods.filter(due_date__lt=today) if p.is_overdue(today)]
    if show == "due_soon":
        window = periods.filter(due_date__gte=today - dt.timedelta(days=31), due_date__lte=today + dt.timedelta(days=62))
        return [p for p in window if p.is_due_soon(today)]
    if show == "review":
        return awaiting_review(user, periods)
    return periods


def awaiting_review(user, periods: QuerySet[TaskPeriod]) -> list[TaskPeriod]:
    """Periods of tasks the user's units lead where a coordinating unit reported after the lead's
    latest report (or the lead has not reported): the lead's progress sets the task's status
    (``rules.combine_units``), so the lead reviews what its coordinators sent and reports again."""
    leading = visible_unit_ids(user, Perm.UPDATE_PROGRESS)
    mine = [p for p in periods if p.task.responsible_unit_id in leading]
    last_by_unit: dict[int, dict[int, int]] = defaultdict(dict)
    rows = (ProgressUpdate.objects.filter(period__in=periods.order_by().values("pk"))
            .values("period_id", "unit_id").annotate(last=Max("pk")).order_by())
    for row in rows:
        last_by_unit[row["period_id"]][row["unit_id"]] = row["last"]
    result = []
    for period in mine:
        reports = last_by_unit.get(period.pk, {})
        lead = period.task.responsible_unit_id
        if any(last > reports.get(lead, 0) for unit_id, last in reports.items() if unit_id != lead):
            result.append(period)
    return result


# --- the home page ---------------------------------------------------------------------------


@dataclass
class AreaCompletion:
    """Tasks of one reform area: how many there are and how many are completed."""

    code: str
    name: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def unit_task_completion(user, *, unit: Unit, year: int) -> list[AreaCompletion]:
    """Task completion by reform area, in the national order, of the in-force plans of ``year`` of
    ``unit``, with the tasks ``unit`` leads in other plans (a division leads tasks of its department's plan)."""
    tasks = (Task.objects.visible_to(user, Perm.VIEW)
             .filter(plan__year=year, plan__status__in=IN_FORCE)
             .filter(Q(plan__unit=unit) | Q(lead_unit=unit))
             .values("area__code")
             .annotate(total=Count("pk", distinct=True),
                       done=Count("pk", filter=Q(status=TaskStatus.COMPLETED), distinct=True))
             .order_by())
    names = dict(ReformArea.choices)
    rows = [AreaCompletion(row["area__code"], str(names.get(row["area__code"], row["area__code"])), row["done"], row["total"])
            for row in tasks]
    return sorted(rows, key=lambda row: AREA_ORDER.get(row.code, len(AREA_ORDER)))


def unit_targets(user, *, unit: Unit, year: int) -> tuple[Plan | None, list[Target]]:
    """The in-force plan of ``year`` of ``unit`` or, for a unit without one (a division), of the nearest
    unit above it, and that plan's own targets with their measured values."""
    chain = [unit.pk, *UnitGraph.load().ancestors(unit.pk)]
    plans = {plan.unit_id: plan for plan in Plan.objects.visible_to(user, Perm.VIEW)
             .filter(unit__in=chain, year=year, status__in=IN_FORCE).select_related("unit").order_by("pk")}
    plan = next((plans[unit_id] for unit_id in chain if unit_id in plans), None)
    if plan is None:
        return None, []
    return plan, list(plan.targets.filter(is_suggestion=False).select_related("plan").order_by("pk"))


# --- cascade coverage -----------------------------------------------------------------------


@dataclass
class CoverageRow:
    task: Task
    copies: dict[int, Task]


@dataclass
class Coverage:
    units: list[Unit]
    rows: list[CoverageRow]

    @property
    def untaken(self) -> list[Task]:
        return [row.task for row in self.rows if not row.copies]


def plan_coverage(plan: Plan, user) -> Coverage:
    """For a superior plan: which subordinate units took up which task, and which tasks nobody took up.

    The subordinates are the units whose plans implement this plan, and those a task was assigned to.
    """
    tasks = list(plan.tasks.select_related("area").order_by("area__position", "position", "pk"))
    copies = Task.objects.visible_to(user, Perm.VIEW).filter(source_task__plan=plan).select_related("plan__unit")
    by_task: dict[int, dict[int, Task]] = defaultdict(dict)
    units = {p.unit_id: p.unit for p in plan.child_plans.visible_to(user, Perm.VIEW).select_related("unit")}
    for copy in copies:
        by_task[copy.source_task_id][copy.plan.unit_id] = copy
        units.setdefault(copy.plan.unit_id, copy.plan.unit)
    return Coverage(
        units=sorted(units.values(), key=lambda u: u.name),
        rows=[CoverageRow(task, by_task.get(task.pk, {})) for task in tasks],
    )


# --- snapshots for versions -------------------------------------------------------------------


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


HEADER_FIELDS = (
    "number", "title", "issued_on", "place", "signer_name", "signer_title", "legal_bases", "purpose", "requirements",
    "goals", "implementation",
)
TASK_SNAPSHOT_FIELDS = (
    "number", "title", "products", "lead_text", "coordinators_text", "timeframe", "due_date", "recurrence",
    "budget_source", "budget_amount",
)


def plan_snapshot(plan: Plan) -> dict:
    """The plan's content as plain JSON, kept with each version and compared by ``versions.diff_snapshots``."""
    header = {name: _plain(getattr(plan, name)) for name in HEADER_FIELDS}
    header["parent_plan"] = str(plan.parent_plan) if plan.parent_plan_id else ""
    tasks = {}
    for task in plan.tasks.select_related("area").prefetch_related("coordinating_units").order_by("area__position", "position"):
        row = {name: _plain(getattr(task, name)) for name in TASK_SNAPSHOT_FIELDS}
        row["area"] = str(task.area)
        row["coordinating_units"] = sorted(unit.name for unit in task.coordinating_units.all())
        tasks[str(task.pk)] = row
    return {
        "header": header,
        "areas": [{"code": a.code, "local_number": a.local_number, "title": a.title} for a in plan.areas.all()],
        "tasks": tasks,
        "targets": list(plan.targets.filter(is_suggestion=False).values_list("text", flat=True)),
    }


def plan_targets_and_suggestions(plan: Plan) -> tuple[list[Target], list[Target]]:
    """In one query: the plan's own targets, each marked ``by_hand`` when the unit reports its value
    (``cchc.indicators.binding.reported_by_hand``), and the targets inherited from the superior plan
    that the plan's unit has not accepted or dropped yet."""
    own, suggested = [], []
    for target in plan.targets.select_related("plan", "area", "source_target__plan__unit"):
        target.by_hand = reported_by_hand(target.metric_code)
        (suggested if target.is_suggestion else own).append(target)
    return own, suggested


def plan_targets(plan: Plan) -> list[Target]:
    """The plan's own targets (suggestions from the superior plan are listed apart)."""
    return plan_targets_and_suggestions(plan)[0]


def target_suggestions(plan: Plan) -> list[Target]:
    """Targets inherited from the superior plan that the plan's unit has not accepted or dropped yet."""
    return plan_targets_and_suggestions(plan)[1]


def latest_manual_measurement(*, target: Target, date_from: dt.date, date_to: dt.date) -> ManualMeasurement | None:
    """The latest value reported by hand for ``target`` for a period ending inside the window."""
    return (
        target.manual_measurements.filter(period_end__gte=date_from, period_end__lte=date_to)
        .select_related("evidence", "target")
        .order_by("-period_end", "-reported_at", "-pk")
        .first()
    )
