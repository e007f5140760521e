"""The PAR INDEX on the public portal: the announcement publishes each unit's final index there in the
same request, the steering office withdraws it (and the pages follow at once), the rank is among the
published units, and nothing internal (self scores, notes, comments, explanations) reaches a page."""

from __future__ import annotations

import datetime as dt
import json

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse

from cchc.core.testing.personas import PASSWORD, build_world
from cchc.core.testing.scoped_cases import PersonaPageCase
from cchc.parindex import services
from cchc.parindex.choices import CampaignStatus, Stage
from cchc.parindex.models import AssessmentCampaign, Result, Score
from cchc.parindex.portal_section import KIND
from cchc.parindex.tests.factories import YEAR, advance, campaign, criterion
from cchc.parindex.tests.test_services import state
from cchc.parindex.tests.world import STEER_PROVINCE, ParWorld, posted
from cchc.portal.models import Publication
from cchc.portal.services import publication_set

#: survey points of criterion 3.1 (of 32) on top of the 61 appraised points every department gets (test_services)
SURVEY = {"TN-SXD": "30", "TN-STC": "25.25", "TN-SNV": "25.25"}


def announced(world) -> AssessmentCampaign:
    """The province's 2025 department campaign, final and announced: Sở Xây dựng 91, Sở Tài chính and Sở Nội vụ 86,25."""
    opened = campaign(world)
    for assessment in opened.assessments.select_related("unit"):
        advance(assessment, world, Stage.FINAL)
        services.survey_points_set(assessment=assessment, criterion=criterion(assessment, "3.1"), points=SURVEY[assessment.unit.code],
                                   actor=world.users["steering"])
    services.campaign_publish(campaign=opened, decision_number="12/QĐ-UBND", published_on=dt.date(2026, 4, 1),
                              signer_title="Chủ tịch", signer_name="Người Ký Tên Riêng", actor=world.users["steering"])
    opened.refresh_from_db()
    return opened


def rendered(response) -> bool:
    return bool(response.templates)


class PortalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.campaign = announced(cls.world)
        cls.province_url = reverse("portal:province") + f"?nam={YEAR}"

    def setUp(self):
        cache.clear()
        self.steering = self.client_class()
        self.steering.login(username="steering", password=PASSWORD)

    def unit_url(self, unit) -> str:
        return reverse("portal:unit", args=[unit.pk]) + f"?nam={YEAR}"

    def par_rankings(self) -> list[list[tuple[int, str, str]]]:
        page = self.client.get(self.province_url)
        return [[(row.rank, row.unit_name, row.cells[0]) for row in ranking.rows]
                for section, ranking in page.context["rankings"] if section.key == "parindex"]

    def par_view(self, unit):
        page = self.client.get(self.unit_url(unit))
        return next((view for section, view in page.context["views"] if section.key == "parindex"), None)

    def table(self, name: str) -> list[dict]:
        return json.loads(self.client.get(reverse("portal:table_json", args=[YEAR, name])).content)["rows"]

    def test_the_announcement_publishes_each_unit_on_the_portal(self):
        decisions = Publication.objects.filter(kind=KIND).order_by("unit__code")
        self.assertEqual([(p.unit.code, p.year, p.object_id, p.published_by.username) for p in decisions], [
            (a.unit.code, YEAR, a.pk, "steering") for a in self.campaign.assessments.order_by("unit__code")])
        # 61 appraised + survey 30 / 25,25 / 25,25 of 100: 91 first, the two 86,25 share the second rank
        self.assertEqual(self.par_rankings(), [[(1, "Sở Xây dựng", "91%"), (2, "Sở Nội vụ", "86,25%"), (2, "Sở Tài chính", "86,25%")]])
        row = self.par_view(self.world.dept_b).context["entries"][0]["row"]
        self.assertEqual((row["index_text"], row["rank"], row["label"], row["points_text"]), ("86,25", 2, "Tốt", "86,25"))
        self.assertEqual([(a["code"], a["points_text"], a["max_text"], a["index_text"]) for a in row["areas"]],
                         [("1", "18", "20", "90"), ("2", "43", "48", "89,58"), ("3", "25,25", "32", "78,91")])
        self.assertContains(self.client.get(self.unit_url(self.world.dept_b)), "xếp thứ 2/3 đơn vị")
        rows = self.table("chi-so-cchc")
        self.assertEqual([(r["ma_don_vi"], r["chi_so"], r["xep_hang"], r["diem_dieu_tra"], r["quyet_dinh"]) for r in rows], [
            ("TN-SXD", 91.0, 1, 30.0, "12/QĐ-UBND"), ("TN-SNV", 86.25, 2, 25.25, "12/QĐ-UBND"),
            ("TN-STC", 86.25, 2, 25.25, "12/QĐ-UBND")])
        self.assertEqual(len(self.table("chi-so-cchc-linh-vuc")), 9)

    def test_withdrawing_takes_every_unit_off_at_once_and_the_announcement_stands(self):
        for url in (self.province_url, self.unit_url(self.world.dept_a), reverse("portal:table_json", args=[YEAR, "chi-so-cchc"])):
            self.client.get(url)
            self.assertFalse(rendered(self.client.get(url)), f"{url} is not cached")
        response = self.steering.post(reverse("parindex:portal", args=[self.campaign.pk]), {"action": "unpublish"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.par_rankings(), [])
        self.assertIsNone(self.par_view(self.world.dept_a))
        self.assertEqual(self.table("chi-so-cchc"), [])
        self.assertEqual((AssessmentCampaign.objects.get(pk=self.campaign.pk).status, Result.objects.count()),
                         (CampaignStatus.PUBLISHED, 3))
        self.steering.post(reverse("parindex:portal", args=[self.campaign.pk]), {"action": "publish"})
        self.assertEqual([row[1] for row in self.par_rankings()[0]], ["Sở Xây dựng", "Sở Nội vụ", "Sở Tài chính"])

    def test_the_rank_is_among_the_units_whose_index_is_published(self):
        sxd = self.campaign.assessments.get(unit=self.world.dept_a)
        publication_set(kind=KIND, unit=self.world.dept_a, year=YEAR, object_id=sxd.pk, published=False,
                        actor=self.world.users["steering"])
        self.assertEqual(self.par_rankings(), [[(1, "Sở Nội vụ", "86,25%"), (1, "Sở Tài chính", "86,25%")]])
        self.assertContains(self.client.get(self.unit_url(self.world.dept_b)), "xếp thứ 1/2 đơn vị")
        self.assertIsNone(self.par_view(self.world.dept_a))

    def test_only_the_steering_office_decides_and_only_on_announced_results(self):
        sxd = self.campaign.assessments.get(unit=self.world.dept_a)
        before = list(Publication.objects.values_list("pk", flat=True))
        for persona in ("head", "focal", "viewer", "outsider"):
            with self.subTest(persona=persona), self.assertRaises(PermissionDenied):
                publication_set(kind=KIND, unit=self.world.dept_a, year=YEAR, object_id=sxd.pk, published=False,
                                actor=self.world.users[persona])
        draft = campaign(self.world, year=YEAR + 1)
        with self.assertRaises(ValidationError) as raised:
            publication_set(kind=KIND, unit=self.world.dept_a, year=YEAR + 1, object_id=draft.assessments.get(unit=self.world.dept_a).pk,
                            published=True, actor=self.world.users["steering"])
        self.assertEqual(raised.exception.message_dict["campaign"],
                         ["Chỉ công khai được kết quả cuối cùng đã công bố bằng quyết định."])
        with self.assertRaises(ValidationError):
            services.campaign_portal_set(campaign=draft, published=True, actor=self.world.users["steering"])
        self.assertEqual(list(Publication.objects.values_list("pk", flat=True)), before)

    def test_no_self_score_note_comment_explanation_or_signer_reaches_the_portal(self):
        Score.objects.update(self_note="ZQ-SELFNOTE", appraisal_comment="ZQ-COMMENT", final_comment="ZQ-FINAL",
                             explanation="ZQ-EXPLANATION", override_reason="ZQ-OVERRIDE")
        cache.clear()
        pages = [self.client.get(url) for url in (
            self.province_url, self.unit_url(self.world.dept_a), self.unit_url(self.world.dept_b),
            reverse("portal:table_json", args=[YEAR, "chi-so-cchc"]), reverse("portal:table_csv", args=[YEAR, "chi-so-cchc-linh-vuc"]))]
        self.assertEqual([page.status_code for page in pages], [200] * 5)
        for page in pages:
            body = page.content.decode()
            self.assertNotIn("ZQ-", body)
            self.assertNotIn("Người Ký Tên Riêng", body)
        # the criteria below the areas (where self scores and comments sit) are not listed either
        self.assertNotIn(criterion(self.campaign.assessments.first(), "2.2").title, pages[1].content.decode())


class TestCampaignPortal(ParWorld, PersonaPageCase):
    url_name = "parindex:portal"
    expected = STEER_PROVINCE
    write_expected = posted(STEER_PROVINCE)
    with_published = True

    def url(self):
        return reverse(self.url_name, args=[self.published.pk])

    def write_data(self):
        return {"action": "unpublish"}

    def state(self):
        return state(), list(Publication.objects.order_by("pk").values_list("kind", "unit_id", "object_id"))

    def test_the_page_offers_withdrawing_what_is_on_the_portal(self):
        self.assertEqual(Publication.objects.filter(kind=KIND).count(), 3)
        page = self.client_for("steering").get(reverse("parindex:campaign_detail", args=[self.published.pk]))
        self.assertContains(page, 'name="action" value="unpublish"')
        self.client_for("steering").post(self.url(), self.write_data())
        self.assertEqual(Publication.objects.filter(kind=KIND).count(), 0)
        self.assertContains(self.client_for("viewer").get(reverse("parindex:campaign_detail", args=[self.published.pk])),
                            "chưa công khai trên cổng công khai")
