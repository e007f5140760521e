"""Survey results on the public portal: published once the survey has ended and only for a unit with
enough responses, by the head of the surveyed unit; the figures are worked out by hand below; the
province ranks by satisfaction share; withdrawing, or a paper form keyed in late, shows at once; and no
answer, respondent profile, field or comment reaches a page.

The province runs a three-item questionnaire (group A: items 1–2, group B: item 3) from 01/7/2025 to
31/12/2025 in Sở Xây dựng, Sở Tài chính, Xã Mới and Phòng Quản lý xây dựng. Sở Xây dựng's ten paper forms:

    item 1: 5 4 1 3 5 4 2 5 4 3  → 6 of 10 satisfied (4–5) = 60,00 %, mean 36/10 = 3,60
    item 2: 4 2 5 3 5 4 3 4 5 4  → 7 of 10 = 70,00 %, mean 39/10 = 3,90
    item 3: 3 5 5 4 5 4 4 1 2 5  → 7 of 10 = 70,00 %, mean 38/10 = 3,80
    overall 20 of 30 = 66,67 %, mean 113/30 = 3,77; group A 13 of 20 = 65,00 %, mean 75/20 = 3,75

Sở Tài chính: ten forms answering 4, 4, 4 (100,00 %); Xã Mới: three forms (too few to publish).
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from cchc.core.testing.personas import PASSWORD, build_world
from cchc.core.testing.scoped_cases import PersonaPageCase
from cchc.portal.models import Publication
from cchc.surveys import services
from cchc.surveys.choices import Channel
from cchc.surveys.models import Campaign
from cchc.surveys.tests.world import STRUCTURE, builtin, surveys_state

START, END, YEAR = dt.date(2025, 7, 1), dt.date(2025, 12, 31), 2025
SXD = [(5, 4, 3), (4, 2, 5), (1, 5, 5), (3, 3, 4), (5, 5, 5), (4, 4, 4), (2, 3, 4), (5, 4, 1), (4, 5, 2), (3, 4, 5)]
ALL = ["admin", "steering", "viewer", "head", "focal", "staff", "outsider", "commune", "anonymous"]


def province_campaign(world, *, ends_on: dt.date = END) -> Campaign:
    admin = world.users["admin"]
    copy = services.questionnaire_copy(source=builtin(), unit=world.province, year=YEAR, actor=admin)
    questionnaire = services.questionnaire_update(questionnaire=copy, actor=admin, title="Phiếu khảo sát của tỉnh", structure=STRUCTURE,
                                                  scale="likert5", options=[], kind="survey", instructions=copy.instructions)
    return services.campaign_create(unit=world.province, questionnaire=questionnaire, title="Khảo sát hài lòng 6 tháng cuối năm 2025",
                                    starts_on=START, ends_on=ends_on,
                                    targets=[world.dept_a, world.dept_b, world.commune_new, world.division_a], actor=admin)


def paper(campaign: Campaign, unit, choices, actor, *, day: dt.date = dt.date(2025, 9, 3), comment: str = "", sector: str = "Xây dựng"):
    items = list(campaign.questionnaire.items.order_by("number").values_list("pk", flat=True))
    data = services.ResponseInput(choices=dict(zip(items, choices, strict=True)), sector=sector, sex="nu", age_band="25-34",
                                  education="dai-hoc", comment=comment)
    return services.response_submit(campaign=campaign, unit=unit, data=data, channel=Channel.PAPER, actor=actor, answered_on=day,
                                    paper_reference="PG-ZQ-017")


def answered(world) -> Campaign:
    campaign = province_campaign(world)
    admin = world.users["admin"]
    for index, choices in enumerate(SXD):
        paper(campaign, world.dept_a, choices, admin, comment=f"ZQ-COMMENT-{index} gọi 0912 345 678", sector="ZQ-SECTOR")
    for _ in range(10):
        paper(campaign, world.dept_b, (4, 4, 4), admin)
    for _ in range(3):
        paper(campaign, world.commune_new, (5, 5, 5), admin)
    for _ in range(10):
        paper(campaign, world.division_a, (5, 5, 5), admin)
    return campaign


class PortalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.campaign = answered(cls.world)

    def setUp(self):
        cache.clear()
        self.head = self.client_class()
        self.head.login(username="head", password=PASSWORD)

    def publish(self, unit, persona: str = "admin", published: bool = True):
        return services.survey_results_publish(campaign=self.campaign, unit=unit, actor=self.world.users[persona], published=published)

    def unit_page(self, unit):
        return self.client.get(reverse("portal:unit", args=[unit.pk]) + f"?nam={YEAR}")

    def survey_view(self, unit):
        return next((view for section, view in self.unit_page(unit).context["views"] if section.key == "surveys"), None)

    def ranking(self) -> list[tuple[int, str, str, str]]:
        page = self.client.get(reverse("portal:province") + f"?nam={YEAR}")
        return [(row.rank, row.unit_name, *row.cells[:2]) for section, ranking in page.context["rankings"] if section.key == "surveys"
                for row in ranking.rows]

    def test_only_a_finished_survey_of_a_unit_with_enough_responses_is_published(self):
        running = province_campaign(self.world, ends_on=timezone.localdate() + dt.timedelta(days=30))
        cases = [
            (lambda: services.survey_results_publish(campaign=running, unit=self.world.dept_a, actor=self.world.users["admin"]),
             f"Chỉ công khai kết quả sau khi đợt khảo sát kết thúc (ngày {running.ends_on:%d/%m/%Y})."),
            (lambda: self.publish(self.world.commune_new),
             "Xã Mới mới có 3 phiếu: cần ít nhất 10 phiếu mới công khai kết quả, để không thể nhận ra câu trả lời của một người."),
            (lambda: self.publish(self.world.division_a),
             "Phòng Quản lý xây dựng không có trang công khai: kết quả chỉ dùng trong nội bộ đơn vị."),
        ]
        for call, message in cases:
            with self.subTest(message=message[:30]), self.assertRaises(ValidationError) as raised:
                call()
            self.assertEqual(raised.exception.message_dict["unit"], [message])
        self.assertFalse(Publication.objects.exists())

    def test_the_unit_page_shows_the_hand_worked_figures_and_nothing_of_a_respondent(self):
        self.publish(self.world.dept_a, persona="head")
        entry = self.survey_view(self.world.dept_a).context["entries"][0]
        self.assertEqual((entry["figures"].responses, entry["figures"].headline_text, entry["figures"].mean_text), (10, "66,67%", "3,77"))
        self.assertEqual([(g["title"], g["figures"].headline_text, g["figures"].mean_text) for g in entry["groups"]],
                         [("A. Công chức", "65,00%", "3,75"), ("B. Kết quả", "70,00%", "3,80")])
        self.assertEqual([(i["number"], i["figures"].headline_text, i["figures"].mean_text) for g in entry["groups"] for i in g["items"]],
                         [(1, "60,00%", "3,60"), (2, "70,00%", "3,90"), (3, "70,00%", "3,80")])
        body = self.unit_page(self.world.dept_a).content.decode()
        self.assertIn("66,67%", body)
        for private in ("ZQ-COMMENT", "ZQ-SECTOR", "0912", "PG-ZQ-017", "Đại học", "25–34"):
            self.assertNotIn(private, body)

    def test_the_province_ranks_the_published_units_by_satisfaction_share(self):
        self.publish(self.world.dept_a)
        self.publish(self.world.dept_b)
        self.assertEqual(self.ranking(), [(1, "Sở Tài chính", "100,00%", "10"), (2, "Sở Xây dựng", "66,67%", "10")])
        rows = json.loads(self.client.get(reverse("portal:table_json", args=[YEAR, "khao-sat-hai-long"])).content)["rows"]
        self.assertEqual([(r["ma_don_vi"], r["so_phieu"], r["chi_so"], r["diem_trung_binh"], r["xep_hang"]) for r in rows],
                         [("TN-STC", 10, 100.0, 4.0, 1), ("TN-SXD", 10, 66.67, 3.77, 2)])
        questions = json.loads(self.client.get(reverse("portal:table_json", args=[YEAR, "khao-sat-cau-hoi"])).content)["rows"]
        first = next(q for q in questions if q["ma_don_vi"] == "TN-SXD" and q["so_thu_tu"] == 1)
        self.assertEqual((first["ty_le"], [first[f"chon_{v}"] for v in range(1, 6)]), (60.0, [1, 1, 2, 3, 3]))

    def test_publishing_and_withdrawing_show_on_every_page_at_once(self):
        self.assertIsNone(self.survey_view(self.world.dept_a))
        self.assertFalse(self.unit_page(self.world.dept_a).templates)  # the page without the results is cached
        self.publish(self.world.dept_a)
        self.assertEqual(self.survey_view(self.world.dept_a).context["entries"][0]["figures"].headline_text, "66,67%")
        table = reverse("portal:table_json", args=[YEAR, "khao-sat-hai-long"])
        self.unit_page(self.world.dept_a)
        self.assertFalse(self.unit_page(self.world.dept_a).templates)  # served from the cache
        self.assertEqual(len(json.loads(self.client.get(table).content)["rows"]), 1)
        response = self.head.post(reverse("surveys:results_publication", args=[self.campaign.pk]),
                                  {"unit": self.world.dept_a.pk, "action": "unpublish"})
        self.assertEqual(response.status_code, 302)
        self.assertIsNone(self.survey_view(self.world.dept_a))
        self.assertEqual(json.loads(self.client.get(table).content)["rows"], [])
        self.assertEqual(self.ranking(), [])

    def test_a_paper_form_keyed_in_after_the_end_shows_at_once(self):
        self.publish(self.world.dept_b)
        self.assertEqual(self.survey_view(self.world.dept_b).context["entries"][0]["figures"].responses, 10)
        paper(self.campaign, self.world.dept_b, (1, 1, 1), self.world.users["admin"], day=dt.date(2025, 12, 31))
        figures = self.survey_view(self.world.dept_b).context["entries"][0]["figures"]
        # 30 satisfied of 33 answers = 90,91 %
        self.assertEqual((figures.responses, figures.headline_text), (11, "90,91%"))

    def test_only_the_head_of_a_surveyed_unit_or_above_decides(self):
        for persona in ("focal", "steering", "viewer", "outsider", "staff"):
            with self.subTest(persona=persona), self.assertRaises(PermissionDenied):
                self.publish(self.world.dept_a, persona=persona)
        self.publish(self.world.dept_a, persona="head")
        with self.assertRaises(PermissionDenied):
            self.publish(self.world.dept_b, persona="head")
        self.assertEqual(list(Publication.objects.values_list("kind", "unit_id", "year", "object_id")),
                         [("survey", self.world.dept_a.pk, YEAR, self.campaign.pk)])


def matrix(default: int, *, anonymous: int = 302, **statuses) -> dict[str, int]:
    return {persona: statuses.get(persona, default) for persona in ALL} | {"anonymous": anonymous}


class TestResultsPublication(PersonaPageCase):
    url_name = "surveys:results_publication"
    # staff of Phòng Quản lý xây dựng reads the campaign (its division is surveyed) but leads nothing: 403
    # the campaign is read where it runs (the province) and in the surveyed units; only the heads of those units decide
    expected = matrix(403, admin=200, head=200)
    write_expected = matrix(403, admin=302, head=302)

    @classmethod
    def extra_data(cls, world):
        cls.campaign = answered(world)

    def url(self):
        return reverse(self.url_name, args=[self.campaign.pk])

    def write_data(self):
        return {"unit": self.world.dept_a.pk, "action": "publish"}

    def state(self):
        return surveys_state(), list(Publication.objects.order_by("pk").values_list("kind", "unit_id", "object_id"))

    def test_the_campaign_page_lists_the_units_the_head_may_publish(self):
        page = self.client_for("head").get(reverse("surveys:campaign", args=[self.campaign.pk]))
        self.assertContains(page, f'id="publication-{self.world.dept_a.pk}"')
        self.assertContains(page, 'name="action" value="publish"', count=1)  # Sở Xây dựng only: the head leads no other
        self.client_for("head").post(self.url(), self.write_data())
        page = self.client_for("viewer").get(reverse("surveys:campaign", args=[self.campaign.pk]))
        self.assertContains(page, f'href="/cong-khai/don-vi/{self.world.dept_a.pk}/?nam=2025#surveys"')
        self.assertNotContains(page, 'name="action"')

    def test_a_head_cannot_publish_a_unit_he_does_not_lead(self):
        response = self.client_for("head").post(self.url(), {"unit": self.world.dept_b.pk, "action": "publish"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Publication.objects.exists())
