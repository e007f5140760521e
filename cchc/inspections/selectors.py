"""Reads over inspection plans, inspections and recommendations: lists in a user's reach, coverage, the
figures reports and indicators take from here, and what the Word documents show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from cchc.core import docx_render
from cchc.indicators.formulas import Ratio
from cchc.inspections import rules
from cchc.inspections.choices import (
    CoverageBasis,
    DecisionKind,
    InspectionStatus,
    ItemState,
    RemediationStatus,
    TemplateKind,
)
from cchc.inspections.models import (
    ChecklistAnswer,
    Inspection,
    InspectionPlan,
    InspectionTemplate,
    RemediationDecision,
    RemediationItem,
    RemediationUpdate,
)
from cchc.plans.choices import ReformArea, TaskStatus
from cchc.units.models import Unit, UnitKind
from cchc.units.roles import Perm
from cchc.units.scoping import UnitGraph, visible_unit_ids
from cchc.units.selectors import data_scopes

TEMPLATES = Path(__file__).resolve().parent / "templates_docx"
DEFAULT_TEMPLATES = {TemplateKind.MINUTE: TEMPLATES / "minute.docx", TemplateKind.CONCLUSION: TEMPLATES / "conclusion.docx"}


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# --- lists --------------------------------------------------------------------------------------


def plan_list(user, *, year: int | None = None, query: str = "") -> QuerySet[InspectionPlan]:
    plans = (
        InspectionPlan.objects.visible_to(user, Perm.VIEW)
        .select_related("unit")
        .annotate(
            planned_count=Count("inspections", distinct=True),
            done_count=Count("inspections", filter=Q(inspections__status=InspectionStatus.DONE), distinct=True),
        )
        .order_by("-year", "unit__name", "pk")
    )
    if year:
        plans = plans.filter(year=year)
    if query:
        plans = plans.filter(Q(unit__name__icontains=query) | Q(title__icontains=query))
    return plans


def plan_inspections(plan: InspectionPlan) -> list[Inspection]:
    return list(
        plan.inspections.select_related("unit", "team_lead")
        .annotate(
            finding_count=Count("findings", distinct=True),
            item_count=Count("items", distinct=True),
            open_count=Count("items", filter=Q(items__status=RemediationStatus.OPEN), distinct=True),
        )
        .order_by("planned_month", "inspected_on", "unit__name", "pk")
    )


def inspection_detail(inspection: Inspection) -> dict:
    """The inspection page: the checklist with its answers, the findings with their recommendations."""
    answers = {a.item_id: a for a in inspection.answers.select_related("evidence")}
    checklist = [(item, answers.get(item.pk)) for item in inspection.plan.checklist.all()]
    findings = list(inspection.findings.prefetch_related(
        Prefetch("items", queryset=RemediationItem.objects.select_related("unit"))))
    loose = list(inspection.items.filter(finding__isnull=True).select_related("unit"))
    return {"checklist": checklist, "findings": findings, "loose_items": loose}


def item_list(user, *, state: str = "", side: str = "", unit: Unit | None = None, today: dt.date | None = None):
    """Recommendations in reach, soonest due first. ``side`` = "assigned": those the user's units must carry
    out (units he reports progress for); "issued": those of inspections his units ran (units he edits for).
    ``state``: open, overdue (open past its working-day due date), awaiting (reported completed, not yet
    closed) or closed."""
    today = today or timezone.localdate()
    items = RemediationItem.objects.visible_to(user, Perm.VIEW).select_related("unit", "inspection__plan__unit")
    if side == "assigned":
        items = items.filter(unit__in=visible_unit_ids(user, Perm.UPDATE_PROGRESS))
    elif side == "issued":
        items = items.filter(inspection__plan__unit__in=visible_unit_ids(user, Perm.EDIT))
    if unit is not None:
        items = items.filter(Q(unit=unit) | Q(inspection__plan__unit=unit))
    if state == ItemState.CLOSED:
        items = items.filter(status=RemediationStatus.CLOSED)
    elif state in (ItemState.OPEN, ItemState.OVERDUE, ItemState.AWAITING):
        items = items.filter(status=RemediationStatus.OPEN)
    if state == ItemState.AWAITING:
        items = items.filter(progress=TaskStatus.COMPLETED)
    items = items.order_by("due_date", "pk")
    if state == ItemState.OVERDUE:
        return [item for item in items.filter(due_date__lt=today) if item.is_overdue(today)]
    return list(items)


def item_history(item: RemediationItem) -> dict:
    updates = list(item.updates.select_related("unit", "created_by").prefetch_related("evidence"))
    decisions = list(item.decisions.select_related("evidence", "created_by"))
    return {"updates": updates, "decisions": decisions}


def item_has_evidence(item: RemediationItem) -> bool:
    return RemediationUpdate.evidence.through.objects.filter(remediationupdate__item=item).exists() or (
        item.decisions.filter(evidence__isnull=False).exists()
    )


def users_for_team(unit: Unit, user=None) -> QuerySet:
    """People who can sit on an inspection team of ``unit``: those holding a role today on it or a unit
    in its reach (limited to the units ``user`` reaches, so a form lists nobody beyond them)."""
    from django.contrib.auth import get_user_model

    from cchc.units.models import Membership

    reach = UnitGraph.load().reach([unit.pk])
    if user is not None:
        reach &= visible_unit_ids(user, Perm.VIEW)
    members = Membership.objects.valid_on(timezone.localdate()).filter(unit_id__in=reach).values("user_id")
    return get_user_model().objects.filter(pk__in=members, is_active=True).order_by("full_name", "username")


def units_to_inspect(plan_unit: Unit, year: int, user=None) -> QuerySet[Unit]:
    """Units an inspection plan of ``plan_unit`` may inspect: those in its reach (below it, and merged into
    those) that existed in ``year``, limited to what ``user`` reaches."""
    reach = UnitGraph.load().reach([plan_unit.pk]) - {plan_unit.pk}
    if user is not None:
        reach &= visible_unit_ids(user, Perm.VIEW)
    return Unit.objects.filter(pk__in=reach).overlapping(*_year(year)).order_by("name")


def linkable_tasks(unit: Unit, year: int):
    """Tasks of issued reform plans of ``year`` that ``unit`` answers for (its own plan's, or a superior
    plan's task it leads or coordinates): an inspection plan may follow one of them."""
    from cchc.plans.choices import PlanStatus
    from cchc.plans.models import Task

    return (
        Task.objects.filter(plan__year=year, plan__status__in=[PlanStatus.ISSUED, PlanStatus.AMENDED], children__isnull=True)
        .filter(Q(plan__unit=unit) | Q(lead_unit=unit) | Q(coordinating_units=unit))
        .select_related("plan")
        .distinct()
        .order_by("plan__year", "plan_id", "position", "pk")
    )


# --- coverage -------------------------------------------------------------------------------------


def expected_units(*, unit: Unit, basis: str, on: dt.date) -> list[Unit]:
    """The units an inspection plan of ``unit`` must cover, as they stand on ``on``: those directly below it
    (only its divisions, for that basis)."""
    units = Unit.objects.filter(parent=unit).valid_on(on)
    if basis == CoverageBasis.DIVISIONS:
        units = units.filter(kind=UnitKind.DIVISION)
    return list(units.order_by("name"))


@dataclass
class CoverageRow:
    unit: Unit
    inspected: bool
    planned: bool
    #: the units merged into it whose inspection counts for it
    predecessors: list[Unit] = field(default_factory=list)


@dataclass
class PlanCoverage:
    rows: list[CoverageRow]
    ratio: Ratio
    planned: Ratio
    target: object
    meets: bool | None


def plan_coverage(plan: InspectionPlan, *, on: dt.date | None = None) -> PlanCoverage:
    """Live coverage of an inspection plan for its year: expected units inspected (through the plan's
    carried-out inspections), and planned, over expected units. A unit merged during the year counts
    through its successor."""
    first, last = _year(plan.year)
    date_to = min(last, on) if on else last
    date_to = max(date_to, first)
    expected = expected_units(unit=plan.unit, basis=plan.coverage_basis, on=date_to)
    scopes = data_scopes(units=expected, date_from=first, date_to=date_to, subtree=False)
    counting = {unit.pk: set(scopes[unit.pk].ids) for unit in expected}
    inspections = list(plan.inspections.values_list("unit_id", "status", "inspected_on"))
    done = {u for u, status, day in inspections if status == InspectionStatus.DONE and day and day <= date_to}
    planned = {u for u, _status, _day in inspections}
    covered = rules.covered_units(counting, done)
    planned_covered = rules.covered_units(counting, planned)
    names = {u.pk: u for u in Unit.objects.filter(pk__in={pk for ids in counting.values() for pk in ids})}
    rows = [CoverageRow(unit=unit, inspected=unit.pk in covered, planned=unit.pk in planned_covered,
                        predecessors=[names[pk] for pk in sorted(counting[unit.pk] - {unit.pk}) if pk in names])
            for unit in expected]
    ratio = Ratio(len(covered), len(expected))
    return PlanCoverage(rows=rows, ratio=ratio, planned=Ratio(len(planned_covered), len(expected)),
                        target=plan.coverage_target, meets=rules.meets(ratio, plan.coverage_target))


def _inspecting_scopes(units: list[Unit], date_from: dt.date, date_to: dt.date) -> dict[int, set[int]]:
    """For each unit, the inspecting units whose inspections are its own: itself and the units merged into it."""
    return {pk: set(scope.ids) for pk, scope in data_scopes(units=units, date_from=date_from, date_to=date_to,
                                                              subtree=False).items()}


def coverage_ratios(units: Iterable[Unit], date_from: dt.date, date_to: dt.date) -> dict[int, Ratio | None]:
    """The ``inspection_coverage`` metric: for each unit, the units expected by its inspection plan (those
    directly below it, or its divisions, as the plan of the window's last year says) inspected by it during
    the window, over the units expected. ``None`` when the unit has neither an inspection plan for the
    window's years nor an inspection carried out in it."""
    units = list(units)
    scopes = _inspecting_scopes(units, date_from, date_to)
    inspecting_ids = {pk for ids in scopes.values() for pk in ids}
    bases = dict(
        InspectionPlan.objects.filter(unit__in=[u.pk for u in units], year__gte=date_from.year, year__lte=date_to.year)
        .order_by("year").values_list("unit_id", "coverage_basis")
    )
    done = list(
        Inspection.objects.filter(status=InspectionStatus.DONE, inspected_on__gte=date_from, inspected_on__lte=date_to,
                                  plan__unit__in=inspecting_ids).values_list("plan__unit_id", "unit_id")
    )
    below: dict[int, list[Unit]] = {}
    for child in Unit.objects.filter(parent__in=[u.pk for u in units]).valid_on(date_to).order_by("name"):
        below.setdefault(child.parent_id, []).append(child)
    expected = {
        u.pk: [c for c in below.get(u.pk, []) if bases.get(u.pk) != CoverageBasis.DIVISIONS or c.kind == UnitKind.DIVISION]
        for u in units
    }
    counted = data_scopes(units=[e for group in expected.values() for e in group], date_from=date_from, date_to=date_to,
                          subtree=False)
    result: dict[int, Ratio | None] = {}
    for unit in units:
        inspected = {target for inspector, target in done if inspector in scopes[unit.pk]}
        if unit.pk not in bases and not inspected:
            result[unit.pk] = None
            continue
        counting = {e.pk: counted[e.pk].ids for e in expected[unit.pk]}
        result[unit.pk] = rules.coverage_ratio(counting, inspected)
    return result


def closed_on(item_ids: Iterable[int], day: dt.date) -> dict[int, dt.date]:
    """For the items closed at the end of ``day`` (their last closure or reopening up to then closed them), the
    date of that closure: a recommendation reopened later still counts as closed on the days before."""
    last: dict[int, tuple[str, dt.date]] = {}
    decisions = (RemediationDecision.objects.filter(item_id__in=list(item_ids), decided_on__lte=day)
                 .order_by("decided_on", "pk").values_list("item_id", "kind", "decided_on"))
    for item_id, kind, decided in decisions:
        last[item_id] = (kind, decided)
    return {item_id: decided for item_id, (kind, decided) in last.items() if kind == DecisionKind.CLOSE}


def closure_ratios(units: Iterable[Unit], date_from: dt.date, date_to: dt.date) -> dict[int, Ratio | None]:
    """The ``remediation_closure_share`` metric: of the recommendations from a unit's inspections that fell
    due during the window, the share closed on its last day. ``None`` when none fell due."""
    units = list(units)
    scopes = _inspecting_scopes(units, date_from, date_to)
    rows = list(
        RemediationItem.objects.filter(due_date__gte=date_from, due_date__lte=date_to,
                                       inspection__plan__unit__in={pk for ids in scopes.values() for pk in ids})
        .values_list("pk", "inspection__plan__unit_id")
    )
    closed = closed_on([pk for pk, _unit in rows], date_to)
    result: dict[int, Ratio | None] = {}
    for unit in units:
        mine = [pk for pk, inspector in rows if inspector in scopes[unit.pk]]
        result[unit.pk] = Ratio(sum(1 for pk in mine if pk in closed), len(mine)) if mine else None
    return result


@dataclass(frozen=True)
class ReportSummary:
    """What a periodic report says about the unit's inspections over its data window."""

    inspections_done: int
    units_inspected: int
    coverage: Ratio
    #: closed during the window (and not reopened by its last day)
    items_closed: int
    #: open on the window's last day
    items_open: int
    items_overdue: int


def report_summary(*, unit: Unit, date_from: dt.date, date_to: dt.date) -> ReportSummary | None:
    """The unit's inspections carried out in the window, the units they covered, the recommendations of its
    inspections closed during the window, and those still open (and overdue) on its last day; ``None`` when it
    has no inspection data."""
    scope = _inspecting_scopes([unit], date_from, date_to)[unit.pk]
    done = Inspection.objects.filter(status=InspectionStatus.DONE, inspected_on__gte=date_from, inspected_on__lte=date_to,
                                     plan__unit__in=scope)
    has_plan = InspectionPlan.objects.filter(unit__in=scope, year__gte=date_from.year, year__lte=date_to.year).exists()
    if not has_plan and not done.exists():
        return None
    items = list(RemediationItem.objects.filter(inspection__plan__unit__in=scope, inspection__inspected_on__lte=date_to))
    closure = closed_on([i.pk for i in items], date_to)
    closed = [i for i in items if i.pk in closure and closure[i.pk] >= date_from]
    still_open = [i for i in items if i.pk not in closure]
    from cchc.plans import deadlines

    calendar = deadlines.work_calendar()
    return ReportSummary(
        inspections_done=done.count(),
        units_inspected=done.values("unit_id").distinct().count(),
        coverage=coverage_ratios([unit], date_from, date_to)[unit.pk] or Ratio(0, 0),
        items_closed=len(closed),
        items_open=len(still_open),
        items_overdue=sum(1 for i in still_open if deadlines.is_late(i.due_date, date_to, calendar)),
    )


# --- the unit page --------------------------------------------------------------------------------


def unit_inspections(user, unit: Unit) -> dict:
    """A unit's page: the inspections it received and those it ran, and the open recommendations either way."""
    visible = Inspection.objects.visible_to(user, Perm.VIEW).select_related("plan__unit", "unit")
    items = RemediationItem.objects.visible_to(user, Perm.VIEW).open().select_related("unit", "inspection__plan__unit")
    return {
        "received": list(visible.filter(unit=unit).order_by("-plan__year", "inspected_on", "pk")),
        "ran": list(visible.filter(plan__unit=unit).order_by("-plan__year", "planned_month", "pk")),
        "assigned": list(items.filter(unit=unit).order_by("due_date", "pk")),
        "issued": list(items.filter(inspection__plan__unit=unit).order_by("due_date", "pk")),
        "plans": list(InspectionPlan.objects.visible_to(user, Perm.VIEW).filter(unit=unit).order_by("-year")),
    }


# --- Word and Excel -------------------------------------------------------------------------------


def template_for(unit: Unit, kind: str) -> InspectionTemplate | None:
    """The newest template of ``kind`` uploaded for the unit or the nearest unit above it."""
    chain = [unit.pk, *UnitGraph.load().ancestors(unit.pk)]
    templates = {}
    for template in InspectionTemplate.objects.filter(unit_id__in=chain, kind=kind).order_by("-uploaded_at", "-pk"):
        templates.setdefault(template.unit_id, template)
    return next((templates[pk] for pk in chain if pk in templates), None)


def template_bytes(unit: Unit, kind: str) -> bytes:
    template = template_for(unit, kind)
    if template is not None:
        return docx_render.stored_bytes(template.file)
    return DEFAULT_TEMPLATES[kind].read_bytes()


def _agency(unit: Unit | None) -> str:
    from cchc.documents.exports import agency_name

    return agency_name(unit.name, unit.kind) if unit is not None else ""


def _person(user) -> str:
    return (user.full_name or user.username) if user is not None else ""


def document_context(inspection: Inspection) -> dict:
    """What the minute and the conclusion notice show, as plain values (the templates are user-editable)."""
    from cchc.documents import layout

    plan, unit = inspection.plan, inspection.plan.unit
    detail = inspection_detail(inspection)
    results = dict(ChecklistAnswer._meta.get_field("result").choices)
    areas = dict(ReformArea.choices)
    lead = inspection.team_lead
    members = [u for u in inspection.team.all().order_by("full_name", "username") if lead is None or u.pk != lead.pk]
    recommendations = []
    for item in [i for f in detail["findings"] for i in f.items.all()] + detail["loose_items"]:
        recommendations.append({"no": len(recommendations) + 1, "text": item.text, "unit": item.unit.name,
                                "due": f"{item.due_date:%d/%m/%Y}",
                                "days": item.due_working_days or ""})
    day = inspection.inspected_on
    symbol = (plan.number.split("/", 1)[1] if "/" in plan.number else "KH").replace("KH", "TB", 1)
    return {
        "parent_name": _agency(unit.parent) if unit.parent_id else "",
        "unit_name": unit.name.upper(),
        "inspected_name": inspection.unit.name,
        "number": inspection.conclusion_number or f"      /{symbol}",
        "place_date": layout.place_and_date(_place(unit), inspection.conclusion_date, plan.year),
        "minute_place_date": layout.place_and_date(_place(unit), day, plan.year),
        "date": f"{day:%d/%m/%Y}" if day else "",
        "plan_title": str(plan),
        "plan_number": plan.number,
        "year": plan.year,
        "lead": _person(lead),
        "lead_title": "Trưởng đoàn",
        "members": [_person(m) for m in members],
        "checklist": [
            {"no": n, "area": areas.get(item.area, ""), "text": item.text,
             "result": str(results.get(answer.result, "")) if answer else "", "note": answer.note if answer else ""}
            for n, (item, answer) in enumerate(detail["checklist"], 1)
        ],
        "summary": [line.strip() for line in inspection.summary.splitlines() if line.strip()],
        "findings": [{"no": n, "text": f.text} for n, f in enumerate(detail["findings"], 1)],
        "recommendations": recommendations,
        "recipients": [f"- {inspection.unit.name};", "- Lưu: VT."],
        "signer_title": (inspection.signer_title or "").upper(),
        "signer_name": inspection.signer_name,
    }


def _place(unit: Unit) -> str:
    from cchc.reporting.selectors import default_place

    return default_place(unit)


def export_rows(user, *, unit: Unit | None = None) -> tuple[list[list], list[list]]:
    """The rows of the Excel file: every inspection in reach, and every open recommendation."""
    inspections = (
        Inspection.objects.visible_to(user, Perm.VIEW)
        .select_related("plan__unit", "unit", "team_lead")
        .annotate(finding_count=Count("findings", distinct=True), item_count=Count("items", distinct=True),
                  closed_count=Count("items", filter=Q(items__status=RemediationStatus.CLOSED), distinct=True))
        .order_by("-plan__year", "plan__unit__name", "planned_month", "pk")
    )
    if unit is not None:
        inspections = inspections.filter(Q(unit=unit) | Q(plan__unit=unit))
    statuses = dict(InspectionStatus.choices)
    first = [
        [n, i.plan.year, i.plan.unit.name, i.unit.name, i.planned_month, i.inspected_on, str(statuses[i.status]),
         _person(i.team_lead), i.finding_count, i.item_count, i.closed_count]
        for n, i in enumerate(inspections, 1)
    ]
    today = timezone.localdate()
    items = item_list(user, state=ItemState.OPEN, unit=unit)
    progress = dict(TaskStatus.choices)
    second = [
        [n, i.unit.name, i.inspection.plan.unit.name, i.inspection.inspected_on, i.text, i.due_date,
         str(progress[i.progress]), i.percent, "x" if i.is_overdue(today) else ""]
        for n, i in enumerate(items, 1)
    ]
    return first, second


def decisions_of(item: RemediationItem) -> QuerySet[RemediationDecision]:
    return item.decisions.select_related("evidence", "created_by")
