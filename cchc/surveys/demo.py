"""Demo surveys for the demo city (``seed_demo``): Xã Trần Đề runs the built-in 9-item ward form, Sở Xây
dựng collects one-stop ratings per dossier at two counters. A few hundred invented answers over the
last months, through every channel, so the results, the exports and QĐ 766 indicator 5.4 show something.

The city also ran the five-factor SIPAS form in its units over four months that ended last month; the
results of its units are published on the public portal (``cchc.surveys.portal_section``), but for the
last unit's, to show that publishing is a choice.

The answers are seeded-random and inserted in bulk, then tallied set-wise (``tallies_rebuild``), which
keeps ``make dev`` quick. ``load`` changes nothing when the campaigns are there.
"""

from __future__ import annotations

import datetime as dt
import random

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cchc.surveys import builtins, services
from cchc.surveys.choices import AGE_BANDS, EDUCATION, SEX, Channel
from cchc.surveys.models import Answer, Campaign, Questionnaire, Response
from cchc.units.models import Unit

COMMENTS = ["Cán bộ hướng dẫn nhiệt tình.", "Thời gian chờ hơi lâu.", "Nên bố trí thêm ghế ngồi chờ.", "",
            "Hài lòng với kết quả.", "", "Cần niêm yết thủ tục rõ hơn.", ""]
SECTORS = ["Hộ tịch", "Chứng thực", "Đất đai", "Xây dựng"]
#: (campaign title, unit code, questionnaire code, responses, counters, satisfaction bias 0–1)
CAMPAIGNS = [
    ("Khảo sát sự hài lòng của người dân năm {year}", "92-XTD", "phuong-9-muc", 160, [], 0.78),
    ("Đánh giá giải quyết TTHC theo hồ sơ tại Bộ phận Một cửa", "92-SXD", "mot-cua-ho-so", 90, ["Quầy số 1", "Quầy số 2"], 0.85),
]


#: the city's finished survey: its title, questionnaire and (unit code, responses, satisfaction bias 0–1)
FINISHED_TITLE = "Đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính năm {year}"
FINISHED_QUESTIONNAIRE = "sipas-5-yeu-to"
FINISHED_UNITS = [("92-XTD", 140, 0.82), ("92-SXD", 110, 0.88), ("92-STP", 60, 0.7), ("92-PNK", 80, 0.75), ("92-STC", 45, 0.8)]


def _choice(rng: random.Random, bias: float) -> int:
    return rng.choices([5, 4, 3, 2, 1], weights=[bias * 0.45, bias * 0.55, (1 - bias) * 0.6, (1 - bias) * 0.3, (1 - bias) * 0.1])[0]


@transaction.atomic
def load(*, created: bool) -> None:
    if Campaign.objects.filter(title__startswith="Khảo sát sự hài lòng của người dân năm").exists():
        return
    builtins.load(apps)  # idempotent: the data migration's questionnaires, in case a flush removed them
    today = timezone.localdate()
    starts_on = (today.replace(day=1) - dt.timedelta(days=150)).replace(day=1)
    actor = get_user_model().objects.filter(username="admin").first()
    rng = random.Random(2025)
    for title, code, questionnaire_code, count, counters, bias in CAMPAIGNS:
        unit = Unit.objects.filter(code=code, valid_to__isnull=True).first()
        questionnaire = Questionnaire.objects.filter(unit__isnull=True, code=questionnaire_code).first()
        if unit is None or questionnaire is None:
            continue
        campaign = services.campaign_create(unit=unit, questionnaire=questionnaire, title=title.format(year=today.year),
                                            starts_on=starts_on, ends_on=today + dt.timedelta(days=90), targets=[unit],
                                            counters=counters, actor=actor)
        _answers(campaign, unit, count, bias, rng, today, actor)
        services.tallies_rebuild(campaign=campaign)
    _finished(today, actor, rng)


def _finished(today: dt.date, actor, rng: random.Random) -> None:
    """The city's SIPAS survey of its units over the four months before this one, published for all but the last unit."""
    city = Unit.objects.filter(code="92", valid_to__isnull=True).first()
    questionnaire = Questionnaire.objects.filter(unit__isnull=True, code=FINISHED_QUESTIONNAIRE).first()
    ends_on = today.replace(day=1) - dt.timedelta(days=1)
    starts_on = (ends_on - dt.timedelta(days=100)).replace(day=1)
    targets = [unit for code, _count, _bias in FINISHED_UNITS
               if (unit := Unit.objects.filter(code=code, valid_to__isnull=True).first()) is not None and unit.valid_from <= starts_on]
    if city is None or questionnaire is None or actor is None or not targets:
        return
    campaign = services.campaign_create(unit=city, questionnaire=questionnaire, title=FINISHED_TITLE.format(year=ends_on.year),
                                        starts_on=starts_on, ends_on=ends_on, targets=targets, actor=actor)
    counts = {code: (count, bias) for code, count, bias in FINISHED_UNITS}
    for unit in targets:
        count, bias = counts[unit.code]
        _answers(campaign, unit, count, bias, rng, ends_on, actor)
    services.tallies_rebuild(campaign=campaign)
    for unit in targets[:-1]:
        services.survey_results_publish(campaign=campaign, unit=unit, actor=actor)


def _answers(campaign, unit, count, bias, rng, today, actor) -> None:
    items = list(campaign.questionnaire.items.order_by("number").values_list("pk", flat=True))
    points = {p.channel: p for p in campaign.access_points.filter(counter="", unit=unit)}
    span = (today - campaign.starts_on).days
    responses, choices = [], []
    for index in range(count):
        channel = rng.choices([Channel.QR, Channel.LINK, Channel.KIOSK, Channel.PAPER], weights=[5, 2, 2, 1])[0]
        day = campaign.starts_on + dt.timedelta(days=rng.randint(0, span))
        picked = [_choice(rng, bias) for _ in items]
        responses.append(Response(
            campaign=campaign, access_point=points.get(channel), unit=unit, channel=channel,
            submitted_at=timezone.make_aware(dt.datetime.combine(day, dt.time(8 + index % 9, index % 60))),
            submitted_on=day, month=day.replace(day=1), sector=rng.choice(SECTORS), sex=rng.choice(["", *dict(SEX)]),
            age_band=rng.choice(["", *dict(AGE_BANDS)]), education=rng.choice(["", *dict(EDUCATION)]),
            comment=rng.choice(COMMENTS), satisfied=sum(1 for c in picked if c >= 4), valid=len(picked),
            entered_by=actor if channel == Channel.PAPER else None,
            paper_reference=f"PG-{index + 1:03d}" if channel == Channel.PAPER else "",
        ))
        choices.append(picked)
    stored = Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(
        Answer(response=response, item_id=item, choice=choice)
        for response, picked in zip(stored, choices, strict=True) for item, choice in zip(items, picked, strict=True)
    )
