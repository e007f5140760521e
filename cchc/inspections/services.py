"""Writes over inspection plans, inspections, their findings and the recommendations tracked to closure.

Each service validates, writes in one transaction and names ``actor`` for the audit trail
(django-simple-history). Errors are ``ValidationError``s keyed by the field, in Vietnamese; a refused
write leaves nothing behind. Progress reports and evidence follow the plans app's rules and rows
(``cchc.plans.services.progress_check``, ``evidence_record``); a plan task linked to an inspection plan
gets its progress from here through ``cchc.plans.services.progress_record``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cchc.calendar import api as calendar
from cchc.inspections import rules, selectors
from cchc.inspections.choices import (
    AnswerResult,
    CoverageBasis,
    DecisionKind,
    InspectionStatus,
    RemediationStatus,
    TemplateKind,
)
from cchc.inspections.models import (
    ChecklistAnswer,
    ChecklistItem,
    Finding,
    Inspection,
    InspectionPlan,
    InspectionTemplate,
    RemediationDecision,
    RemediationItem,
    RemediationReminder,
    RemediationUpdate,
)
from cchc.notifications.services import notify
from cchc.plans import deadlines
from cchc.plans import services as plans
from cchc.plans.choices import PlanStatus, ReformArea, TaskStatus
from cchc.plans.models import ProgressUpdate, Task
from cchc.plans.services import EvidenceInput
from cchc.units.models import Membership, Unit
from cchc.units.roles import Perm, Role, roles_with
from cchc.units.scoping import UnitGraph

__all__ = [
    "EvidenceInput",
    "checklist_answer_record",
    "checklist_item_add",
    "finding_add",
    "inspection_plan_create",
    "inspection_plan_update",
    "inspection_record",
    "inspection_schedule",
    "remediation_close",
    "remediation_progress_record",
    "remediation_reopen",
    "reminders_send",
    "template_upload",
]

PLAN_FIELDS = ("title", "number", "issued_on", "coverage_basis", "coverage_target", "task", "team", "team_lead")


def _d(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


def _save(obj, actor, **kwargs) -> None:
    obj._history_user = actor
    obj.save(**kwargs)


def _existed_in(unit: Unit, year: int) -> bool:
    return unit.valid_from <= dt.date(year, 12, 31) and (unit.valid_to is None or unit.valid_to >= dt.date(year, 1, 1))


# --- inspection plans ---------------------------------------------------------------------------


@transaction.atomic
def inspection_plan_create(*, unit: Unit, year: int, title: str, actor, coverage_target, **fields) -> InspectionPlan:
    """A unit's inspection plan for ``year``; ``fields`` are any of ``PLAN_FIELDS``."""
    plan = InspectionPlan(unit=unit, year=year, created_by=actor)
    return _plan_write(plan, {**fields, "title": title, "coverage_target": coverage_target}, actor)


@transaction.atomic
def inspection_plan_update(*, plan: InspectionPlan, actor, **fields) -> InspectionPlan:
    """Change the plan's header, coverage target, team or linked task (its unit and year stay)."""
    return _plan_write(plan, fields, actor)


def _target(value) -> Decimal:
    if isinstance(value, str):
        value = value.strip().replace("%", "").replace(",", ".")
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"coverage_target": _("The coverage target must be a percentage, e.g. 40.")}) from None
    if not number.is_finite() or not 0 < number <= 100:
        raise ValidationError({"coverage_target": _("The coverage target must be above 0% and at most 100%.")})
    return number.quantize(Decimal("0.01"))


def _plan_write(plan: InspectionPlan, fields: dict, actor) -> InspectionPlan:
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"unknown inspection plan fields: {sorted(unknown)}")
    team = fields.pop("team", None)
    for name, value in fields.items():
        setattr(plan, name, value.strip() if isinstance(value, str) and name != "coverage_target" else value)
    if not (plan.title or "").strip():
        raise ValidationError({"title": _("Give the plan's title.")})
    if "coverage_target" in fields:
        plan.coverage_target = _target(fields["coverage_target"])
    if plan.coverage_basis not in CoverageBasis.values:
        raise ValidationError({"coverage_basis": _("Choose which units the coverage counts.")})
    if plan.year is None or not 2000 <= plan.year <= 2100:
        raise ValidationError({"year": _("Give a year between 2000 and 2100.")})
    if not _existed_in(plan.unit, plan.year):
        raise ValidationError({"year": _("{unit} did not exist in {year}.").format(unit=plan.unit.name, year=plan.year)})
    if InspectionPlan.objects.filter(unit=plan.unit, year=plan.year).exclude(pk=plan.pk).exists():
        raise ValidationError({"year": _("{unit} already has an inspection plan for {year}.").format(
            unit=plan.unit.name, year=plan.year)})
    if plan.issued_on is not None and not plan.year - 1 <= plan.issued_on.year <= plan.year:
        raise ValidationError({"issued_on": _("A plan for {year} is issued in {year} or at the end of the year before.").format(
            year=plan.year)})
    if plan.task is not None:
        _check_task(plan)
    members = None if team is None else _check_team(plan.unit, team, plan.team_lead)
    plan.full_clean(validate_constraints=False)
    _save(plan, actor)
    if members is not None:
        plan.team.set(members)
    elif plan.team_lead is not None and not plan.team.filter(pk=plan.team_lead.pk).exists():
        _check_team(plan.unit, [], plan.team_lead)
        plan.team.add(plan.team_lead)
    _sync_task(plan, actor)
    return plan


def _check_task(plan: InspectionPlan) -> None:
    task: Task = plan.task
    reform_plan = task.plan
    if reform_plan.year != plan.year:
        raise ValidationError({"task": _("The task belongs to a {year} plan; choose a task of {plan_year}.").format(
            year=reform_plan.year, plan_year=plan.year)})
    if reform_plan.status == PlanStatus.DRAFT:
        raise ValidationError({"task": _("The task's plan has not been issued yet.")})
    if reform_plan.unit_id != plan.unit_id and plan.unit_id not in task.participant_unit_ids():
        raise ValidationError({"task": _("{unit} neither leads nor coordinates this task.").format(unit=plan.unit.name)})
    if task.children.exists():
        raise ValidationError({"task": _("Choose a specific task, not a general one.")})


def _check_team(unit: Unit, team: Iterable, lead) -> list:
    """The team as a list, the lead in it; each member holds a role today on the unit or a unit in its reach."""
    members = list({user.pk: user for user in [*team, *([lead] if lead is not None else [])]}.values())
    allowed = set(selectors.users_for_team(unit).values_list("pk", flat=True))
    for user in members:
        if user.pk not in allowed:
            field = "team_lead" if lead is not None and user.pk == lead.pk else "team"
            raise ValidationError({field: _("{person} holds no role at {unit} or a unit below it.").format(
                person=user.full_name or user.username, unit=unit.name)})
    return members


@transaction.atomic
def checklist_item_add(*, plan: InspectionPlan, actor, text: str = "", area: str = "") -> ChecklistItem:
    """Add a line to the plan's checklist: free text, labelled with a reform area; an area alone gives its name."""
    area = (area or "").strip()
    if area and area not in ReformArea.values:
        raise ValidationError({"area": _("Choose one of the listed reform areas.")})
    text = (text or "").strip() or (str(ReformArea(area).label) if area else "")
    if not text:
        raise ValidationError({"text": _("Write what to inspect, or choose a reform area.")})
    position = (plan.checklist.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    item = ChecklistItem(plan=plan, text=text[:1000], area=area, position=position)
    item.full_clean()
    _save(item, actor)
    return item


# --- inspections -------------------------------------------------------------------------------


@transaction.atomic
def inspection_schedule(*, plan: InspectionPlan, unit: Unit, actor, planned_month: int | None = None) -> Inspection:
    """Plan an inspection of ``unit`` (a unit in the inspecting unit's reach) for a month of the plan's year."""
    if unit is None:
        raise ValidationError({"unit": _("Choose the unit to inspect.")})
    if unit.pk not in UnitGraph.load().reach([plan.unit_id]) - {plan.unit_id}:
        raise ValidationError({"unit": _("{unit} is not below {inspector}; an inspection plan covers the units below its unit.").format(
            unit=unit.name, inspector=plan.unit.name)})
    if not _existed_in(unit, plan.year):
        raise ValidationError({"unit": _("{unit} did not exist in {year}.").format(unit=unit.name, year=plan.year)})
    if planned_month is not None and not 1 <= planned_month <= 12:
        raise ValidationError({"planned_month": _("The planned month is between 1 and 12.")})
    if plan.inspections.filter(unit=unit, status=InspectionStatus.PLANNED).exists():
        raise ValidationError({"unit": _("An inspection of {unit} is already planned.").format(unit=unit.name)})
    inspection = Inspection(plan=plan, unit=unit, planned_month=planned_month, team_lead=plan.team_lead, created_by=actor)
    inspection.full_clean()
    _save(inspection, actor)
    inspection.team.set(plan.team.all())
    _sync_task(plan, actor)
    return inspection


RECORD_FIELDS = ("summary", "conclusion_number", "conclusion_date", "signer_name", "signer_title")


@transaction.atomic
def inspection_record(*, inspection: Inspection, inspected_on: dt.date, actor, team: Sequence | None = None,
                      team_lead=None, **fields) -> Inspection:
    """Record that the inspection was carried out on ``inspected_on`` (in the plan's year, not in the future), by
    its team, with its overall assessment and the conclusion notice's number, date and signer. Recording it
    again corrects it; recommendations counted in working days then count from the new date."""
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise TypeError(f"unknown inspection fields: {sorted(unknown)}")
    plan = inspection.plan
    first, last = dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31)
    if inspected_on is None:
        raise ValidationError({"inspected_on": _("Give the date of the inspection.")})
    if not first <= inspected_on <= last:
        raise ValidationError({"inspected_on": _("The inspection date {date} is outside the plan's year {year}.").format(
            date=_d(inspected_on), year=plan.year)})
    if inspected_on > timezone.localdate():
        raise ValidationError({"inspected_on": _("An inspection is recorded once it has taken place; {date} is in the future.").format(
            date=_d(inspected_on))})
    if not inspection.unit.is_valid_on(inspected_on):
        raise ValidationError({"inspected_on": _("{unit} did not exist on {date}.").format(unit=inspection.unit.name,
                                                                                       date=_d(inspected_on))})
    conclusion_date = fields.get("conclusion_date")
    if conclusion_date is not None and conclusion_date < inspected_on:
        raise ValidationError({"conclusion_date": _("The conclusion notice cannot be dated before the inspection ({date}).").format(
            date=_d(inspected_on))})
    for item in inspection.items.filter(due_working_days__isnull=True):
        if item.due_date < inspected_on:
            raise ValidationError({"inspected_on": _("Recommendation “{item}” is due on {date}, before this inspection date.").format(
                item=item, date=_d(item.due_date))})
    lead = team_lead if team_lead is not None or team is not None else inspection.team_lead
    members = _check_team(plan.unit, team if team is not None else list(inspection.team.all()), lead)
    for name, value in fields.items():
        setattr(inspection, name, value.strip() if isinstance(value, str) else value)
    inspection.inspected_on, inspection.team_lead, inspection.status = inspected_on, lead, InspectionStatus.DONE
    inspection.full_clean()
    _save(inspection, actor)
    inspection.team.set(members)
    for item in inspection.items.exclude(due_working_days__isnull=True):
        item.due_from = inspected_on
        item.due_date = calendar.add_working_days(inspected_on, item.due_working_days)
        _save(item, actor, update_fields=["due_from", "due_date"])
    _sync_task(plan, actor)
    return inspection


def _require_done(inspection: Inspection, field: str) -> None:
    if not inspection.is_done:
        raise ValidationError({field: _("Record the inspection (its date and team) before its results.")})


@transaction.atomic
def checklist_answer_record(*, inspection: Inspection, item: ChecklistItem, result: str, actor, note: str = "",
                            evidence: EvidenceInput | None = None) -> ChecklistAnswer:
    """The result of one checklist item at the inspection (met, partly met, not met), with a note and the
    evidence seen; answering again replaces the result."""
    _require_done(inspection, "item")
    if item is None or item.plan_id != inspection.plan_id:
        raise ValidationError({"item": _("Choose a line of this plan's checklist.")})
    if result not in AnswerResult.values:
        raise ValidationError({"result": _("Choose met, partly met or not met.")})
    answer = ChecklistAnswer.objects.filter(inspection=inspection, item=item).first() or ChecklistAnswer(
        inspection=inspection, item=item)
    answer.result, answer.note, answer.answered_by = result, (note or "").strip(), actor
    if evidence is not None:
        answer.evidence = plans.evidence_record(unit=inspection.unit, item=evidence, actor=actor)
    answer.full_clean(validate_constraints=False)
    _save(answer, actor)
    return answer


@transaction.atomic
def finding_add(*, inspection: Inspection, finding: str, actor, recommendation: str = "",
                due_working_days: int | None = None, due_date: dt.date | None = None) -> Finding:
    """Record a finding (tồn tại, hạn chế) and, with it, a recommendation (kiến nghị) the inspected unit must carry
    out within ``due_working_days`` working days of the inspection or by ``due_date``."""
    _require_done(inspection, "finding")
    text = (finding or "").strip()
    if not text:
        raise ValidationError({"finding": _("Write the shortcoming the inspection found.")})
    recommendation = (recommendation or "").strip()
    if (due_working_days is not None or due_date is not None) and not recommendation:
        raise ValidationError({"recommendation": _("Write the recommendation the due date is for.")})
    row = Finding(inspection=inspection, text=text, created_by=actor,
                  position=(inspection.findings.order_by("-position").values_list("position", flat=True).first() or 0) + 1)
    row.full_clean()
    _save(row, actor)
    if recommendation:
        _item_create(inspection=inspection, finding=row, text=recommendation, due_working_days=due_working_days,
                     due_date=due_date, actor=actor)
    _sync_task(inspection.plan, actor)
    return row


def _item_create(*, inspection: Inspection, finding: Finding, text: str, due_working_days, due_date, actor) -> RemediationItem:
    start = inspection.inspected_on
    if due_working_days is None and due_date is None:
        raise ValidationError({"due_working_days": _("Give the time to carry it out: a number of working days or a due date.")})
    if due_working_days is not None and due_date is not None:
        raise ValidationError({"due_working_days": _("Give either a number of working days or a due date, not both.")})
    if due_working_days is not None:
        if not 1 <= due_working_days <= 365:
            raise ValidationError({"due_working_days": _("The number of working days is between 1 and 365.")})
        due_date = calendar.add_working_days(start, due_working_days)
    elif due_date < start:
        raise ValidationError({"due_date": _("The due date {date} comes before the inspection ({start}).").format(
            date=_d(due_date), start=_d(start))})
    item = RemediationItem(inspection=inspection, finding=finding, unit=inspection.unit, text=text, due_from=start,
                           due_working_days=due_working_days, due_date=due_date, created_by=actor)
    item.full_clean()
    _save(item, actor)
    return item


# --- remediation -------------------------------------------------------------------------------


@transaction.atomic
def remediation_progress_record(*, item: RemediationItem, status: str, percent: int, reported_on: dt.date, actor,
                                note: str = "", lateness_reason: str = "",
                                evidence: Sequence[EvidenceInput] = ()) -> RemediationUpdate:
    """The assigned unit reports how far it carried out a recommendation, with evidence; completing it after its
    working-day due date needs the reason for the delay."""
    item = _locked(item)
    if item.is_closed:
        raise ValidationError({"status": _("The recommendation was closed; ask the inspecting unit to reopen it.")})
    if status not in TaskStatus.values:
        raise ValidationError({"status": _("Choose one of the listed statuses.")})
    percent = plans.progress_check(
        status=status, percent=percent, reported_on=reported_on, due_date=item.effective_due, lateness_reason=lateness_reason,
        late_message=_("The recommendation is carried out after its due date ({date}); give the reason for the delay."))
    if reported_on < item.due_from:
        raise ValidationError({"reported_on": _("The report cannot be dated before the inspection ({date}).").format(
            date=_d(item.due_from))})
    update = RemediationUpdate(item=item, unit=item.unit, status=status, percent=percent, note=(note or "").strip(),
                               reported_on=reported_on, lateness_reason=(lateness_reason or "").strip(), created_by=actor)
    update.full_clean()
    _save(update, actor)
    for proof in evidence:
        update.evidence.add(plans.evidence_record(unit=item.unit, item=proof, actor=actor))
    latest = item.updates.order_by("-reported_on", "-pk").first()
    item.progress, item.percent = latest.status, latest.percent
    item.completed_on = latest.reported_on if latest.status == TaskStatus.COMPLETED else None
    _save(item, actor, update_fields=["progress", "percent", "completed_on"])
    return update


def _locked(item: RemediationItem) -> RemediationItem:
    list(RemediationItem.objects.select_for_update().filter(pk=item.pk).values_list("pk"))
    item.refresh_from_db()
    return item


@transaction.atomic
def remediation_close(*, item: RemediationItem, closed_on: dt.date, actor, note: str = "",
                      evidence: EvidenceInput | None = None) -> RemediationDecision:
    """The inspecting unit closes a recommendation it finds carried out. Closing needs evidence: the assigned
    unit's, or a document the inspecting unit attaches now."""
    item = _locked(item)
    if item.is_closed:
        raise ValidationError({"closed_on": _("The recommendation is already closed.")})
    if closed_on is None:
        raise ValidationError({"closed_on": _("Give the date of the closure.")})
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": _("The closure cannot be dated in the future.")})
    if closed_on < item.due_from:
        raise ValidationError({"closed_on": _("The closure cannot be dated before the inspection ({date}).").format(
            date=_d(item.due_from))})
    if evidence is None and not selectors.item_has_evidence(item):
        raise ValidationError({"file": _(
            "Closing a recommendation needs evidence: the unit has sent none, so attach a file or give the number of the "
            "document that proves it was carried out.")})
    record = plans.evidence_record(unit=item.unit, item=evidence, actor=actor) if evidence is not None else None
    decision = RemediationDecision(item=item, kind=DecisionKind.CLOSE, decided_on=closed_on, note=(note or "").strip(),
                                   evidence=record, created_by=actor)
    decision.full_clean()
    decision.save()
    item.status, item.closed_on = RemediationStatus.CLOSED, closed_on
    _save(item, actor, update_fields=["status", "closed_on"])
    _sync_task(item.inspection.plan, actor)
    return decision


@transaction.atomic
def remediation_reopen(*, item: RemediationItem, reason: str, actor, reopened_on: dt.date | None = None) -> RemediationDecision:
    """The inspecting unit reopens a closed recommendation, saying why; the assigned unit works on it again."""
    item = _locked(item)
    reopened_on = reopened_on or timezone.localdate()
    if not item.is_closed:
        raise ValidationError({"reason": _("The recommendation is open; only a closed one is reopened.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the recommendation is reopened.")})
    if not item.closed_on <= reopened_on <= timezone.localdate():
        raise ValidationError({"reopened_on": _("The reopening is dated between the closure ({date}) and today.").format(
            date=_d(item.closed_on))})
    decision = RemediationDecision(item=item, kind=DecisionKind.REOPEN, decided_on=reopened_on, note=reason.strip(),
                                   created_by=actor)
    decision.full_clean()
    decision.save()
    item.status, item.closed_on = RemediationStatus.OPEN, None
    _save(item, actor, update_fields=["status", "closed_on"])
    _sync_task(item.inspection.plan, actor)
    with translation.override("vi"):
        notify(users=_people(item.unit_id, roles_with(Perm.UPDATE_PROGRESS), timezone.localdate()), unit=item.unit,
               text=_("Recommendation “{item}” was reopened: {reason}").format(item=str(item)[:120], reason=reason.strip()[:200]),
               url=item.get_absolute_url(), kind="inspections.reopened")
    return decision


# --- the plan task that follows the inspections -------------------------------------------------


def _sync_task(plan: InspectionPlan, actor) -> ProgressUpdate | None:
    """Report the inspections' state on the linked plan task (``rules.task_progress``) through the plans app,
    when it changed: the inspecting unit reports (the task's responsible unit when it takes no part)."""
    task = Task.objects.filter(pk=plan.task_id).select_related("plan", "lead_unit").first()
    if task is None or task.plan.status == PlanStatus.DRAFT:
        return None
    inspections = list(plan.inspections.values_list("status", "inspected_on"))
    done_dates = [day for status, day in inspections if status == InspectionStatus.DONE and day]
    items = list(RemediationItem.objects.filter(inspection__plan=plan).values_list("status", "closed_on"))
    open_items = sum(1 for status, _day in items if status == RemediationStatus.OPEN)
    closed = len(items) - open_items
    state = rules.task_progress(planned=len(inspections), done=len(done_dates), open_items=open_items)
    note = _("Inspection plan {plan}: {done}/{planned} inspections carried out; recommendations closed {closed}, open {open}.").format(
        plan=plan.number or plan.title, done=len(done_dates), planned=len(inspections), closed=closed, open=open_items)
    unit = plan.unit if plan.unit_id in task.participant_unit_ids() else Unit.objects.get(pk=task.responsible_unit_id)
    events = [*done_dates, *(day for _status, day in items if day)]
    periods = list(task.periods.order_by("due_date", "pk"))
    if not events or not periods:  # nothing carried out yet: nothing to report
        return None
    day = min(max(events), timezone.localdate())
    period = next((p for p in periods if p.due_date is None or p.due_date >= day), periods[-1])
    latest = ProgressUpdate.objects.filter(period=period, unit=unit).order_by("-reported_on", "-pk").first()
    if latest is not None:
        if (latest.status, latest.percent, latest.note) == (state.status, state.percent, note):
            return None
        day = max(day, latest.reported_on)
    reason = ""
    if state.status == TaskStatus.COMPLETED and deadlines.is_late(period.due_date, day, deadlines.work_calendar()):
        reason = _("The last inspection of the plan took place on {date}.").format(date=_d(max(done_dates)))
    return plans.progress_record(period=period, unit=unit, status=state.status, percent=state.percent, reported_on=day,
                                 note=note, lateness_reason=reason, actor=actor)


# --- templates ---------------------------------------------------------------------------------


@transaction.atomic
def template_upload(*, unit: Unit, kind: str, file, actor, note: str = "") -> InspectionTemplate:
    """Replace the Word template of an inspection document for ``unit`` and the units below; a template that does
    not render (in the sandbox) is refused."""
    from cchc.core.uploads import validate_upload
    from cchc.inspections import documents

    if kind not in TemplateKind.values:
        raise ValidationError({"kind": _("Choose the minute or the conclusion notice.")})
    if file is None:
        raise ValidationError({"file": _("Choose a Word (.docx) file.")})
    try:
        validate_upload(file, documents.TEMPLATE_POLICY)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    problem = documents.check_template(file)
    if problem:
        raise ValidationError({"file": problem})
    template = InspectionTemplate(unit=unit, kind=kind, note=(note or "").strip(), uploaded_by=actor)
    template.file.save(f"{kind}.docx", file, save=False)
    template.full_clean()
    _save(template, actor)
    return template


# --- reminders ---------------------------------------------------------------------------------


def _people(unit_id: int, roles: Iterable[str], on: dt.date) -> list:
    memberships = Membership.objects.valid_on(on).filter(unit_id=unit_id, role__in=[r for r in roles if r != Role.ADMIN])
    return [m.user for m in memberships.select_related("user")]


def _reminder_recipients(item: RemediationItem, kind: str, on: dt.date) -> list:
    """The assigned unit's people who report progress (its head, for an escalation); when nobody holds such a
    role there, the units above it up to the inspecting unit answer."""
    roles = [Role.HEAD] if kind == deadlines.ESCALATION else roles_with(Perm.UPDATE_PROGRESS)
    chain = [item.unit_id, *UnitGraph.load().ancestors(item.unit_id)]
    inspector = item.inspection.plan.unit_id
    for unit_id in chain[: chain.index(inspector) + 1] if inspector in chain else chain[:1]:
        users = _people(unit_id, roles, on)
        if users:
            return users
    return []


def _reminder_text(item: RemediationItem, kind: str, today: dt.date) -> str:
    calendar_ = deadlines.work_calendar()
    left = deadlines.working_days_left(item.due_date, today, calendar_)
    params = {"item": str(item)[:120], "inspector": item.inspection.plan.unit.name, "date": _d(item.effective_due),
              "days": abs(left), "unit": item.unit.name}
    if kind == deadlines.DUE_SOON:
        return _("Recommendation “{item}” of the inspection by {inspector} is due on {date}: {days} working day(s) left.").format(**params)
    if kind == deadlines.OVERDUE:
        return _("Recommendation “{item}” of the inspection by {inspector} is {days} working day(s) late (due {date}).").format(**params)
    return _("Recommendation “{item}” assigned to {unit} is still open, {days} working day(s) after its due date {date}.").format(
        **params)


def reminders_send(*, today: dt.date) -> int:
    """Send the remediation reminders due on ``today`` (the plan tasks' steps: 5 and 1 working days before,
    1 after, escalation 5 after); return how many. Each (item, step) is recorded and never sent twice."""
    since = today - dt.timedelta(days=deadlines.REMINDER_LOOKBACK_DAYS)
    items = (
        RemediationItem.objects.open().filter(due_date__gte=since, due_date__lte=today + dt.timedelta(days=31))
        .select_related("unit", "inspection__plan__unit").prefetch_related("reminders")
    )
    sent = 0
    calendar_ = deadlines.work_calendar()
    for item in items:
        step = deadlines.reminder_step(item.due_date, today, calendar_)
        if step is None or any((r.kind, r.working_days) == step for r in item.reminders.all()):
            continue
        kind, days = step
        recipients = _reminder_recipients(item, kind, today)
        try:
            with transaction.atomic():
                RemediationReminder.objects.create(item=item, kind=kind, working_days=days, sent_on=today,
                                                   recipients=len(recipients))
                with translation.override("vi"):
                    notify(users=recipients, unit=item.unit, text=_reminder_text(item, kind, today),
                           url=item.get_absolute_url(), kind=f"inspections.{kind}")
        except IntegrityError:  # another run recorded the same step meanwhile
            continue
        sent += 1
    return sent
