"""Writes of the petitions app: intake (public form, staff, national portal), settings and the citizen's rating.

The handling steps (classify, accept or reject, transfer, answer, approve, publish) are in ``handling``.
Every write validates everything first and writes in one transaction: a refused petition leaves no row
and no stored file behind. Errors are ``ValidationError``s keyed by the field, in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from cchc.calendar.api import current_calendar
from cchc.core.uploads import UploadPolicy, validate_upload
from cchc.petitions import deadlines, tracking
from cchc.petitions.choices import STAFF_CHANNELS, Category, Channel, ContactPolicy, EventKind, Rating, Status
from cchc.petitions.models import (
    MAX_TEXT,
    Petition,
    PetitionAttachment,
    PetitionEvent,
    PetitionRating,
    PetitionSetting,
)
from cchc.petitions.validation import clean_phone, clean_text
from cchc.units.models import Unit, UnitKind
from cchc.units.scoping import UnitGraph

#: Attachments: documents and photos only, 5 MB each, at most 3 per petition.
ATTACHMENT_POLICY = UploadPolicy(extensions=frozenset({".pdf", ".jpg", ".jpeg", ".png", ".docx", ".doc"}), max_bytes=5 * 1024 * 1024)
MAX_ATTACHMENTS = 3
#: at most this many petitions in one push from the national portal
MAX_BATCH_ITEMS = 500
#: units a citizen may address on the public form: agencies, not their internal divisions
PUBLIC_UNIT_KINDS_EXCLUDED = frozenset({UnitKind.DIVISION})


@dataclass(frozen=True)
class Intake:
    """What the petitioner says: the text, what it concerns, and how to reach them (optional)."""

    content: str
    procedure_code: str = ""
    dossier_code: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    contact_address: str = ""


def _labels() -> dict[str, str]:
    return {
        "content": _("Content"), "procedure_code": _("Procedure code"), "dossier_code": _("Dossier code"),
        "contact_name": _("Full name"), "contact_phone": _("Phone"), "contact_email": _("E-mail"),
        "contact_address": _("Address"), "external_code": _("National portal code"),
    }


def _clean_intake(intake: Intake, *, policy: str, errors: dict[str, list[str]]) -> dict[str, str]:
    """The cleaned fields of ``intake``; each refusal is added to ``errors`` under its field."""
    labels = _labels()
    limits = {"content": MAX_TEXT, "procedure_code": 40, "dossier_code": 64, "contact_name": 100, "contact_email": 254,
              "contact_address": 255}
    cleaned: dict[str, str] = {}
    for name, limit in limits.items():
        try:
            cleaned[name] = clean_text(getattr(intake, name), label=labels[name], max_length=limit, required=name == "content")
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.messages)
    try:
        cleaned["contact_phone"] = clean_phone(intake.contact_phone, label=labels["contact_phone"])
    except ValidationError as error:
        errors.setdefault("contact_phone", []).extend(error.messages)
    if cleaned.get("contact_email"):
        try:
            validate_email(cleaned["contact_email"])
        except ValidationError:
            errors.setdefault("contact_email", []).append(_("{field}: enter a valid e-mail address.").format(field=labels["contact_email"]))
    if policy == ContactPolicy.HIDDEN:
        for name in ("contact_name", "contact_phone", "contact_email", "contact_address"):
            cleaned[name] = ""
            errors.pop(name, None)
    elif policy == ContactPolicy.REQUIRED:
        if "contact_name" not in errors and not cleaned.get("contact_name"):
            errors.setdefault("contact_name", []).append(_("{field}: this unit asks for your name.").format(field=labels["contact_name"]))
        reachable = cleaned.get("contact_phone") or cleaned.get("contact_email")
        if not reachable and "contact_phone" not in errors and "contact_email" not in errors:
            errors.setdefault("contact_phone", []).append(_("Give a phone number or an e-mail address so that the unit can reach you."))
    return cleaned


def contact_policy_for(unit: Unit) -> str:
    """The unit's own setting, else that of the nearest unit above it that has one, else "optional"."""
    graph = UnitGraph.load()
    chain = [unit.pk, *graph.ancestors(unit.pk)]
    found = dict(PetitionSetting.objects.filter(unit_id__in=chain).values_list("unit_id", "contact_policy"))
    return next((found[pk] for pk in chain if pk in found), ContactPolicy.OPTIONAL)


def accepts_public_petitions(unit: Unit, on: dt.date) -> bool:
    """Whether the public form offers ``unit``: an agency (not a division) that exists on ``on``."""
    return unit.kind not in PUBLIC_UNIT_KINDS_EXCLUDED and unit.valid_from <= on and (unit.valid_to is None or unit.valid_to >= on)


def _check_files(files: Sequence, errors: dict[str, list[str]]) -> None:
    if len(files) > MAX_ATTACHMENTS:
        errors.setdefault("files", []).append(_("At most {n} files may be attached.").format(n=MAX_ATTACHMENTS))
        return
    for upload in files:
        try:
            validate_upload(upload, ATTACHMENT_POLICY)
        except ValidationError as error:
            errors.setdefault("files", []).extend(error.messages)


def _new_tracking_code() -> str:
    for _attempt in range(8):
        code = tracking.new_code()
        if not Petition.objects.filter(tracking_code=code).exists():
            return code
    raise RuntimeError("no free tracking code after 8 attempts")  # 4·10¹³ codes: never happens in practice


def _create(*, unit: Unit, channel: str, cleaned: dict, received_at: dt.datetime, actor, external_code: str = "",
            category: str = "") -> Petition:
    received_on = timezone.localtime(received_at).date()
    clock = deadlines.clock_dates(received_on, current_calendar())
    petition = Petition(
        unit=unit, tracking_code=_new_tracking_code(), external_code=external_code, channel=channel, received_at=received_at,
        received_on=received_on, started_on=received_on, decide_due=clock.decide_due, info_due=clock.info_due,
        resolve_due=clock.resolve_due, created_by=actor, category=category, **cleaned,
    )
    petition.full_clean()
    petition.save()
    PetitionEvent.objects.create(petition=petition, kind=EventKind.RECEIVED, actor=actor, at=received_at, to_status=Status.RECEIVED,
                                 to_unit=unit, note=Channel(channel).label)
    return petition


def _store_files(petition: Petition, files: Sequence) -> None:
    """Store the (already checked) files; when anything fails, the files stored so far are removed again."""
    stored: list[PetitionAttachment] = []
    try:
        for upload in files:
            name = str(upload.name).replace("\\", "/").rsplit("/", 1)[-1][:255]
            attachment = PetitionAttachment(petition=petition, file_name=name, file_size=upload.size)
            upload.seek(0)
            attachment.file.save(name, upload, save=False)
            stored.append(attachment)
            attachment.save()
    except Exception:
        for attachment in stored:
            attachment.file.delete(save=False)
        raise


@transaction.atomic
def petition_submit(*, unit: Unit, intake: Intake, files: Sequence = (), now: dt.datetime | None = None) -> Petition:
    """A petition sent by a citizen through the public form; returns it with its new tracking code.

    The unit's contact setting decides whether contact details are dropped, optional or required.
    Nothing is stored about the sender beyond what they typed (no address, no account).
    """
    now = now or timezone.now()
    if not accepts_public_petitions(unit, timezone.localtime(now).date()):
        raise ValidationError({"unit": _("Choose a unit from the list.")})
    errors: dict[str, list[str]] = {}
    cleaned = _clean_intake(intake, policy=contact_policy_for(unit), errors=errors)
    _check_files(files, errors)
    if errors:
        raise ValidationError(errors)
    petition = _create(unit=unit, channel=Channel.PUBLIC_FORM, cleaned=cleaned, received_at=now, actor=None)
    _store_files(petition, files)  # last: nothing after it can fail and leave files without rows
    return petition


@transaction.atomic
def petition_register(*, unit: Unit, channel: str, received_at: dt.datetime, intake: Intake, actor, files: Sequence = (),
                      external_code: str = "") -> Petition:
    """A petition an officer records from a phone call, a letter or the national portal."""
    errors: dict[str, list[str]] = {}
    if channel not in STAFF_CHANNELS:
        errors["channel"] = [_("Choose how the petition was received.")]
    _check_received_at(received_at, errors)
    cleaned = _clean_intake(intake, policy=ContactPolicy.OPTIONAL, errors=errors)
    external_code = _clean_external_code(external_code, errors, required=False)
    if external_code and Petition.objects.filter(external_code=external_code).exists():
        errors.setdefault("external_code", []).append(_("A petition with this national portal code is already recorded."))
    _check_files(files, errors)
    if errors:
        raise ValidationError(errors)
    petition = _create(unit=unit, channel=channel, cleaned=cleaned, received_at=received_at, actor=actor, external_code=external_code)
    _store_files(petition, files)  # last: nothing after it can fail and leave files without rows
    return petition


def _check_received_at(received_at, errors: dict[str, list[str]]) -> None:
    if not isinstance(received_at, dt.datetime):
        errors.setdefault("received_at", []).append(_("Give the date and time the petition was received."))
        return
    if received_at > timezone.now() + dt.timedelta(minutes=5):
        errors.setdefault("received_at", []).append(_("The reception time cannot be in the future."))
    elif timezone.localtime(received_at).date() < dt.date(2018, 1, 1):
        errors.setdefault("received_at", []).append(_("The reception date must be 01/01/2018 or later."))


def _clean_external_code(value, errors: dict[str, list[str]], *, required: bool) -> str:
    try:
        return clean_text(value, label=_labels()["external_code"], max_length=64, required=required)
    except ValidationError as error:
        errors.setdefault("external_code", []).extend(error.messages)
        return ""


# --- the national portal's push -----------------------------------------------------------------


class RowErrors(Exception):
    """Refusals of a batch, each as (position, message); nothing of the batch was written."""

    def __init__(self, rows: list[tuple[int, str]]):
        super().__init__(f"{len(rows)} item(s) refused")
        self.rows = rows


@dataclass
class ImportResult:
    created: list[Petition] = field(default_factory=list)
    unchanged: int = 0


def _parse_moment(value) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, str):
        text = value.strip()
        try:
            moment = parse_datetime(text) or (
                dt.datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=timezone.get_current_timezone()) if "/" in text else None
            )
        except ValueError:
            return None
        if moment is None:
            return None
    else:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@transaction.atomic
def petitions_import(*, items: Iterable[dict], actor, writable_unit_ids: frozenset[int]) -> ImportResult:
    """Petitions pushed by the national portal, keyed on the portal's code: all or nothing.

    A code already recorded for a unit the caller may write is left as it is (a re-sent batch changes
    nothing). A unit code the caller may not write, or a portal code recorded under such a unit, is
    refused with the same message, so a refusal never tells whether a code exists elsewhere.
    """
    result = ImportResult()
    refusals: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    planned: list[tuple[Unit, str, dict, dt.datetime, str, str]] = []
    items = list(items)
    existing = {
        p.external_code: p.unit_id
        for p in Petition.objects.filter(external_code__in=[str(i.get("external_code", "")).strip() for i in items if isinstance(i, dict)])
    }
    units_by_code: dict[str, list[Unit]] = {}
    for unit in Unit.objects.filter(code__in=[str(i.get("unit", "")).strip() for i in items if isinstance(i, dict)]):
        units_by_code.setdefault(unit.code, []).append(unit)
    for position, item in enumerate(items):
        errors: dict[str, list[str]] = {}
        code = _clean_external_code(item.get("external_code"), errors, required=True)
        unit_code = str(item.get("unit", "")).strip()[:40]
        received_at = _parse_moment(item.get("received_at"))
        _check_received_at(received_at, errors)
        refused = _("you may not record this petition for the unit code '{unit}'.").format(unit=unit_code)
        unit = None
        if received_at is not None:
            day = timezone.localtime(received_at).date()
            unit = next((u for u in units_by_code.get(unit_code, ()) if u.valid_from <= day and (u.valid_to is None or u.valid_to >= day)), None)
        recorded_elsewhere = code in existing and existing[code] not in writable_unit_ids
        if unit is None or unit.pk not in writable_unit_ids or recorded_elsewhere:
            errors.setdefault("unit", []).append(refused)
        if code and code in seen:
            errors.setdefault("external_code", []).append(
                _("the portal code {code} is repeated (item #{first}).").format(code=code, first=seen[code])
            )
        seen.setdefault(code, position)
        category = str(item.get("category", "") or "").strip()
        if category and category not in Category.values:
            errors.setdefault("category", []).append(_("unknown class '{value}'.").format(value=category[:20]))
        intake = Intake(**{name: item.get(name) or "" for name in Intake.__dataclass_fields__})
        cleaned = _clean_intake(intake, policy=ContactPolicy.OPTIONAL, errors=errors)
        if errors:
            refusals.extend((position, message) for messages in errors.values() for message in messages)
            continue
        if code in existing:
            result.unchanged += 1
            continue
        planned.append((unit, code, cleaned, received_at, category, ""))
    if refusals:
        raise RowErrors(refusals)
    for unit, code, cleaned, received_at, category, _unused in planned:
        result.created.append(_create(unit=unit, channel=Channel.NATIONAL_PORTAL, cleaned=cleaned, received_at=received_at,
                                      actor=actor, external_code=code, category=category))
    return result


# --- settings and rating ------------------------------------------------------------------------


@transaction.atomic
def petition_setting_update(*, unit: Unit, contact_policy: str, actor) -> PetitionSetting:
    if contact_policy not in ContactPolicy.values:
        raise ValidationError({"contact_policy": _("Choose one of the options.")})
    setting, _created = PetitionSetting.objects.select_for_update().get_or_create(unit=unit)
    setting.contact_policy = contact_policy
    setting.updated_by = actor
    setting._history_user = actor
    setting.full_clean()
    setting.save()
    return setting


def petition_rate(*, petition: Petition, value: str) -> PetitionRating:
    """The citizen rates the published answer, once; a second rating is refused."""
    if value not in Rating.values:
        raise ValidationError({"value": _("Choose satisfied or dissatisfied.")})
    if petition.status != Status.PUBLISHED:
        raise ValidationError({"value": _("The answer can be rated once it is published.")})
    try:
        with transaction.atomic():
            rating = PetitionRating.objects.create(petition=petition, value=value)
            PetitionEvent.objects.create(petition=petition, kind=EventKind.RATED, note=Rating(value).label,
                                         from_status=petition.status, to_status=petition.status)
    except IntegrityError:
        raise ValidationError({"value": _("This petition has already been rated. Thank you.")}) from None
    return rating
