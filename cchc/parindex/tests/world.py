"""The persona world with the province's 2025 campaign for its departments, Sở Xây dựng's scorecard at a chosen
stage, and, on demand, a published 2024 campaign (for rankings, results and the announcement)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cchc.parindex import services
from cchc.parindex.choices import Stage
from cchc.parindex.tests.factories import TREE, advance, campaign, criterion, department_set
from cchc.parindex.tests.test_services import state

ALL = ["admin", "steering", "viewer", "head", "focal", "staff", "outsider", "commune", "anonymous"]


def matrix(default: int, *, anonymous: int = 302, **statuses) -> dict[str, int]:
    return {persona: statuses.get(persona, default) for persona in ALL} | {"anonymous": anonymous}


READ_ALL = matrix(200)
#: Sở Xây dựng's scorecard: the province's people and the department's; not its division, other branches or communes
READ_DEPT = matrix(200, staff=404, outsider=404, commune=404)
#: writes the department's focal officer and head make (the province reads but does not score)
EDIT_DEPT = matrix(403, admin=200, head=200, focal=200, staff=404, outsider=404, commune=404)
APPROVE_DEPT = matrix(403, admin=200, head=200, staff=404, outsider=404, commune=404)
STEER_DEPT = matrix(403, admin=200, steering=200, staff=404, outsider=404, commune=404)
#: rows of the province (sets, campaigns): everybody below reads them, only the steering office writes
STEER_PROVINCE = matrix(403, admin=200, steering=200)


def posted(statuses: dict[str, int]) -> dict[str, int]:
    """A successful write redirects (302); refusals keep their status; anonymous visitors are sent to sign in."""
    return {persona: 302 if status == 200 else status for persona, status in statuses.items()}


def survey_tree():
    nodes = [dict(n) for n in TREE["nodes"]]
    nodes[-1] = {**nodes[-1], "rule": {"kind": "linear", "source": "metric",
                                       "params": {"metric": "survey_satisfaction_share", "full_at": "100"}}}
    return {"nodes": nodes}


def published_campaign(world, year: int = 2024):
    """The province's departments, all final, with survey points, published."""
    opened = campaign(world, year=year, opens_on=timezone.localdate() - dt.timedelta(days=1))
    for assessment in opened.assessments.all():
        advance(assessment, world, Stage.FINAL)
        services.survey_points_set(assessment=assessment, criterion=criterion(assessment, "3.1"), points="25",
                                   actor=world.users["steering"])
    services.campaign_publish(campaign=opened, decision_number="15/QĐ-UBND", published_on=dt.date(year + 1, 3, 20),
                              signer_title="Chủ tịch", signer_name="Nguyễn Văn A", actor=world.users["admin"])
    opened.refresh_from_db()
    return opened


class ParWorld:
    """Mix in before ``PersonaPageCase``/``PersonaApiCase``: ``stage`` is where Sở Xây dựng's scorecard stands."""

    stage = Stage.SELF
    with_published = False
    tree_changes: dict = {}
    #: the object of this world whose key the page's URL takes, if it takes one
    url_object: str | None = None

    def url(self):
        if self.url_object is None:
            return reverse(self.url_name)
        return reverse(self.url_name, args=[getattr(self, self.url_object).pk])

    @classmethod
    def extra_data(cls, world):
        cls.campaign = campaign(world, **cls.tree_changes)
        cls.criteria_set = cls.campaign.criteria_set
        cls.assessment = cls.campaign.assessments.get(unit=world.dept_a)
        if cls.stage != Stage.SELF:
            advance(cls.assessment, world, cls.stage)
        cls.criterion = criterion(cls.assessment, "2.2")
        cls.survey_criterion = criterion(cls.assessment, "3.1")
        cls.published = published_campaign(world) if cls.with_published else None

    def state(self):
        return state()

    @classmethod
    def upload(cls, assessment=None):
        """Evidence on Sở Xây dựng's 2.2 while it is still being scored."""
        target = assessment or cls.assessment
        return services.evidence_add(assessment=target, criterion=criterion(target, "2.2"), actor=None,
                                     upload=SimpleUploadedFile("cong-khai.pdf", b"%PDF-1.4 cong khai"))


def pdf(name="minh-chung.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 minh chung", content_type="application/pdf")


__all__ = ["ALL", "APPROVE_DEPT", "EDIT_DEPT", "READ_ALL", "READ_DEPT", "STEER_DEPT", "STEER_PROVINCE", "ParWorld", "department_set",
           "matrix", "pdf", "posted", "published_campaign", "survey_tree"]
