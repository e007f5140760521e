"""Sections of an accepted report, published by the head of its unit."""

from __future__ import annotations

import json

from django.urls import reverse

from cchc.core.testing.scoped_cases import PersonaPageCase
from cchc.plans.tests.factories import YEAR
from cchc.portal import services
from cchc.portal.models import Publication
from cchc.portal.tests.support import ReportWorld
from cchc.portal.tests.test_pages import APPROVE_UNIT, APPROVE_UNIT_POST


def report_publications():
    return sorted(Publication.objects.filter(kind="report_section").values_list("object_id", "part"))


class TestReportPublication(ReportWorld, PersonaPageCase):
    url_name = "publishing:report"
    expected = APPROVE_UNIT
    write_expected = APPROVE_UNIT_POST

    def url(self):
        return reverse(self.url_name, args=[self.report.pk])

    def write_data(self):
        return {"sections": ["direction"], "decision": "save"}

    def state(self):
        return report_publications()

    def unit_page(self):
        return self.client.get(reverse("portal:unit", args=[self.world.dept_a.pk]) + f"?nam={YEAR}")

    def test_the_unit_page_shows_the_published_sections_only(self):
        page = self.unit_page()
        views = {section.key: view for section, view in page.context["views"]}
        [report] = views["reports"].context["reports"]
        self.assertEqual([name for name, _text in report["sections"]], ["I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
                                                                          "III.1. Ưu điểm"])
        self.assertContains(page, "Hoàn thành đúng tiến độ.")  # strengths, published
        self.assertNotContains(page, "Một số nhiệm vụ còn chậm.")  # limitations, not published
        self.assertNotContains(page, "Trần Văn Bình")  # the signer

    def test_the_head_chooses_other_sections_and_the_page_follows_at_once(self):
        self.unit_page()
        response = self.client_for("head").post(self.url(), {"sections": ["limitations"], "decision": "save"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(report_publications(), [(self.report.pk, "limitations")])
        page = self.unit_page()
        self.assertContains(page, "Một số nhiệm vụ còn chậm.")
        self.assertNotContains(page, "Hoàn thành đúng tiến độ.")

    def test_the_open_data_table_holds_the_published_sections(self):
        rows = json.loads(self.client.get(reverse("portal:table_json", args=[YEAR, "bao-cao"])).content)["rows"]
        self.assertEqual([(row["ma_don_vi"], row["muc"]) for row in rows], [
            ("TN-SXD", "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"), ("TN-SXD", "III.1. Ưu điểm")])

    def test_a_report_not_accepted_cannot_be_published(self):
        from django.core.exceptions import ValidationError

        from cchc.reporting.models import Report

        Report.objects.filter(pk=self.report.pk).update(status="submitted")
        self.report.refresh_from_db()
        with self.assertRaises(ValidationError):
            services.report_sections_publish(report=self.report, codes=["next_tasks"], actor=self.world.users["head"])
        self.assertEqual(report_publications(), [(self.report.pk, "direction"), (self.report.pk, "strengths")])
