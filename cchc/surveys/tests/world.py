"""Survey rows on the persona world (``cchc/core/testing/personas.py``) and the hand-computed example.

Sở Xây dựng (dept_a) copies the built-in ward form into a three-item questionnaire of two groups and
runs a campaign surveying itself and its Phòng Quản lý xây dựng (division_a), open from 01/01/2025 to
a year after today. ``EXAMPLE`` are four responses whose results are worked out by hand in ``test_results``.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.utils import timezone

from cchc.surveys import builtins, services
from cchc.surveys.choices import Channel
from cchc.surveys.models import AccessPoint, Answer, Campaign, Questionnaire, Response, Tally

STRUCTURE = "# A. Công chức\nCông chức có thái độ giao tiếp lịch sự.\nCông chức hướng dẫn tận tình.\n# B. Kết quả\nKết quả đúng quy định."
#: (choices of items 1, 2, 3), sex, age band, education, field
EXAMPLE = [
    ((5, 4, 3), "nam", "18-24", "dai-hoc", "Xây dựng"),
    ((4, 2, 5), "nu", "25-34", "thpt", "Xây dựng"),
    ((1, 5, 5), "nam", "25-34", "", "Hộ tịch"),
    ((3, 3, 4), "", "", "", "Xây dựng"),
]
START = dt.date(2025, 1, 1)


def end() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=365)


def builtin(code: str = "phuong-9-muc") -> Questionnaire:
    """A built-in questionnaire (loaded again when a test that commits flushed the data migration's rows)."""
    builtins.load(apps)
    return Questionnaire.objects.get(unit__isnull=True, code=code)


def unit_questionnaire(world, *, structure: str = STRUCTURE, scale: str = "likert5", options=None, kind: str = "survey") -> Questionnaire:
    actor = world.users["focal"]
    copy = services.questionnaire_copy(source=builtin(), unit=world.dept_a, year=2025, actor=actor)
    return services.questionnaire_update(questionnaire=copy, actor=actor, title="Phiếu khảo sát của Sở Xây dựng", structure=structure,
                                         scale=scale, options=options or [], kind=kind, instructions=copy.instructions)


def campaign_of(world, questionnaire: Questionnaire | None = None, **kwargs) -> Campaign:
    return services.campaign_create(
        unit=world.dept_a, questionnaire=questionnaire or unit_questionnaire(world), title="Khảo sát hài lòng năm 2025",
        starts_on=kwargs.pop("starts_on", START), ends_on=kwargs.pop("ends_on", None) or end(),
        targets=kwargs.pop("targets", [world.dept_a, world.division_a]), actor=world.users["focal"], **kwargs,
    )


def point(campaign: Campaign, unit, channel: str = Channel.QR) -> AccessPoint:
    return campaign.access_points.get(unit=unit, channel=channel, counter="")


def answer(campaign: Campaign, unit, choices, *, sex="", age_band="", education="", sector="Xây dựng", comment="",
           channel=Channel.LINK, dossier_code="") -> Response:
    items = list(campaign.questionnaire.items.order_by("number").values_list("pk", flat=True))
    data = services.ResponseInput(choices=dict(zip(items, choices, strict=True)), sector=sector, sex=sex, age_band=age_band,
                                  education=education, comment=comment, dossier_code=dossier_code)
    return services.response_submit(campaign=campaign, unit=unit, data=data, channel=channel,
                                    access_point=campaign.access_points.filter(unit=unit, channel=channel).first())


def answer_example(campaign: Campaign, unit) -> list[Response]:
    return [answer(campaign, unit, choices, sex=sex, age_band=age, education=edu, sector=sector)
            for choices, sex, age, edu, sector in EXAMPLE]


def surveys_state():
    return (
        list(Questionnaire.objects.order_by("pk").values_list("pk", "title", "version")),
        list(Campaign.objects.order_by("pk").values_list("pk", "title", "ends_on")),
        AccessPoint.objects.count(),
        list(Response.objects.order_by("pk").values_list("pk", "comment", "channel")),
        Answer.objects.count(),
        list(Tally.objects.order_by("pk").values_list("responses", "n1", "n2", "n3", "n4", "n5")),
    )
