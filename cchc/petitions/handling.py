"""The handling steps of a petition, one service each, and the deadline reminders.

received ──classify──▶ (any open step) · received ──accept──▶ accepted · received ──reject──▶ rejected
accepted ──request info──▶ awaiting info ──info received──▶ accepted
received / accepted / awaiting info ──transfer──▶ received at the new unit (its clock restarts)
accepted / awaiting info ──draft answer──▶ pending approval ──approve──▶ approved ──publish──▶ published
pending approval ──return──▶ accepted
published: the head withdraws the answer from the public pages, an officer publishes it again (the status stays)

Each step checks the petition's status, records a ``PetitionEvent`` (who, when, what) and writes in
one transaction. ``version`` is the number of steps the officer saw when the page was opened: when
somebody else acted meanwhile, the step is refused rather than applied twice.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cchc.calendar.api import current_calendar
from cchc.notifications.services import notify
from cchc.petitions import deadlines
from cchc.petitions.choices import (
    CLOSED_STATUSES,
    HANDLING_STATUSES,
    OPEN_FOR_ANSWER,
    Category,
    EventKind,
    ReminderKind,
    Status,
)
from cchc.petitions.models import MAX_TEXT, Petition, PetitionEvent, PetitionReminder
from cchc.petitions.redaction import redact
from cchc.petitions.validation import clean_text
from cchc.units.models import Membership, Unit
from cchc.units.roles import Perm, Role, roles_with
from cchc.units.scoping import visible_unit_ids

#: statuses from which a petition may be classified or transferred
CLASSIFIABLE = frozenset({Status.RECEIVED, Status.ACCEPTED, Status.AWAITING_INFO, Status.PENDING_APPROVAL})
TRANSFERABLE = frozenset({Status.RECEIVED, Status.ACCEPTED, Status.AWAITING_INFO})


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _lock(petition: Petition, version: int | None, allowed: frozenset[str]) -> Petition:
    """The petition re-read under a row lock; refused when it moved on since ``version`` or is in another status."""
    current = Petition.objects.select_for_update().get(pk=petition.pk)
    if version is not None and version != current.events.count():
        raise ValidationError({"version": _("Someone else has handled this petition since you opened the page; reload it.")})
    if current.status not in allowed:
        raise ValidationError({"version": _("This step is not possible while the petition is “{status}”.").format(
            status=current.get_status_display())})
    return current


def _event(petition: Petition, kind: str, actor, *, before: str, note: str = "", from_unit=None, to_unit=None) -> PetitionEvent:
    return PetitionEvent.objects.create(petition=petition, kind=kind, actor=actor, from_status=before, to_status=petition.status,
                                        note=note, from_unit=from_unit, to_unit=to_unit)


def _note(value, *, label: str, required: bool = False, field: str = "note") -> str:
    try:
        return clean_text(value, label=label, max_length=MAX_TEXT, required=required)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


def _today() -> dt.date:
    return timezone.localdate()


@transaction.atomic
def petition_classify(*, petition: Petition, category: str, actor, version: int | None = None, note: str = "") -> Petition:
    """Classify as QĐ 766 indicator 5.1 asks (regulation/policy/procedure, a civil servant's conduct, other)."""
    if category not in Category.values:
        raise ValidationError({"category": _("Choose a class.")})
    note = _note(note, label=_("Note"))
    petition = _lock(petition, version, CLASSIFIABLE)
    before, previous = petition.status, petition.get_category_display() if petition.category else ""
    petition.category = category
    petition.save(update_fields=["category"])
    text = str(Category(category).label) if not previous else f"{previous} → {Category(category).label}"
    _event(petition, EventKind.CLASSIFIED, actor, before=before, note="\n".join(t for t in (text, note) if t))
    return petition


@transaction.atomic
def petition_accept(*, petition: Petition, actor, version: int | None = None, note: str = "") -> Petition:
    note = _note(note, label=_("Note"))
    petition = _lock(petition, version, frozenset({Status.RECEIVED}))
    if not petition.category:
        raise ValidationError({"version": _("Classify the petition before accepting it.")})
    petition.status = Status.ACCEPTED
    petition.save(update_fields=["status"])
    _event(petition, EventKind.ACCEPTED, actor, before=Status.RECEIVED, note=note)
    return petition


@transaction.atomic
def petition_reject(*, petition: Petition, reason: str, actor, version: int | None = None) -> Petition:
    """Not accepted, with the reason the petitioner is told (QĐ 766: within 2 working days)."""
    reason = _note(reason, label=_("Reason"), required=True, field="reason")
    petition = _lock(petition, version, frozenset({Status.RECEIVED}))
    petition.status, petition.rejected_on, petition.reject_reason = Status.REJECTED, _today(), reason
    petition.save(update_fields=["status", "rejected_on", "reject_reason"])
    _event(petition, EventKind.REJECTED, actor, before=Status.RECEIVED, note=reason)
    return petition


@transaction.atomic
def petition_request_info(*, petition: Petition, request: str, actor, version: int | None = None) -> Petition:
    """Ask the petitioner for more information (QĐ 766: within 5 working days); the first request is the one judged."""
    request = _note(request, label=_("Information asked for"), required=True, field="request")
    petition = _lock(petition, version, frozenset({Status.ACCEPTED}))
    petition.status = Status.AWAITING_INFO
    petition.info_requested_on = petition.info_requested_on or _today()
    petition.save(update_fields=["status", "info_requested_on"])
    _event(petition, EventKind.INFO_REQUESTED, actor, before=Status.ACCEPTED, note=request)
    return petition


@transaction.atomic
def petition_info_received(*, petition: Petition, note: str, actor, version: int | None = None) -> Petition:
    note = _note(note, label=_("Information received"), required=True)
    petition = _lock(petition, version, frozenset({Status.AWAITING_INFO}))
    petition.status = Status.ACCEPTED
    petition.save(update_fields=["status"])
    _event(petition, EventKind.INFO_RECEIVED, actor, before=Status.AWAITING_INFO, note=note)
    return petition


@transaction.atomic
def petition_transfer(*, petition: Petition, to_unit: Unit, actor, version: int | None = None, note: str = "") -> Petition:
    """Hand the petition to the competent unit; it arrives there as received and its clock restarts (QĐ 766 5.2)."""
    note = _note(note, label=_("Note"))
    today = _today()
    if to_unit is None or to_unit.pk not in visible_unit_ids(actor, Perm.VIEW) or not (
        to_unit.valid_from <= today and (to_unit.valid_to is None or to_unit.valid_to >= today)
    ):
        raise ValidationError({"to_unit": _("Choose a unit from the list.")})
    petition = _lock(petition, version, TRANSFERABLE)
    if to_unit.pk == petition.unit_id:
        raise ValidationError({"to_unit": _("The petition is already with this unit.")})
    before, from_unit = petition.status, petition.unit
    clock = deadlines.clock_dates(today, current_calendar())
    petition.unit, petition.status, petition.started_on = to_unit, Status.RECEIVED, today
    petition.decide_due, petition.info_due, petition.resolve_due = clock.decide_due, clock.info_due, clock.resolve_due
    petition.publish_due = petition.info_requested_on = None
    petition.due_rule = deadlines.RULE_ID
    petition.save(update_fields=["unit", "status", "started_on", "decide_due", "info_due", "resolve_due", "publish_due",
                                 "info_requested_on", "due_rule"])
    _event(petition, EventKind.TRANSFERRED, actor, before=before, note=note, from_unit=from_unit, to_unit=to_unit)
    _tell(petition, Perm.EDIT, _("Petition no. {number} was transferred to {unit}; decide by {date}.").format(
        number=petition.pk, unit=to_unit.name, date=_d(petition.decide_due)), kind="petitions.transferred")
    return petition


@transaction.atomic
def petition_answer_draft(*, petition: Petition, answer: str, actor, version: int | None = None) -> Petition:
    """The answer, sent to the head of unit for approval."""
    answer = _note(answer, label=_("Answer"), required=True, field="answer")
    petition = _lock(petition, version, OPEN_FOR_ANSWER)
    if not petition.category:
        raise ValidationError({"version": _("Classify the petition before answering it.")})
    before = petition.status
    petition.status, petition.answer, petition.answered_by = Status.PENDING_APPROVAL, answer, actor
    petition.save(update_fields=["status", "answer", "answered_by"])
    _event(petition, EventKind.ANSWER_DRAFTED, actor, before=before, note=answer)
    _tell(petition, Perm.APPROVE, _("The answer to petition no. {number} awaits your approval (resolve by {date}).").format(
        number=petition.pk, date=_d(petition.resolve_due)), kind="petitions.approval")
    return petition


@transaction.atomic
def petition_approve(*, petition: Petition, actor, version: int | None = None, note: str = "") -> Petition:
    """The head of unit approves the answer; it must be published within 2 working days (QĐ 766)."""
    note = _note(note, label=_("Note"))
    petition = _lock(petition, version, frozenset({Status.PENDING_APPROVAL}))
    today = _today()
    petition.status, petition.approved_on, petition.approved_by = Status.APPROVED, today, actor
    petition.publish_due = deadlines.publish_due(today, current_calendar())
    petition.save(update_fields=["status", "approved_on", "approved_by", "publish_due"])
    _event(petition, EventKind.APPROVED, actor, before=Status.PENDING_APPROVAL, note=note)
    return petition


@transaction.atomic
def petition_return(*, petition: Petition, note: str, actor, version: int | None = None) -> Petition:
    """The head of unit sends the draft back with what to change."""
    note = _note(note, label=_("What to change"), required=True)
    petition = _lock(petition, version, frozenset({Status.PENDING_APPROVAL}))
    petition.status = Status.ACCEPTED
    petition.save(update_fields=["status"])
    _event(petition, EventKind.RETURNED, actor, before=Status.PENDING_APPROVAL, note=note)
    return petition


def publication_draft(petition: Petition) -> str:
    """The summary offered when publishing: the petition's text with personal data masked."""
    return redact(petition.content, known=_known(petition))


def _known(petition: Petition) -> list[str]:
    return [petition.contact_name, petition.contact_phone, petition.contact_email, petition.contact_address]


def _portal_set(petition: Petition, *, published: bool, actor) -> None:
    """The one publication decision (``cchc.portal.services.publication_set``): the answer on every public
    page (the portal, the list of answers, the lookup), or off all of them, in this transaction."""
    from cchc.petitions.portal_section import KIND, publication_year
    from cchc.portal.services import publication_set

    publication_set(kind=KIND, unit=petition.unit, year=publication_year(petition), object_id=petition.pk,
                    published=published, actor=actor)


@transaction.atomic
def petition_publish(*, petition: Petition, summary: str, actor, version: int | None = None) -> Petition:
    """Publish the approved answer with a summary of the petition; personal data is masked in both."""
    summary = _note(summary, label=_("Published summary"), required=True, field="summary")
    petition = _lock(petition, version, frozenset({Status.APPROVED}))
    petition.status, petition.published_on = Status.PUBLISHED, _today()
    petition.public_summary = redact(summary, known=_known(petition))
    petition.public_answer = redact(petition.answer, known=_known(petition))
    petition.save(update_fields=["status", "published_on", "public_summary", "public_answer"])
    _event(petition, EventKind.PUBLISHED, actor, before=Status.APPROVED)
    _portal_set(petition, published=True, actor=actor)
    return petition


@transaction.atomic
def petition_withdraw(*, petition: Petition, actor, version: int | None = None, note: str = "") -> Petition:
    """The head of unit takes a published answer off every public page (personal data found in it, a
    correction to come); the petition stays answered and published on its date for the indicators."""
    from cchc.petitions.portal_section import is_on_portal

    note = _note(note, label=_("Reason"), required=True)
    petition = _lock(petition, version, frozenset({Status.PUBLISHED}))
    if not is_on_portal(petition):
        raise ValidationError({"version": _("The answer is not on the public pages.")})
    _portal_set(petition, published=False, actor=actor)
    _event(petition, EventKind.WITHDRAWN, actor, before=Status.PUBLISHED, note=note)
    return petition


@transaction.atomic
def petition_republish(*, petition: Petition, summary: str, actor, version: int | None = None) -> Petition:
    """Publish a withdrawn answer again, with its summary as corrected; personal data is masked again."""
    from cchc.petitions.portal_section import is_on_portal

    summary = _note(summary, label=_("Published summary"), required=True, field="summary")
    petition = _lock(petition, version, frozenset({Status.PUBLISHED}))
    if is_on_portal(petition):
        raise ValidationError({"version": _("The answer is already on the public pages.")})
    petition.public_summary = redact(summary, known=_known(petition))
    petition.public_answer = redact(petition.answer, known=_known(petition))
    petition.save(update_fields=["public_summary", "public_answer"])
    _event(petition, EventKind.REPUBLISHED, actor, before=Status.PUBLISHED)
    _portal_set(petition, published=True, actor=actor)
    return petition


# --- notifications and reminders ------------------------------------------------------------------


def _members(unit_id: int, roles: list[str], on: dt.date) -> list:
    memberships = Membership.objects.valid_on(on).filter(unit_id=unit_id, role__in=roles).select_related("user")
    return [m.user for m in memberships]


def _tell(petition: Petition, perm: str, text: str, *, kind: str) -> int:
    """Tell the people of the petition's unit who hold ``perm`` (administrators aside)."""
    roles = [role for role in roles_with(perm) if role != Role.ADMIN]
    users = _members(petition.unit_id, roles, _today())
    with translation.override("vi"):
        notify(users=users, unit=petition.unit, text=str(text), url=petition.get_absolute_url(), kind=kind)
    return len(users)


def current_step(petition: Petition) -> tuple[str, dt.date] | None:
    """(what is due, by when) for an open petition."""
    if petition.status == Status.RECEIVED:
        return "decide", petition.decide_due
    if petition.status == Status.PENDING_APPROVAL:
        return "approve", petition.resolve_due
    if petition.status in HANDLING_STATUSES:
        return "resolve", petition.resolve_due
    if petition.status == Status.APPROVED and petition.publish_due:
        return "publish", petition.publish_due
    return None


def _reminder_text(petition: Petition, step: str, kind: str, due: dt.date, days: int) -> str:
    names = {"decide": _("acceptance or rejection"), "resolve": _("the answer"), "approve": _("approval of the answer"),
             "publish": _("publication of the answer")}
    params = {"step": names[step], "number": petition.pk, "date": _d(due), "days": days}
    if kind == ReminderKind.DUE_SOON:
        return _("Petition no. {number}: {step} is due on {date}.").format(**params)
    if kind == ReminderKind.OVERDUE:
        return _("Petition no. {number}: {step} was due on {date} and is late.").format(**params)
    return _("Petition no. {number}: {step} is still not done, {days} working day(s) after its due date {date}.").format(**params)


def reminders_send(*, today: dt.date) -> int:
    """Send the reminders due on ``today``; idempotent (each step is recorded in ``PetitionReminder``)."""
    calendar = current_calendar()
    petitions = Petition.objects.exclude(status__in=CLOSED_STATUSES).select_related("unit").prefetch_related("reminders")
    sent = 0
    for petition in petitions.iterator(chunk_size=500):
        step = current_step(petition)
        if step is None:
            continue
        name, due = step
        reminder = deadlines.reminder_step(due, today, calendar)
        if reminder is None:
            continue
        kind, days = reminder
        if any((r.step, r.due_on, r.kind, r.working_days) == (name, due, kind, days) for r in petition.reminders.all()):
            continue
        sent += _send(petition, name, due, kind, days, today)
    return sent


def _send(petition: Petition, step: str, due: dt.date, kind: str, days: int, today: dt.date) -> int:
    if kind == ReminderKind.ESCALATION or step == "approve":
        roles = [Role.HEAD]
    else:
        roles = [role for role in roles_with(Perm.EDIT) if role != Role.ADMIN]
    users = _members(petition.unit_id, roles, today)
    try:
        with transaction.atomic():
            PetitionReminder.objects.create(petition=petition, step=step, due_on=due, kind=kind, working_days=days, sent_on=today,
                                            recipients=len(users))
            with translation.override("vi"):
                notify(users=users, unit=petition.unit, text=_reminder_text(petition, step, kind, due, days),
                       url=petition.get_absolute_url(), kind=f"petitions.{kind}")
    except IntegrityError:  # another run recorded the same step meanwhile
        return 0
    return 1
