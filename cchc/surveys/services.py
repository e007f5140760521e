"""Writes of the surveys app: questionnaires (copy, edit as a new version), campaigns and their access
points, responses (public, kiosk, paper) and the tallies kept with them.

Each service validates, writes in one transaction, and raises ``ValidationError`` keyed by the field
with a Vietnamese message; nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, Max, Q, Sum, Value, When
from django.utils import timezone

from cchc.procedures.models import Dossier
from cchc.surveys import portal_section, results
from cchc.surveys.choices import AGE_BANDS, EDUCATION, SEX, Channel, QuestionnaireKind, Scale
from cchc.surveys.models import (
    AccessPoint,
    Answer,
    Campaign,
    Item,
    QuestionGroup,
    Questionnaire,
    Response,
    Tally,
)
from cchc.units.models import Unit
from cchc.units.scoping import UnitGraph

MAX_COMMENT = 2000
MAX_SECTOR = 255
MAX_PROCEDURE = 500
MAX_DOSSIER_CODE = 64
MAX_ITEMS = 60


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


# --- questionnaires ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupInput:
    title: str
    items: list[tuple[str, bool]]


def parse_structure(text: str) -> list[GroupInput]:
    """Groups and items from text: a line starting with ``#`` opens a group, every other line is an item;
    an item ending with ``(minh họa)`` is marked as demonstration wording."""
    groups: list[GroupInput] = []
    problems = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            title = line.lstrip("#").strip()
            if not title:
                problems.append(f"Dòng {number}: nhóm chưa có tên.")
            elif len(title) > 300:
                problems.append(f"Dòng {number}: tên nhóm dài quá 300 ký tự.")
            groups.append(GroupInput(title, []))
            continue
        if not groups:
            problems.append(f"Dòng {number}: nhận định phải nằm trong một nhóm (dòng bắt đầu bằng #).")
            continue
        demo = line.endswith("(minh họa)")
        text_ = line.removesuffix("(minh họa)").strip() if demo else line
        if len(text_) > 500:
            problems.append(f"Dòng {number}: nhận định dài quá 500 ký tự.")
        groups[-1].items.append((text_, demo))
    if not problems:
        if not any(group.items for group in groups):
            problems.append("Phiếu cần ít nhất một nhận định.")
        problems += [f"Nhóm “{g.title}” chưa có nhận định nào." for g in groups if not g.items]
        if sum(len(g.items) for g in groups) > MAX_ITEMS:
            problems.append(f"Phiếu có tối đa {MAX_ITEMS} nhận định.")
    if problems:
        raise ValidationError({"structure": problems})
    return groups


def structure_text(questionnaire: Questionnaire) -> str:
    """The text ``parse_structure`` reads back into the same groups and items."""
    lines = []
    for group in questionnaire.groups.prefetch_related("items"):
        lines.append(f"# {group.title}")
        lines += [f"{item.text} (minh họa)" if item.is_demo else item.text for item in group.items.all()]
    return "\n".join(lines)


def _write_structure(questionnaire: Questionnaire, groups: list[GroupInput]) -> None:
    number = 0
    for position, group_input in enumerate(groups, start=1):
        group = QuestionGroup.objects.create(questionnaire=questionnaire, position=position, title=group_input.title)
        for text, demo in group_input.items:
            number += 1
            Item.objects.create(questionnaire=questionnaire, group=group, number=number, text=text, is_demo=demo)


def _groups_of(questionnaire: Questionnaire) -> list[GroupInput]:
    return [GroupInput(g.title, [(i.text, i.is_demo) for i in g.items.all()]) for g in questionnaire.groups.prefetch_related("items")]


def _next_version(unit_id: int | None, code: str) -> int:
    found = Questionnaire.objects.filter(unit_id=unit_id, code=code).aggregate(top=Max("version"))["top"]
    return (found or 0) + 1


def _check_scale(scale: str, options) -> list:
    if scale not in Scale.values:
        raise ValidationError({"scale": "Thang đo không hợp lệ."})
    if scale == Scale.LIKERT5:
        return []
    problems = results.check_options(options)
    if problems:
        raise ValidationError({"options": problems})
    return [{"label": str(o["label"]).strip(), "weight": o.get("weight")} for o in options]


def has_answers(questionnaire: Questionnaire) -> bool:
    return Response.objects.filter(campaign__questionnaire=questionnaire).exists()


@transaction.atomic
def questionnaire_copy(*, source: Questionnaire, unit: Unit, year: int | None, actor) -> Questionnaire:
    """A copy of ``source`` owned by ``unit`` for ``year``, to edit; the next version of its code for that unit."""
    if year is not None and not 2000 <= year <= 2100:
        raise ValidationError({"year": "Năm phải từ 2000 đến 2100."})
    copy = Questionnaire(
        unit=unit, code=source.code, version=_next_version(unit.pk, source.code), based_on=source, year=year,
        kind=source.kind, scale=source.scale, options=source.options, title=source.title, intro=source.intro,
        instructions=source.instructions, closing=source.closing, source=source.source, is_builtin=False,
    )
    copy._history_user = actor
    copy.full_clean()
    copy.save()
    _write_structure(copy, _groups_of(source))
    return copy


@transaction.atomic
def questionnaire_update(*, questionnaire: Questionnaire, actor, title: str, intro: str = "", instructions: str = "",
                         closing: str = "", scale: str = Scale.LIKERT5, options=None, structure: str, year=None,
                         kind: str | None = None) -> Questionnaire:
    """Edit a unit's questionnaire. One that already has answers is kept as it was: the edits make its next
    version, which is returned (campaigns keep the version they were answered on)."""
    if questionnaire.is_builtin or questionnaire.unit_id is None:
        raise ValidationError("Phiếu có sẵn không sửa trực tiếp được; hãy sao chép phiếu cho đơn vị rồi sửa bản sao.")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Vui lòng nhập tên phiếu."})
    options = _check_scale(scale, options or [])
    groups = parse_structure(structure)
    target = questionnaire
    if has_answers(questionnaire):
        target = Questionnaire(unit_id=questionnaire.unit_id, code=questionnaire.code,
                               version=_next_version(questionnaire.unit_id, questionnaire.code), based_on=questionnaire,
                               is_builtin=False, source=questionnaire.source)
    target.title, target.intro, target.instructions, target.closing = title, intro.strip(), instructions.strip(), closing.strip()
    target.scale, target.options, target.year = scale, options, year if year is not None else questionnaire.year
    target.kind = kind or questionnaire.kind
    target._history_user = actor
    target.full_clean()
    target.save()
    target.groups.all().delete()
    _write_structure(target, groups)
    return target


# --- campaigns --------------------------------------------------------------------------------------


def usable_questionnaires(unit: Unit):
    """Questionnaires a campaign of ``unit`` may use: built-in ones, its own and its superiors'."""
    owners = [unit.pk, *UnitGraph.load().ancestors(unit.pk)]
    return Questionnaire.objects.filter(Q(unit__isnull=True) | Q(unit__in=owners))


@transaction.atomic
def campaign_create(*, unit: Unit, questionnaire: Questionnaire, title: str, starts_on: dt.date, ends_on: dt.date,
                    targets: list[Unit], actor, ask_dossier_code: bool = False, counters: list[str] = ()) -> Campaign:
    """A campaign of ``unit`` on ``questionnaire`` surveying ``targets`` (the unit itself or units below it),
    with a public link, a QR code and a kiosk for each surveyed unit (and a QR code per named counter)."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Vui lòng nhập tên đợt khảo sát."})
    if starts_on is None or ends_on is None or ends_on < starts_on:
        raise ValidationError({"ends_on": "Ngày kết thúc phải từ ngày bắt đầu trở đi."})
    if not usable_questionnaires(unit).filter(pk=questionnaire.pk).exists():
        raise ValidationError({"questionnaire": "Đơn vị không dùng được phiếu này."})
    targets = list(dict.fromkeys(targets or [unit]))
    below = UnitGraph.load().descendants(unit.pk)
    problems = [f"{t.name} không thuộc {unit.name}." for t in targets if t.pk not in below]
    problems += [f"{t.name} không hoạt động trong thời gian khảo sát." for t in targets
                 if t.pk in below and (t.valid_from > ends_on or (t.valid_to is not None and t.valid_to < starts_on))]
    if problems:
        raise ValidationError({"targets": problems})
    campaign = Campaign(unit=unit, questionnaire=questionnaire, title=title, starts_on=starts_on, ends_on=ends_on,
                        ask_dossier_code=ask_dossier_code, created_by=actor)
    campaign._history_user = actor
    campaign.full_clean()
    campaign.save()
    campaign.targets.set(targets)
    for target in targets:
        for channel in (Channel.LINK, Channel.QR, Channel.KIOSK):
            AccessPoint.objects.create(campaign=campaign, unit=target, channel=channel)
        for counter in counters:
            if counter.strip():
                AccessPoint.objects.create(campaign=campaign, unit=target, channel=Channel.QR, counter=counter.strip()[:100])
    return campaign


@transaction.atomic
def access_point_create(*, campaign: Campaign, unit: Unit, counter: str, channel: str, actor) -> AccessPoint:
    """A QR code or kiosk of one counter of a surveyed unit."""
    counter = (counter or "").strip()
    if channel not in (Channel.QR, Channel.KIOSK, Channel.LINK):
        raise ValidationError({"channel": "Kênh không hợp lệ."})
    if not campaign.targets.filter(pk=unit.pk).exists():
        raise ValidationError({"unit": "Đơn vị này không thuộc đợt khảo sát."})
    if len(counter) > 100:
        raise ValidationError({"counter": "Tên quầy tối đa 100 ký tự."})
    if AccessPoint.objects.filter(campaign=campaign, unit=unit, counter=counter, channel=channel).exists():
        raise ValidationError({"counter": "Đã có mã cho quầy này."})
    return AccessPoint.objects.create(campaign=campaign, unit=unit, counter=counter, channel=channel)


# --- responses --------------------------------------------------------------------------------------


@dataclass
class ResponseInput:
    """What a respondent (or the officer typing a paper form) gives: item id → choice, the field, the profile."""

    choices: dict[int, int]
    sector: str
    procedure_text: str = ""
    sex: str = ""
    age_band: str = ""
    education: str = ""
    comment: str = ""
    dossier_code: str = ""


DUPLICATE_DOSSIER = "Mã hồ sơ này đã được dùng để trả lời phiếu khảo sát này."


def dossier_key(campaign: Campaign, code: str) -> str:
    """A keyed hash of the dossier code for the campaign: the code itself is never stored with an answer."""
    message = f"survey-dossier:{campaign.pk}:{code.strip().upper()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _clean(campaign: Campaign, data: ResponseInput) -> dict:
    questionnaire = campaign.questionnaire
    items = list(questionnaire.items.order_by("number").values_list("pk", "number"))
    allowed = {choice["value"] for choice in questionnaire.choice_list()}
    errors: dict[str, list[str]] = {}
    for item_id, number in items:
        choice = data.choices.get(item_id)
        if choice not in allowed:
            errors.setdefault(f"item_{item_id}", []).append(f"Nhận định {number}: vui lòng chọn một mức đánh giá.")
    unknown = set(data.choices) - {pk for pk, _ in items}
    if unknown:
        errors.setdefault("__all__", []).append("Phiếu có câu trả lời không thuộc phiếu khảo sát này.")
    sector = " ".join((data.sector or "").split())
    if not sector:
        errors["sector"] = ["Vui lòng cho biết lĩnh vực/thủ tục hành chính đã giải quyết."]
    elif len(sector) > MAX_SECTOR:
        errors["sector"] = [f"Lĩnh vực tối đa {MAX_SECTOR} ký tự."]
    procedure_text = (data.procedure_text or "").strip()
    if len(procedure_text) > MAX_PROCEDURE:
        errors["procedure_text"] = [f"Thủ tục đã giải quyết tối đa {MAX_PROCEDURE} ký tự."]
    comment = (data.comment or "").strip()
    if len(comment) > MAX_COMMENT:
        errors["comment"] = [f"Ý kiến khác tối đa {MAX_COMMENT} ký tự (đang có {len(comment)})."]
    for name, options in (("sex", SEX), ("age_band", AGE_BANDS), ("education", EDUCATION)):
        if getattr(data, name) not in {"", *dict(options)}:
            errors[name] = ["Lựa chọn không hợp lệ."]
    code = (data.dossier_code or "").strip().upper()
    if campaign.ask_dossier_code:
        if not code:
            errors["dossier_code"] = ["Vui lòng nhập mã hồ sơ ghi trên giấy tiếp nhận."]
        elif len(code) > MAX_DOSSIER_CODE:
            errors["dossier_code"] = [f"Mã hồ sơ tối đa {MAX_DOSSIER_CODE} ký tự."]
    for name in ("sector", "procedure_text", "comment", "dossier_code"):
        if "\x00" in (getattr(data, name) or ""):
            errors[name] = ["Nội dung có ký tự không hợp lệ."]
    if errors:
        raise ValidationError(errors)
    return {"sector": sector, "procedure_text": procedure_text, "comment": comment, "code": code if campaign.ask_dossier_code else ""}


@transaction.atomic
def response_submit(*, campaign: Campaign, unit: Unit, data: ResponseInput, channel: str, access_point: AccessPoint | None = None,
                    actor=None, answered_on: dt.date | None = None, paper_reference: str = "") -> Response:
    """Store one anonymous response with its answers and add it to the tallies.

    Public channels answer today, while the campaign is open. A paper form is keyed in by ``actor``
    with the day it was filled in (within the campaign, not in the future) and is marked as such.
    """
    now = timezone.now()
    today = timezone.localdate()
    if not campaign.targets.filter(pk=unit.pk).exists():
        raise ValidationError({"unit": "Đơn vị này không thuộc đợt khảo sát."})
    if channel == Channel.PAPER:
        if actor is None:
            raise ValidationError("Phiếu giấy phải do cán bộ nhập.")
        day = answered_on or today
        if day > today or not campaign.is_open_on(day):
            raise ValidationError({"answered_on": f"Ngày trả lời phải trong thời gian khảo sát ({_d(campaign.starts_on)} – "
                                                  f"{_d(campaign.ends_on)}) và không sau hôm nay."})
        if len(paper_reference or "") > 50:
            raise ValidationError({"paper_reference": "Số phiếu tối đa 50 ký tự."})
    else:
        day = today
        if not campaign.is_open_on(day):
            raise ValidationError(closed_message(campaign, day))
    clean = _clean(campaign, data)
    questionnaire = campaign.questionnaire
    likert = questionnaire.scale == Scale.LIKERT5
    chosen = list(data.choices.values())
    response = Response(
        campaign=campaign, access_point=access_point, unit=unit, channel=channel,
        counter=access_point.counter if access_point else "", submitted_at=now, submitted_on=day, month=month_of(day),
        sector=clean["sector"], procedure_text=clean["procedure_text"], sex=data.sex, age_band=data.age_band,
        education=data.education, comment=clean["comment"],
        satisfied=sum(1 for c in chosen if c >= 4) if likert else 0, valid=len(chosen) if likert else 0,
        entered_by=actor if channel == Channel.PAPER else None, paper_reference=(paper_reference or "").strip(),
    )
    if clean["code"]:
        response.dossier_key = dossier_key(campaign, clean["code"])
        if Response.objects.filter(campaign=campaign, dossier_key=response.dossier_key).exists():
            raise ValidationError({"dossier_code": DUPLICATE_DOSSIER})
        surveyed = UnitGraph.load().descendants(unit.pk)
        response.dossier_matched = Dossier.objects.filter(code__iexact=clean["code"], unit_id__in=surveyed).exists()
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:  # the same dossier code answered at the same moment
        raise ValidationError({"dossier_code": DUPLICATE_DOSSIER}) from None
    Answer.objects.bulk_create(Answer(response=response, item_id=item_id, choice=choice) for item_id, choice in data.choices.items())
    _tally_add(response, data.choices)
    if channel == Channel.PAPER:  # only a paper form can reach a survey that has ended, whose results may be published
        portal_section.results_changed(campaign.pk, unit.pk)
    return response


def closed_message(campaign: Campaign, day: dt.date) -> str:
    if day < campaign.starts_on:
        return f"Đợt khảo sát “{campaign.title}” bắt đầu từ ngày {_d(campaign.starts_on)}. Mời Ông/Bà quay lại sau."
    return f"Đợt khảo sát “{campaign.title}” đã kết thúc ngày {_d(campaign.ends_on)}. Cảm ơn Ông/Bà đã quan tâm."


def _tally_key(response: Response) -> dict:
    return {"campaign_id": response.campaign_id, "unit_id": response.unit_id, "month": response.month, "sector": response.sector,
            "sex": response.sex, "age_band": response.age_band, "education": response.education}


def _tally_add(response: Response, choices: dict[int, int]) -> None:
    """Add one response to the tallies: its row (no item) and one row per item, in three statements.

    The key's rows are locked in the order of their ids (two responses of one key wait for each other
    instead of deadlocking), the oldest row of each item raised in one UPDATE and the missing ones created
    in one INSERT. Of several rows with the same key (two first responses written at the same moment each
    create one) only the oldest is raised, so every response is counted once, however many rows there are.
    """
    key = _tally_key(response)
    flags = {"paper": int(response.channel == Channel.PAPER), "matched": int(response.dossier_matched)}
    wanted: dict[int | None, dict[str, int]] = {None: {"responses": 1, **{name: value for name, value in flags.items() if value}}}
    for item_id, choice in choices.items():
        wanted[item_id] = {f"n{choice}": 1}
    with transaction.atomic(savepoint=False):
        found: dict[int | None, int] = {}
        for pk, item_id in Tally.objects.filter(**key).order_by("pk").select_for_update().values_list("pk", "item_id"):
            if item_id in wanted:
                found.setdefault(item_id, pk)
        if found:
            columns: dict[str, list[When]] = {}
            for item_id, pk in found.items():
                for name, value in wanted[item_id].items():
                    columns.setdefault(name, []).append(When(pk=pk, then=Value(value)))
            Tally.objects.filter(pk__in=found.values()).update(
                **{name: F(name) + Case(*whens, default=Value(0)) for name, whens in columns.items()})
        Tally.objects.bulk_create([Tally(**key, item_id=item_id, **counts) for item_id, counts in wanted.items()
                                   if item_id not in found])


@transaction.atomic
def tallies_rebuild(*, campaign: Campaign) -> int:
    """Recompute the campaign's tallies from its responses and answers, set-wise; the number of rows written."""
    Tally.objects.filter(campaign=campaign).delete()
    dims = ("unit_id", "month", "sector", "sex", "age_band", "education")
    rows = [
        Tally(campaign=campaign, item_id=None, responses=row["n"], paper=row["paper"], matched=row["matched"], **{d: row[d] for d in dims})
        for row in Response.objects.filter(campaign=campaign).values(*dims).annotate(
            n=Count("pk"), paper=Count("pk", filter=Q(channel=Channel.PAPER)), matched=Count("pk", filter=Q(dossier_matched=True)),
        ).order_by()
    ]
    answer_dims = {f"response__{d.removesuffix('_id')}": d for d in dims}
    counts = {f"n{c}": Count("pk", filter=Q(choice=c)) for c in range(1, 6)}
    for row in Answer.objects.filter(response__campaign=campaign).values(*answer_dims, "item_id").annotate(**counts).order_by():
        rows.append(Tally(campaign=campaign, item_id=row["item_id"], **{d: row[a] for a, d in answer_dims.items()},
                          **{name: row[name] for name in counts}))
    Tally.objects.bulk_create(rows, batch_size=2000)
    portal_section.results_changed(campaign.pk)
    return len(rows)


def tally_totals(campaign: Campaign) -> dict:
    """Sums of the campaign's tallies (for checks): responses and n1…n5 over all items."""
    return Tally.objects.filter(campaign=campaign).aggregate(
        responses=Sum("responses"), **{f"n{c}": Sum(f"n{c}") for c in range(1, 6)}
    )


# --- publication on the public portal ------------------------------------------------------------


def survey_results_publish(*, campaign: Campaign, unit: Unit, actor, published: bool = True):
    """Publish the results of a finished survey for one surveyed unit on the public portal, or withdraw
    them: the head of that unit (or of a unit above it) decides (``cchc.portal.services.publication_set``)."""
    from cchc.portal.services import publication_set

    return publication_set(kind=portal_section.KIND, unit=unit, year=portal_section.publication_year(campaign),
                           object_id=campaign.pk, published=published, actor=actor)


def kind_label(kind: str) -> str:
    return dict(QuestionnaireKind.choices)[kind]
