"""Writes over plans, tasks, targets and progress.

Each service validates, writes in one transaction and names ``actor`` for the audit trail
(django-simple-history). Errors are ``ValidationError``s keyed by the field, in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cchc.core.uploads import UploadPolicy, validate_upload
from cchc.indicators.binding import bind, reported_by_hand
from cchc.notifications.services import notify
from cchc.plans import deadlines, rules, selectors
from cchc.plans.choices import CLOSED_STATUSES, PlanStatus, ReformArea, ReminderKind, TaskStatus, VersionKind
from cchc.plans.models import (
    Evidence,
    ManualMeasurement,
    Plan,
    PlanArea,
    PlanVersion,
    ProgressUpdate,
    Reminder,
    Target,
    Task,
    TaskPeriod,
)
from cchc.plans.targets import parse_target
from cchc.plans.timeframe import parse_timeframe
from cchc.units.models import Membership, Unit
from cchc.units.roles import Perm, Role, roles_with
from cchc.units.scoping import UnitGraph

#: Evidence files: office documents, scans and archives, never HTML or scripts; 20 MB each.
EVIDENCE_POLICY = UploadPolicy(
    extensions=frozenset({".pdf", ".docx", ".doc", ".xlsx", ".xls", ".png", ".jpg", ".jpeg", ".zip"}),
    max_bytes=20 * 1024 * 1024,
)
PLAN_FIELDS = ("title", "number", "place", "parent_plan", "legal_bases", "purpose", "requirements", "goals", "implementation")


def _d(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


def _save(obj, actor, **kwargs) -> None:
    obj._history_user = actor
    obj.save(**kwargs)
    plan_touch(*_shown_in(obj))


def _shown_in(obj) -> list[int]:
    """Ids of the plans whose task table shows ``obj``: its own plan, and for a task taken up from a
    superior plan's task, that plan too (its "taken up by" count)."""
    if isinstance(obj, Plan):  # the plans below show its number or title next to the tasks they took up
        return [obj.pk, *Task.objects.filter(source_task__plan=obj).values_list("plan_id", flat=True).distinct()]
    if isinstance(obj, PlanArea):
        return [obj.plan_id]
    if isinstance(obj, Task):
        source = Task.objects.filter(pk=obj.source_task_id).values_list("plan_id", flat=True).first() if obj.source_task_id else None
        return [obj.plan_id, source] if source else [obj.plan_id]
    if isinstance(obj, TaskPeriod):
        return list(Task.objects.filter(pk=obj.task_id).values_list("plan_id", flat=True))
    if isinstance(obj, ProgressUpdate):
        return list(Task.objects.filter(periods=obj.period_id).values_list("plan_id", flat=True))
    return []


def plan_touch(*plan_ids: int) -> None:
    """Mark the plans' task tables as changed (``Plan.content_version``): every write the plans services
    make to a plan, its areas, tasks, periods or progress goes through ``_save`` and calls this."""
    ids = {pk for pk in plan_ids if pk is not None}
    if ids:
        Plan.objects.filter(pk__in=ids).update(content_version=F("content_version") + 1)


def _unit_exists_in(unit: Unit, year: int) -> bool:
    return unit.valid_from <= dt.date(year, 12, 31) and (unit.valid_to is None or unit.valid_to >= dt.date(year, 1, 1))


# --- plans ------------------------------------------------------------------------------------


def _check_parent_plan(plan: Plan) -> None:
    parent = plan.parent_plan
    if parent is None:
        return
    if parent.year != plan.year:
        raise ValidationError({"parent_plan": _("The superior plan is for {year}; choose a plan of {plan_year}.").format(
            year=parent.year, plan_year=plan.year)})
    if parent.unit_id not in UnitGraph.load().ancestors(plan.unit_id):
        raise ValidationError({"parent_plan": _("{unit} is not above {own}; choose the plan of a superior unit.").format(
            unit=parent.unit.name, own=plan.unit.name)})


def _clean_legal_bases(value) -> list[dict]:
    """A list of cited documents, each a dict with at least a number."""
    if not isinstance(value, list) or not all(isinstance(item, dict) and str(item.get("number", "")).strip() for item in value):
        raise ValidationError({"legal_bases": _("Each legal basis needs at least a document number.")})
    return [{key: str(item.get(key) or "").strip() for key in ("kind", "number", "date", "issuer", "title")} for item in value]


def existing_plan(*, unit: Unit, year: int) -> Plan | None:
    """The plan ``unit`` already has for ``year`` (one plan per unit and year; changes are amendments)."""
    return Plan.objects.filter(unit=unit, year=year).order_by("pk").first()


@transaction.atomic
def plan_create(*, unit: Unit, year: int, title: str, actor, **fields) -> Plan:
    """A draft plan of ``unit`` for ``year``; ``fields`` are any of ``PLAN_FIELDS``.

    A unit has one plan a year: when it already has one, that plan is changed (a draft edited, an
    issued plan amended, ``plan_amend``) and no second plan is created.
    """
    # serialise creations for the unit so two requests cannot both pass the check
    list(Unit.objects.select_for_update().filter(pk=unit.pk).values_list("pk"))
    current = existing_plan(unit=unit, year=year) if year is not None else None
    if current is not None:
        state = _("issued") if not current.is_draft else _("a draft")
        raise ValidationError({"year": _(
            "{unit} already has a plan for {year} ({plan}, {state}); a unit has one plan a year. Open that plan and "
            "change it: an issued plan is changed by an amendment.").format(
            unit=unit.name, year=year, plan=current.number or current.title, state=state)})
    plan = Plan(unit=unit, year=year, title=title.strip())
    return _plan_write(plan, fields, actor)


@transaction.atomic
def plan_update(*, plan: Plan, actor, **fields) -> Plan:
    """Change the plan's header and narrative sections. Changes to an issued plan wait for an amendment."""
    return _plan_write(plan, fields, actor)


def _plan_write(plan: Plan, fields: dict, actor) -> Plan:
    linked_before = Plan.objects.filter(pk=plan.pk).values_list("parent_plan_id", flat=True).first() if plan.pk else None
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"unknown plan fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(plan, name, value.strip() if isinstance(value, str) else value)
    plan.legal_bases = _clean_legal_bases(plan.legal_bases or [])
    plan.full_clean()
    if not _unit_exists_in(plan.unit, plan.year):
        raise ValidationError({"year": _("{unit} did not exist in {year}.").format(unit=plan.unit.name, year=plan.year)})
    _check_parent_plan(plan)
    _save(plan, actor)
    if plan.parent_plan_id is not None and plan.parent_plan_id != linked_before:
        _suggest_targets(plan, actor)
    return plan


def _lock(plan: Plan) -> None:
    """Hold the plan's row until the transaction ends and read its current state into ``plan``."""
    list(Plan.objects.select_for_update().filter(pk=plan.pk).values_list("pk"))
    plan.refresh_from_db()


def _record_version(*, plan: Plan, kind: str, decision_number: str, decided_on: dt.date, note: str, actor) -> PlanVersion:
    latest = plan.versions.order_by("-number").first()
    if latest is not None and decided_on < latest.decided_on:
        raise ValidationError({"decided_on": _("Version {n} was decided on {date}; an amendment cannot be dated earlier.").format(
            n=latest.number, date=_d(latest.decided_on))})
    version = PlanVersion(
        plan=plan,
        number=(latest.number + 1) if latest else 1,
        kind=kind,
        decision_number=decision_number,
        decided_on=decided_on,
        note=note.strip(),
        snapshot=selectors.plan_snapshot(plan),
        created_by=actor,
    )
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def plan_issue(*, plan: Plan, number: str, issued_on: dt.date, signer_title: str, actor, signer_name: str = "") -> PlanVersion:
    """Issue a draft plan: it gets its number, date and signer, version 1 is kept, progress can start.

    The signer's name may be missing (a scanned plan whose signature block shows only the title).
    """
    _lock(plan)
    if not plan.is_draft:
        raise ValidationError({"number": _("The plan was already issued; record an amendment instead.")})
    errors = {}
    for name, value, message in (
        ("number", number, _("Give the plan's number and symbol, e.g. 120/KH-SXD.")),
        ("signer_title", signer_title, _("Give the signer's title, e.g. Giám đốc.")),
    ):
        if not (value or "").strip():
            errors[name] = message
    if issued_on is None:
        errors["issued_on"] = _("Give the issue date.")
    elif not plan.year - 1 <= issued_on.year <= plan.year:
        errors["issued_on"] = _("A plan for {year} is issued in {year} or at the end of the year before.").format(year=plan.year)
    if not plan.tasks.exists():
        errors["number"] = _("The plan has no task yet.")
    if errors:
        raise ValidationError(errors)
    plan.number, plan.issued_on = number.strip(), issued_on
    plan.signer_name, plan.signer_title = (signer_name or "").strip(), signer_title.strip()
    plan.status = PlanStatus.ISSUED
    plan.full_clean()
    _save(plan, actor)
    return _record_version(plan=plan, kind=VersionKind.ISSUE, decision_number=plan.number, decided_on=issued_on, note="",
                           actor=actor)


@transaction.atomic
def plan_amend(*, plan: Plan, decision_number: str, decided_on: dt.date, actor, note: str = "") -> PlanVersion:
    """Record an amendment (sửa đổi, bổ sung) of an issued plan: the current content becomes a new version."""
    _lock(plan)
    if plan.is_draft:
        raise ValidationError({"decision_number": _("A draft plan is issued, not amended.")})
    if not (decision_number or "").strip():
        raise ValidationError({"decision_number": _("Give the number of the decision that amends the plan.")})
    if decided_on is None:
        raise ValidationError({"decided_on": _("Give the date of the amending decision.")})
    plan.status = PlanStatus.AMENDED
    _save(plan, actor)
    return _record_version(plan=plan, kind=VersionKind.AMENDMENT, decision_number=decision_number.strip(),
                           decided_on=decided_on, note=note, actor=actor)


# --- areas and tasks ----------------------------------------------------------------------------


@transaction.atomic
def area_create(*, plan: Plan, code: str, title: str, actor, local_number: str = "") -> PlanArea:
    """Add a reform area to the plan, as the plan numbers and names it (its standard name when the title is
    empty or a code: a code is never shown where a name belongs)."""
    position = (plan.areas.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    title = str(title or "").strip()
    if (not title or title in ReformArea.values) and code in ReformArea.values:
        title = str(ReformArea(code).label)
    area = PlanArea(plan=plan, code=code, title=title, local_number=local_number.strip(), position=position)
    area.full_clean()
    _save(area, actor)
    return area


TASK_FIELDS = (
    "area", "title", "number", "parent", "products", "lead_unit", "lead_text", "coordinators_text", "timeframe",
    "due_date", "recurrence", "budget_source", "budget_amount", "source_task",
)


@transaction.atomic
def task_create(*, plan: Plan, area: PlanArea, title: str, actor, coordinating_units: Sequence[Unit] = (), **fields) -> Task:
    """Add a task to the plan. Without ``due_date`` and ``recurrence`` they are read from ``timeframe``."""
    position = (plan.tasks.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    task = Task(plan=plan, area=area, title=title, position=position)
    return _task_write(task, {**fields, "area": area, "title": title}, coordinating_units, actor)


@transaction.atomic
def task_update(*, task: Task, actor, coordinating_units: Sequence[Unit] | None = None, **fields) -> Task:
    """Change a task. A changed ``timeframe`` is read again unless ``due_date``/``recurrence`` are given."""
    if coordinating_units is None:
        coordinating_units = list(task.coordinating_units.all())
    if "timeframe" in fields and fields["timeframe"] != task.timeframe:
        fields.setdefault("due_date", None)
        fields.setdefault("recurrence", None)
    return _task_write(task, fields, coordinating_units, actor)


def _read_timeframe(task: Task, fields: dict) -> None:
    """Fill due date and recurrence from the timeframe text when they are not given; flag what it cannot read."""
    given_due, given_recurrence = fields.get("due_date", task.due_date), fields.get("recurrence", task.recurrence)
    task.timeframe_needs_review, task.timeframe_review_reason = False, ""
    if given_due is None and not given_recurrence and task.timeframe:
        reading = parse_timeframe(task.timeframe, year=task.plan.year)
        if reading.needs_review:
            task.timeframe_needs_review, task.timeframe_review_reason = True, reading.reason[:255]
        task.due_date, task.recurrence = reading.due, (reading.recurrence or "")
        task._due_from_timeframe = True
    else:
        task.due_date, task.recurrence = given_due, given_recurrence or ""


def _task_write(task: Task, fields: dict, coordinating_units: Sequence[Unit], actor) -> Task:
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise TypeError(f"unknown task fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name not in ("due_date", "recurrence"):
            setattr(task, name, value.strip() if isinstance(value, str) else value)
    task.products = _clean_products(task.products)
    _read_timeframe(task, fields)
    if task.lead_unit is not None and not task.lead_text:
        task.lead_text = task.lead_unit.name
    task.full_clean(validate_constraints=False)
    coordinators = list({unit.pk: unit for unit in coordinating_units}.values())
    _check_task(task, coordinators)
    _save(task, actor)
    task.coordinating_units.set(coordinators)
    _sync_periods(task, actor)
    _refresh_status(task, actor)
    return task


def _clean_products(products) -> list[str]:
    if isinstance(products, str):
        products = products.replace(";", "\n").splitlines()
    return [str(p).strip() for p in products or [] if str(p).strip()]


def _check_task(task: Task, coordinators: list[Unit]) -> None:
    plan = task.plan
    if task.area.plan_id != plan.pk:
        raise ValidationError({"area": _("The area belongs to another plan.")})
    if task.parent is not None and (task.parent.plan_id != plan.pk or task.parent.parent_id is not None or task.parent.pk == task.pk):
        raise ValidationError({"parent": _("The general task must be a top-level task of the same plan.")})
    first, last = rules.due_date_range(plan.year)
    if task.due_date is not None and not first <= task.due_date <= last:
        field = "timeframe" if getattr(task, "_due_from_timeframe", False) else "due_date"
        raise ValidationError({field: _("The due date {date} is outside the plan year {year} (allowed from {first} to {last}).").format(
            date=_d(task.due_date), year=plan.year, first=_d(first), last=_d(last))})
    reach = UnitGraph.load().reach([plan.unit_id])
    if task.lead_unit is not None:
        if task.lead_unit.pk not in reach:
            raise ValidationError({"lead_unit": _("{unit} is outside {plan_unit}; the lead must be {plan_unit} or a unit below it.").format(
                unit=task.lead_unit.name, plan_unit=plan.unit.name)})
        if not _unit_exists_in(task.lead_unit, plan.year):
            raise ValidationError({"lead_unit": _("{unit} did not exist in {year}.").format(unit=task.lead_unit.name, year=plan.year)})
    lead_id = task.lead_unit_id or plan.unit_id
    for unit in coordinators:
        if unit.pk == lead_id:
            raise ValidationError({"coordinating_units": _("{unit} leads the task; it cannot also coordinate it.").format(unit=unit.name)})
        if not _unit_exists_in(unit, plan.year):
            raise ValidationError({"coordinating_units": _("{unit} did not exist in {year}.").format(unit=unit.name, year=plan.year)})
    if task.source_task is not None:
        _check_source_task(task)


def _check_source_task(task: Task) -> None:
    source = task.source_task
    if source.plan.year != task.plan.year or source.plan.unit_id not in UnitGraph.load().ancestors(task.plan.unit_id):
        raise ValidationError({"source_task": _("The task taken up must come from a {year} plan of a superior unit.").format(
            year=task.plan.year)})
    if Task.objects.filter(plan=task.plan, source_task=source).exclude(pk=task.pk).exists():
        raise ValidationError({"source_task": _("The plan has already taken up this task.")})


def _sync_periods(task: Task, actor) -> None:
    """One period per month/quarter/half of a recurring task, else one; periods with reports are kept."""
    # from the database, not a prefetched cache: the caller's (the API view's) is stale from here on
    getattr(task, "_prefetched_objects_cache", {}).pop("periods", None)
    existing = {period.label: period for period in TaskPeriod.objects.filter(task=task)}
    for spec in deadlines.task_periods(task.recurrence, task.due_date, task.plan.year):
        period = existing.pop(spec.label, None) or TaskPeriod(task=task, label=spec.label)
        if period.pk is None or (period.starts_on, period.due_date) != (spec.starts_on, spec.due_date):
            period.starts_on, period.due_date = spec.starts_on, spec.due_date
            _save(period, actor)
    for leftover in existing.values():
        if not leftover.updates.exists():
            leftover.delete()


def _refresh_status(task: Task, actor) -> None:
    """Recompute each period's and the task's status from the lead unit's latest report (``rules.combine_units``)."""
    latest: dict[tuple[int, int], rules.UnitProgress] = {}
    for update in ProgressUpdate.objects.filter(period__task=task).order_by("reported_on", "pk"):
        latest[(update.period_id, update.unit_id)] = rules.UnitProgress(update.status, update.percent, update.reported_on)
    lead = task.responsible_unit_id
    combined_periods = []
    for period in task.periods.all():
        combined = rules.combine_units(latest.get((period.pk, lead)))
        combined_periods.append(combined)
        if (period.status, period.percent, period.completed_on) != (combined.status, combined.percent, combined.completed_on):
            period.status, period.percent, period.completed_on = combined.status, combined.percent, combined.completed_on
            _save(period, actor)
    combined = rules.combine_periods(combined_periods)
    if (task.status, task.percent) != (combined.status, combined.percent):
        task.status, task.percent = combined.status, combined.percent
        _save(task, actor, update_fields=["status", "percent"])


# --- cascade ------------------------------------------------------------------------------------


def _plan_below(*, unit: Unit, source_plan: Plan, actor) -> Plan:
    """The unit's plan for the year that implements ``source_plan`` (a draft is opened when there is none)."""
    plans = Plan.objects.filter(unit=unit, year=source_plan.year).order_by("-pk")
    plan = plans.filter(parent_plan=source_plan).first() or plans.first()
    if plan is None:
        return plan_create(unit=unit, year=source_plan.year, title=f"Cải cách hành chính năm {source_plan.year}",
                           parent_plan=source_plan, actor=actor)
    if plan.parent_plan_id is None:
        plan.parent_plan = source_plan
        _save(plan, actor, update_fields=["parent_plan"])
        _suggest_targets(plan, actor)
    return plan


def _area_like(plan: Plan, area: PlanArea, actor) -> PlanArea:
    """The plan's area with the same code, or a new one numbered after the plan's last area."""
    return plan.areas.filter(code=area.code).first() or area_create(
        plan=plan, code=area.code, title=area.title, local_number=str(plan.areas.count() + 1), actor=actor)


@transaction.atomic
def task_cascade(*, task: Task, units: Iterable[Unit], actor) -> list[Task]:
    """Assign a superior plan's task to units below: each gets it in its plan for the year, linked back.

    A unit that already took the task up keeps its copy; the result lists every unit's task.
    """
    units = list({unit.pk: unit for unit in units}.values())
    plan = task.plan
    if plan.is_draft:
        raise ValidationError({"units": _("Issue the plan before assigning its tasks to the units below.")})
    if not units:
        raise ValidationError({"units": _("Choose at least one unit.")})
    below = UnitGraph.load().descendants(plan.unit_id) - {plan.unit_id}
    for unit in units:
        if unit.pk not in below:
            raise ValidationError({"units": _("{unit} is not below {plan_unit}.").format(unit=unit.name, plan_unit=plan.unit.name)})
        if not _unit_exists_in(unit, plan.year):
            raise ValidationError({"units": _("{unit} did not exist in {year}.").format(unit=unit.name, year=plan.year)})
    result = []
    for unit in units:
        target_plan = _plan_below(unit=unit, source_plan=plan, actor=actor)
        existing = target_plan.tasks.filter(source_task=task).first()
        result.append(existing or task_create(
            plan=target_plan, area=_area_like(target_plan, task.area, actor), title=task.title, number=task.number,
            products=task.products, lead_unit=unit, timeframe=task.timeframe, due_date=task.due_date,
            recurrence=task.recurrence, budget_source=task.budget_source, source_task=task, actor=actor))
    return result


# --- progress and evidence ---------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceInput:
    """A piece of evidence sent with a progress report: a file and/or a document record."""

    title: str = ""
    file: object = None
    document_number: str = ""
    document_date: dt.date | None = None
    issuer: str = ""


@transaction.atomic
def progress_record(
    *,
    period: TaskPeriod,
    unit: Unit,
    status: str,
    percent: int,
    reported_on: dt.date,
    actor,
    note: str = "",
    lateness_reason: str = "",
    evidence: Sequence[EvidenceInput] = (),
) -> ProgressUpdate:
    """Record one unit's progress on one period of a task, with its evidence, and update the task's status."""
    task = period.task
    if task.plan.is_draft:
        raise ValidationError({"status": _("The plan has not been issued yet; progress is recorded on issued plans.")})
    if unit.pk not in task.participant_unit_ids():
        raise ValidationError({"unit": _("{unit} neither leads nor coordinates this task.").format(unit=unit.name)})
    percent = progress_check(status=status, percent=percent, reported_on=reported_on, due_date=period.due_date,
                             lateness_reason=lateness_reason)
    update = ProgressUpdate(period=period, unit=unit, status=status, percent=percent, note=note.strip(),
                            reported_on=reported_on, lateness_reason=lateness_reason.strip(), created_by=actor)
    update.full_clean()
    _save(update, actor)
    for item in evidence:
        evidence_add(progress_update=update, item=item, actor=actor)
    _refresh_status(task, actor)
    return update


def progress_check(*, status: str, percent: int | None, reported_on: dt.date | None, due_date: dt.date | None,
                   lateness_reason: str = "", late_message: str | None = None) -> int:
    """The rules every progress report follows (``models.ProgressRecord``: a task period's, an
    inspection's remediation item's), as field errors; returns the percentage to store (100 once completed).

    A percentage between 0 and 100; a date that is not in the future; work completed after its
    (working-day) due date needs the reason for the delay (``late_message`` says what was late,
    with ``{date}`` for the due date).
    """
    if percent is None or not 0 <= percent <= 100:
        raise ValidationError({"percent": _("The percentage must be between 0 and 100.")})
    if reported_on is None or reported_on > timezone.localdate():
        raise ValidationError({"reported_on": _("The date of the report cannot be in the future.")})
    if status == TaskStatus.COMPLETED:
        percent = 100
        if deadlines.is_late(due_date, reported_on, deadlines.work_calendar()) and not (lateness_reason or "").strip():
            message = late_message or _("The task is completed after its due date ({date}); give the reason for the delay.")
            raise ValidationError({"lateness_reason": message.format(date=_d(due_date))})
    return percent


@transaction.atomic
def evidence_add(*, progress_update: ProgressUpdate, item: EvidenceInput, actor) -> Evidence:
    """Keep a piece of evidence for a progress report; the file is checked before it is stored."""
    return evidence_record(unit=progress_update.unit, progress_update=progress_update, item=item, actor=actor)


def evidence_record(*, unit: Unit, item: EvidenceInput, actor, progress_update: ProgressUpdate | None = None) -> Evidence:
    """Keep a piece of evidence of ``unit``'s work (a document record and/or a checked file). Other apps keep their
    evidence here too (an inspection's checklist answers and remediation reports) and link to the row; the file is
    served by the scoped ``plans:evidence_file`` page to whoever reaches ``unit``."""
    if item.file is None and not item.document_number.strip():
        raise ValidationError({"file": _("Attach a file or give the number of the document that proves the work.")})
    record = Evidence(
        unit=unit,
        progress_update=progress_update,
        document_number=item.document_number.strip(),
        document_date=item.document_date,
        issuer=item.issuer.strip(),
        created_by=actor,
    )
    if item.file is not None:
        try:
            validate_upload(item.file, EVIDENCE_POLICY)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
        record.file_name = item.file.name.rsplit("/", 1)[-1][:255]
        record.file_size = item.file.size
        record.file.save(record.file_name, item.file, save=False)
    record.title = (item.title.strip() or record.document_number or record.file_name)[:255]
    record.full_clean()
    _save(record, actor)
    return record


# --- targets -----------------------------------------------------------------------------------


@transaction.atomic
def target_create(*, plan: Plan, text: str, actor, area: PlanArea | None = None, metric_code: str = "") -> Target:
    """Add a target as written; its metric, comparator and value are read from the text, or flagged.

    Without ``metric_code`` the target is bound to the metric its sentence names
    (``cchc.indicators.binding``): a catalogue metric, or the manual metric the unit reports by hand.
    """
    if area is not None and area.plan_id != plan.pk:
        raise ValidationError({"area": _("The area belongs to another plan.")})
    reading = parse_target(text)
    target = Target(
        plan=plan, area=area, text=text.strip(), metric_code=metric_code.strip() or bind(text), needs_review=reading.needs_review,
        review_reason=reading.reason[:255], metric_text=reading.metric_text[:500],
        comparator=reading.comparator.value if reading.comparator else "", value=reading.value,
        value_unit=reading.unit[:32],
    )
    target.full_clean()
    _save(target, actor)
    return target


@transaction.atomic
def target_record_value(*, target: Target, value: Decimal, period_end: dt.date, actor) -> Target:
    """Record the value measured for a target up to ``period_end`` (by hand or from an indicator)."""
    if value is None:
        raise ValidationError({"value": _("Give the measured value.")})
    if value < 0 or (target.value_unit == "%" and value > 100):
        raise ValidationError({"value": _("The value {value} is not possible for this target.").format(value=value)})
    year = target.plan.year
    if period_end is None or not dt.date(year, 1, 1) <= period_end <= dt.date(year, 12, 31):
        raise ValidationError({"period_end": _("The measurement must fall in the plan year {year}.").format(year=year)})
    target.current_value, target.measured_on = value, period_end
    target.full_clean()
    _save(target, actor, update_fields=["current_value", "measured_on"])
    return target


def _suggest_targets(plan: Plan, actor) -> None:
    """Copy the superior plan's targets into ``plan`` as suggestions (once each: a dropped one is not
    offered again by the same link). Suggestions of the superior plan itself are not passed on."""
    taken = set(plan.targets.exclude(source_target=None).values_list("source_target_id", flat=True))
    for source in plan.parent_plan.targets.filter(is_suggestion=False).order_by("pk"):
        if source.pk in taken:
            continue
        area = _area_like(plan, source.area, actor) if source.area_id else None
        target = Target(
            plan=plan, area=area, text=source.text, metric_text=source.metric_text, comparator=source.comparator,
            value=source.value, value_unit=source.value_unit, metric_code=source.metric_code, needs_review=source.needs_review,
            review_reason=source.review_reason, source_target=source, is_suggestion=True,
        )
        target.full_clean(validate_constraints=False)
        _save(target, actor)


def _check_suggestion(target: Target) -> None:
    if not target.is_suggestion:
        raise ValidationError({"target": _("This target is already part of the plan.")})


@transaction.atomic
def target_suggestion_accept(*, target: Target, actor) -> Target:
    """The plan takes up a target suggested by its superior plan: it is measured from now on."""
    _check_suggestion(target)
    target.is_suggestion = False
    _save(target, actor, update_fields=["is_suggestion"])
    return target


@transaction.atomic
def target_suggestion_drop(*, target: Target, actor) -> Plan:
    """The plan declines a target suggested by its superior plan: the suggestion is removed."""
    _check_suggestion(target)
    plan = target.plan
    target._history_user = actor
    target.delete()
    return plan


# --- manual measurements -----------------------------------------------------------------------


def _number(value, field: str) -> Decimal:
    """``value`` as a Decimal ("12", "12,5", 12); a message naming the field for anything else."""
    not_a_number = {"numerator": _("The numerator must be a number, e.g. 12 or 12,5."),
                    "denominator": _("The denominator must be a number, e.g. 12 or 12,5.")}[field]
    negative = {"numerator": _("The numerator cannot be negative."),
                "denominator": _("The denominator cannot be negative.")}[field]
    if isinstance(value, str):
        value = value.strip().replace(" ", "").replace(",", ".")
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: not_a_number}) from None
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        raise ValidationError({field: not_a_number})
    if number < 0:
        raise ValidationError({field: negative})
    return number


@transaction.atomic
def manual_measurement_record(
    *,
    target: Target,
    period_start: dt.date,
    period_end: dt.date,
    numerator,
    denominator,
    evidence: EvidenceInput,
    actor,
) -> ManualMeasurement:
    """Record the value a unit reports by hand for a target of a manual (or not yet computed) metric:
    numerator over denominator for a period, with its evidence; the target's measured value follows
    when the period is the latest one reported.

    Refused, with a message naming the field and nothing written: a computed metric, a suggestion,
    a number that is text or negative, a zero denominator, a numerator above the denominator, a
    period outside the plan year or in the future, no evidence.
    """
    if not reported_by_hand(target.metric_code):
        raise ValidationError({"numerator": _("This target is measured from the dossiers ({code}); it is not reported by hand.").format(
            code=target.metric_code or "—")})
    if target.is_suggestion:
        raise ValidationError({"numerator": _("Accept the suggested target into the plan before reporting its value.")})
    numerator = _number(numerator, "numerator")
    denominator = _number(denominator, "denominator")
    if denominator == 0:
        raise ValidationError({"denominator": _("The denominator must be greater than 0.")})
    if numerator > denominator:
        raise ValidationError({"numerator": _("The numerator ({numerator}) cannot be above the denominator ({denominator}).").format(
            numerator=_vi_number(numerator), denominator=_vi_number(denominator))})
    year = target.plan.year
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if period_start is None or not first <= period_start <= last:
        raise ValidationError({"period_start": _("The period must fall in the plan year {year}.").format(year=year)})
    if period_end is None or not period_start <= period_end <= last:
        raise ValidationError({"period_end": _("The period ends between its first day and 31/12/{year}.").format(year=year)})
    if period_end > timezone.localdate():
        raise ValidationError({"period_end": _("A period that has not ended yet cannot be reported.")})
    if evidence is None or (evidence.file is None and not evidence.document_number.strip()):
        raise ValidationError({"file": _("Attach a file or give the number of the document that proves the work.")})
    record = evidence_record(unit=target.plan.unit, item=evidence, actor=actor)
    measurement = ManualMeasurement(target=target, period_start=period_start, period_end=period_end, numerator=numerator,
                                    denominator=denominator, evidence=record, reported_by=actor)
    measurement.full_clean()
    measurement.save()
    latest = target.manual_measurements.order_by("-period_end", "-reported_at", "-pk").first()
    if latest.pk == measurement.pk and measurement.value is not None:
        target_record_value(target=target, value=measurement.value, period_end=period_end, actor=actor)
    return measurement


def _vi_number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


# --- reminders ---------------------------------------------------------------------------------


def _members(unit_id: int, roles: Iterable[str], on: dt.date) -> list:
    memberships = Membership.objects.valid_on(on).filter(unit_id=unit_id, role__in=list(roles)).select_related("user")
    return [m.user for m in memberships]


def _reminder_recipients(period: TaskPeriod, kind: str, on: dt.date) -> list:
    """Who is reminded: the people of the responsible unit; for an escalation, the head of unit.

    When nobody holds such a role on the lead unit itself, the plan's unit answers.
    """
    task = period.task
    roles = [Role.HEAD] if kind == ReminderKind.ESCALATION else roles_with(Perm.UPDATE_PROGRESS)
    for unit_id in (task.responsible_unit_id, task.plan.unit_id):
        users = _members(unit_id, [r for r in roles if r != Role.ADMIN], on)
        if users:
            return users
    return []


def _reminder_text(period: TaskPeriod, kind: str, today: dt.date) -> str:
    task = period.task
    left = deadlines.working_days_left(period.due_date, today, deadlines.work_calendar())
    params = {"task": str(task)[:120], "period": f" ({period.label})" if period.label else "", "plan": task.plan.number
              or task.plan.title, "date": _d(deadlines.effective_due(period.due_date, deadlines.work_calendar())),
              "days": abs(left), "unit": task.lead_text or task.plan.unit.name}
    if kind == ReminderKind.DUE_SOON:
        return _("Task “{task}”{period} of plan {plan} is due on {date}: {days} working day(s) left.").format(**params)
    if kind == ReminderKind.OVERDUE:
        return _("Task “{task}”{period} of plan {plan} is {days} working day(s) late (due {date}).").format(**params)
    return _("Task “{task}”{period} led by {unit} is still not done, {days} working day(s) after its due date {date}.").format(**params)


def reminders_send(*, today: dt.date) -> int:
    """Send the deadline reminders due on ``today``; return how many were sent.

    Idempotent: each (period, step) is recorded in ``Reminder`` and never sent again, so running
    it twice a day, or again after a failure, sends nothing twice.
    """
    since = today - dt.timedelta(days=deadlines.REMINDER_LOOKBACK_DAYS)
    periods = (
        TaskPeriod.objects.filter(task__plan__status__in=[PlanStatus.ISSUED, PlanStatus.AMENDED],
                                  due_date__gte=since, due_date__lte=today + dt.timedelta(days=31))
        .exclude(status__in=CLOSED_STATUSES)
        .select_related("task__plan__unit", "task__lead_unit")
        .prefetch_related("reminders")
    )
    sent = 0
    calendar = deadlines.work_calendar()
    for period in periods:
        step = deadlines.reminder_step(period.due_date, today, calendar)
        if step is None or any((r.kind, r.working_days) == step for r in period.reminders.all()):
            continue
        sent += _send_reminder(period, step, today)
    return sent


def _send_reminder(period: TaskPeriod, step: tuple[str, int], today: dt.date) -> int:
    kind, days = step
    recipients = _reminder_recipients(period, kind, today)
    try:
        with transaction.atomic():
            Reminder.objects.create(period=period, kind=kind, working_days=days, sent_on=today, recipients=len(recipients))
            with translation.override("vi"):
                notify(users=recipients, unit=period.task.plan.unit, text=_reminder_text(period, kind, today),
                       url=period.task.get_absolute_url(), kind=f"plans.{kind}")
    except IntegrityError:  # another run recorded the same step meanwhile
        return 0
    return 1
