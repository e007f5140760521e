"""Persona matrix for the reporting endpoints, and what national systems pull from them."""

from django.urls import reverse

from cchc.core.testing.openapi import assert_matches_schema
from cchc.core.testing.scoped_cases import PersonaApiCase
from cchc.reporting.models import Report
from cchc.reporting.tests.factories import reporting_world
from cchc.reporting.tests.test_pages import PERSONAS, report_state

EVERYONE = {**{p: 200 for p in PERSONAS}, "anonymous": 401}
PROVINCE = {**EVERYONE, "head": 404, "focal": 404, "staff": 404, "outsider": 404, "commune": 404}
DEPT_A = {**EVERYONE, "staff": 404, "outsider": 404, "commune": 404}
POST_ONLY = {**{p: 405 for p in PERSONAS}, "anonymous": 401}


class ReportingApiCase(PersonaApiCase):
    url_name = None

    @classmethod
    def extra_data(cls, world):
        reporting_world(world)

    def state(self):
        return report_state()


class TestReportList(ReportingApiCase):
    url_name = "report-list"
    expected = EVERYONE

    def test_a_national_system_pulls_the_frozen_figures_of_sent_reports(self):
        response = self.client_for("viewer").get(self.url(), {"status": "submitted"})
        [report] = response.json()["results"]
        self.assertEqual(report["unit_name"], "Sở Tài chính")
        self.assertEqual(report["period_label"], "Báo cáo quý I năm 2025")
        self.assertEqual(
            report["figures"][0],
            {"code": "tasks_total", "label": "Số nhiệm vụ trong kế hoạch CCHC", "value": 0},
        )

    def test_figures_are_numbers_as_the_schema_says(self):
        report = Report.objects.get(status="submitted")
        report.snapshot = {"figures": [
            {"code": "tasks_total", "label": "Nhiệm vụ", "value": 12},
            {"code": "tasks_rate", "label": "Tỷ lệ", "numerator": 9, "denominator": 12},
            {"code": "metric:avg", "label": "Trung bình", "numerator": "10.5", "denominator": 3, "unit": "ngày"},
        ]}
        report.save(update_fields=["snapshot"])
        response = self.client_for("viewer").get(self.url(), {"status": "submitted"})
        self.assertEqual(response.json()["results"][0]["figures"][0]["value"], 12)
        assert_matches_schema(response)

    def test_the_outsider_lists_only_its_department(self):
        response = self.client_for("outsider").get(self.url())
        self.assertEqual([r["unit_name"] for r in response.json()["results"]], ["Sở Tài chính"])


class TestReportDetail(ReportingApiCase):
    url_name = "report-detail"
    expected = DEPT_A

    def url(self):
        return reverse(self.url_name, args=[self.world.draft.pk])

    def test_a_draft_has_no_figures_yet(self):
        data = self.client_for("focal").get(self.url()).json()
        self.assertEqual((data["status"], data["figures"], data["late_working_days"]), ("draft", [], None))


class TestReportSubmit(ReportingApiCase):
    url_name = "report-submit"
    expected = POST_ONLY
    write_expected = {**DEPT_A, "steering": 403, "viewer": 403}

    def url(self):
        return reverse(self.url_name, args=[self.world.draft.pk])

    def write_data(self):
        return {"revision": Report.objects.get(pk=self.world.draft.pk).revision}

    def test_sending_twice_is_refused(self):
        self.send("focal", "post", self.write_data())
        response = self.send("focal", "post", self.write_data())
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.json()["status"][0].startswith("Báo cáo này đã được gửi lúc "))


class TestReportReview(ReportingApiCase):
    url_name = "report-review"
    expected = POST_ONLY
    write_expected = {
        **{p: 404 for p in PERSONAS},
        "admin": 200,
        "steering": 200,
        "viewer": 403,
        "outsider": 403,
        "anonymous": 401,
    }

    def url(self):
        return reverse(self.url_name, args=[self.world.sent.pk])

    def write_data(self):
        return {"decision": "return", "reason": "Bổ sung số liệu phụ lục."}

    def test_returning_without_a_reason_is_refused(self):
        before = self.state()
        response = self.send("steering", "post", {"decision": "return", "reason": " "})
        self.assertEqual(
            (response.status_code, response.json()), (400, {"reason": ["Nhập lý do trả lại báo cáo."]})
        )
        self.assertEqual(self.state(), before)


class TestPeriodList(ReportingApiCase):
    url_name = "reportingperiod-list"
    expected = EVERYONE


class TestPeriodDetail(ReportingApiCase):
    url_name = "reportingperiod-detail"
    expected = PROVINCE

    def url(self):
        return reverse(self.url_name, args=[self.world.q1.pk])


class TestPeriodCompleteness(ReportingApiCase):
    url_name = "reportingperiod-completeness"
    expected = PROVINCE

    def url(self):
        return reverse(self.url_name, args=[self.world.q1.pk])

    def test_counts_and_rows(self):
        data = self.client_for("steering").get(self.url()).json()
        self.assertEqual((data["expected"], data["received"], data["missing"]), (5, 1, 4))
        self.assertEqual(
            [(r["unit_name"], r["status"]) for r in data["rows"]][:3],
            [("Sở Nội vụ", "missing"), ("Sở Tài chính", "submitted"), ("Sở Xây dựng", "draft")],
        )
