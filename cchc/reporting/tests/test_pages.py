"""Persona matrix for every reporting page, and what each page shows."""

import datetime as dt

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.core.testing.personas import START
from cchc.core.testing.scoped_cases import PersonaPageCase
from cchc.reporting import selectors, services
from cchc.reporting.models import Report, ReportDocument, ReportingCalendar, ReportingPeriod, ReportTemplate
from cchc.reporting.tests.factories import filled, reporting_world
from cchc.units.services import unit_create

PERSONAS = ["admin", "steering", "viewer", "head", "focal", "staff", "outsider", "commune", "anonymous"]
ALL_READ = {**{p: 200 for p in PERSONAS}, "anonymous": 302}
PROVINCE_READ = {**ALL_READ, "head": 404, "focal": 404, "staff": 404, "outsider": 404, "commune": 404}
STEER_WRITE = {**PROVINCE_READ, "viewer": 403}
DEPT_A_READ = {**ALL_READ, "staff": 404, "outsider": 404, "commune": 404}
POST_ONLY = {**{p: 405 for p in PERSONAS}, "anonymous": 302}


def calendar_state():
    return (
        list(ReportingCalendar.objects.order_by("pk").values_list("pk", "unit_id", "year", "preset")),
        list(
            ReportingPeriod.objects.order_by("pk").values_list(
                "pk", "data_from", "data_to", "nominal_deadline", "deadline"
            )
        ),
        list(ReportingPeriod.recipients.through.objects.order_by("pk").values_list("pk", "unit_id")),
    )


def report_state():
    return (
        list(
            Report.objects.order_by("pk").values_list(
                "pk",
                "status",
                "sections",
                "number",
                "signer_name",
                "signed_by",
                "snapshot",
                "reviewed_by",
                "review_reason",
            )
        ),
        ReportDocument.objects.count(),
        ReportTemplate.objects.count(),
    )


class ReportingPageCase(PersonaPageCase):
    url_name = None

    @classmethod
    def extra_data(cls, world):
        reporting_world(world)


class TestMyReportsPage(ReportingPageCase):
    url_name = "reporting:my_reports"
    expected = ALL_READ

    def test_the_focal_officer_sees_what_the_department_owes_and_its_draft(self):
        response = self.client_for("focal").get(self.url())
        rows = [
            (r.unit.name, r.period.kind, r.report.status if r.report else None)
            for r in response.context["rows"]
        ]
        self.assertEqual(
            rows,
            [
                ("Sở Xây dựng", "year", None),
                ("Sở Xây dựng", "q3", None),
                ("Sở Xây dựng", "h1", None),
                ("Sở Xây dựng", "q1", "draft"),
            ],
        )

    def test_the_commune_owes_only_the_periods_after_its_creation(self):
        response = self.client_for("commune").get(self.url())
        self.assertEqual(
            [(r.unit.name, r.period.kind) for r in response.context["rows"]],
            [("Xã Mới", "year"), ("Xã Mới", "q3")],
        )

    def test_the_steering_officer_has_the_consolidated_reports(self):
        response = self.client_for("steering").get(self.url())
        rows = [(r.unit.name, r.period.kind, r.consolidated) for r in response.context["rows"]]
        self.assertEqual(rows[-1], ("Tỉnh Thử Nghiệm", "q1", True))
        self.assertEqual(len(rows), 4)


class TestReviewQueuePage(ReportingPageCase):
    url_name = "reporting:review_queue"
    expected = ALL_READ

    def test_the_steering_officer_sees_the_sent_report(self):
        response = self.client_for("steering").get(self.url())
        self.assertEqual([row.report.pk for row in response.context["rows"]], [self.world.sent.pk])

    def test_the_sender_does_not_review_its_own_report(self):
        response = self.client_for("outsider").get(self.url())
        self.assertEqual(list(response.context["rows"]), [])


class TestCalendarListPage(ReportingPageCase):
    url_name = "reporting:calendar_list"
    expected = ALL_READ

    def test_calendars_outside_reach_are_not_listed(self):
        self.assertContains(self.client_for("viewer").get(self.url()), "Tỉnh Thử Nghiệm")
        self.assertNotContains(self.client_for("focal").get(self.url()), "Tỉnh Thử Nghiệm")


class TestCalendarCreatePage(ReportingPageCase):
    url_name = "reporting:calendar_create"
    expected = {**{p: 403 for p in PERSONAS}, "admin": 200, "steering": 200, "anonymous": 302}
    write_expected = {**expected, "admin": 302, "steering": 302}

    def write_data(self):
        return {
            "unit": self.world.province.pk,
            "year": "2026",
            "preset": "national",
            "deadline_policy": "next_working_day",
        }

    def state(self):
        return calendar_state()

    def test_a_second_calendar_for_the_same_year_is_refused(self):
        response = self.client_for("steering").post(self.url(), {**self.write_data(), "year": "2025"})
        self.assertContains(response, "Tỉnh Thử Nghiệm đã có lịch báo cáo năm 2025.")

    def test_an_own_rule_needs_its_days(self):
        response = self.client_for("steering").post(
            self.url(), {**self.write_data(), "preset": "custom", "kinds": ["q1"]}
        )
        self.assertContains(response, "Nhập ngày trong tháng từ 1 đến 31.")


class TestCalendarDetailPage(ReportingPageCase):
    url_name = "reporting:calendar_detail"
    expected = PROVINCE_READ

    def url(self):
        return reverse(self.url_name, args=[self.world.calendar.pk])

    def test_it_says_when_a_deadline_moved_off_a_weekend(self):
        response = self.client_for("steering").get(self.url())
        self.assertContains(response, "20/09/2025 là ngày nghỉ")
        self.assertContains(response, "22/09/2025")


class TestCompletenessPage(ReportingPageCase):
    url_name = "reporting:completeness"
    expected = PROVINCE_READ

    def url(self):
        return reverse(self.url_name, args=[self.world.calendar.pk])

    def test_counts_per_period(self):
        response = self.client_for("steering").get(self.url())
        counts = [(r.period.kind, r.expected, r.received) for r in response.context["rollups"]]
        self.assertEqual(counts, [("q1", 5, 1), ("h1", 5, 0), ("q3", 4, 0), ("year", 4, 0)])


class TestRemindersPage(ReportingPageCase):
    url_name = "reporting:reminders"
    expected = PROVINCE_READ

    def url(self):
        return reverse(self.url_name, args=[self.world.calendar.pk])

    def test_it_lists_each_reminder_with_whom_it_reached_and_the_message_sent(self):
        from cchc.reporting.models import ReportReminder

        q1 = self.world.calendar.periods.get(kind="q1")
        with time_machine.travel(dt.datetime(2025, 3, 21, 3, tzinfo=dt.UTC), tick=False):
            sent = services.reminders_send()
        self.assertEqual(sorted(r.unit.name for r in sent), ["Sở Nội vụ", "Sở Xây dựng", "Xã Cũ Hai", "Xã Cũ Một"])
        response = self.client_for("steering").get(self.url(), {"kind": "overdue"})
        page = response.content.decode()
        self.assertEqual(response.context["paginator"].count, ReportReminder.objects.filter(period=q1).count())
        self.assertIn("“Báo cáo quý I năm 2025” đã quá hạn 20/03/2025 mà chưa được gửi.", page)
        self.assertIn("Focal, Head", page)  # Sở Xây dựng's focal officer and head received it
        self.assertEqual(self.client_for("steering").get(self.url(), {"kind": "due_soon"}).context["paginator"].count, 0)
        completeness = self.client_for("steering").get(reverse("reporting:completeness", args=[self.world.calendar.pk]))
        self.assertContains(completeness, f'href="{self.url()}"')


class TestAdhocCreatePage(ReportingPageCase):
    url_name = "reporting:adhoc_create"
    expected = STEER_WRITE
    write_expected = {**STEER_WRITE, "admin": 302, "steering": 302}

    def url(self):
        return reverse(self.url_name, args=[self.world.calendar.pk])

    def write_data(self):
        return {
            "title": "Kết quả số hóa hồ sơ",
            "data_from": "01/01/2025",
            "data_to": "31/05/2025",
            "nominal_deadline": "10/06/2025",
            "recipients": [self.world.dept_a.pk],
        }

    def state(self):
        return calendar_state()

    def test_a_division_is_not_asked_for_a_report(self):
        response = self.client_for("steering").post(
            self.url(), {**self.write_data(), "recipients": [self.world.office_a.pk]}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["form"].errors["recipients"],
            [
                f"Hãy chọn một lựa chọn hợp lệ. {self.world.office_a.pk} không phải là một trong các lựa chọn khả thi."
            ],
        )

    def test_a_value_no_unit_id_can_be_is_an_invalid_choice(self):
        client = self.client_for("steering")
        for garbage in ("abc", str(10**30), "-1"):
            with self.subTest(garbage=garbage):
                response = client.post(self.url(), {**self.write_data(), "recipients": [garbage]})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(
                    response.context["form"].errors["recipients"],
                    [f"Hãy chọn một lựa chọn hợp lệ. {garbage} không phải là một trong các lựa chọn khả thi."],
                )


class TestRollupPage(ReportingPageCase):
    url_name = "reporting:rollup"
    expected = PROVINCE_READ

    def url(self):
        return reverse(self.url_name, args=[self.world.q1.pk])

    def test_the_number_of_queries_does_not_grow_with_the_units(self):
        client = self.client_for("steering")
        client.get(self.url())
        with CaptureQueriesContext(connection) as baseline:
            client.get(self.url())
        for index in range(5):
            unit = unit_create(
                name=f"Sở mới {index}",
                code=f"TN-M{index}",
                kind="department",
                parent=self.world.province,
                valid_from=START,
            )
            services.report_submit(
                report=filled(services.report_start(unit=unit, period=self.world.q1, actor=None)), actor=None
            )
        with self.assertNumQueries(len(baseline.captured_queries)):
            response = client.get(self.url())
        self.assertEqual(response.context["rollup"].expected, 10)

    def test_old_communes_are_expected_before_the_merger(self):
        response = self.client_for("steering").get(self.url())
        names = [row.unit.name for row in response.context["rollup"].rows]
        self.assertEqual(names, ["Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Xã Cũ Hai", "Xã Cũ Một"])


class TestPeriodEditPage(ReportingPageCase):
    url_name = "reporting:period_edit"
    expected = STEER_WRITE
    write_expected = {**STEER_WRITE, "admin": 302, "steering": 302}

    def url(self):
        return reverse(self.url_name, args=[self.world.calendar.periods.get(kind="h1").pk])

    def write_data(self):
        return {"data_from": "15/12/2024", "data_to": "14/06/2025", "nominal_deadline": "25/06/2025"}

    def state(self):
        return calendar_state()

    def test_a_deadline_before_the_window_ends_is_refused(self):
        response = self.client_for("steering").post(
            self.url(), {**self.write_data(), "nominal_deadline": "13/06/2025"}
        )
        self.assertContains(
            response,
            "Thời hạn gửi báo cáo (13/06/2025) không được trước ngày kết thúc chốt số liệu (14/06/2025).",
        )

    def test_an_inverted_window_is_refused(self):
        response = self.client_for("steering").post(
            self.url(), {**self.write_data(), "data_from": "15/06/2025"}
        )
        self.assertContains(
            response,
            "Ngày bắt đầu chốt số liệu (15/06/2025) phải trước hoặc trùng ngày kết thúc chốt số liệu (14/06/2025).",
        )


class TestReportStart(ReportingPageCase):
    url_name = "reporting:report_start"
    expected = POST_ONLY
    write_expected = {**DEPT_A_READ, "admin": 302, "head": 302, "focal": 302, "steering": 403, "viewer": 403}

    def url(self):
        return reverse(self.url_name, args=[self.world.dept_a.pk])

    def write_data(self):
        return {"period": self.world.calendar.periods.get(kind="h1").pk}

    def state(self):
        return report_state()

    def test_a_period_out_of_reach_reads_as_a_missing_one(self):
        """The province's ad hoc request to Sở Tài chính alone is neither seen by nor asks the commune:
        opening it answers as for a period that does not exist, and names neither it nor its subject."""
        secret = services.adhoc_period_create(
            calendar=self.world.calendar, title="Rà soát riêng của Sở Tài chính", data_from=dt.date(2025, 3, 1),
            data_to=dt.date(2025, 3, 31), nominal_deadline=dt.date(2025, 4, 10), recipients=[self.world.dept_b],
            actor=None,
        )
        url = reverse(self.url_name, args=[self.world.commune_new.pk])
        for period in (secret.pk, 999_999):
            with self.subTest(period=period):
                before = report_state()
                response = self.client_for("commune").post(url, {"period": period}, follow=True)
                self.assertEqual((response.status_code, response.content.decode()), (400, "Chọn kỳ báo cáo."))
                self.assertEqual(report_state(), before)


class ReportPageCase(ReportingPageCase):
    def url(self):
        return reverse(self.url_name, args=[self.world.draft.pk])

    def state(self):
        return report_state()


class TestReportDetailPage(ReportPageCase):
    url_name = "reporting:report_detail"
    expected = DEPT_A_READ

    def test_the_draft_shows_live_figures(self):
        response = self.client_for("focal").get(self.url())
        self.assertContains(response, "số liệu hiện tại, sẽ chốt khi gửi")


class TestReportEditPage(ReportPageCase):
    url_name = "reporting:report_edit"
    expected = {**DEPT_A_READ, "steering": 403, "viewer": 403}
    write_expected = {**expected, "admin": 302, "head": 302, "focal": 302}

    def write_data(self):
        report = Report.objects.get(pk=self.world.draft.pk)
        return {
            "revision": report.revision,
            "number": "15/BC-SXD",
            "section_direction": "Đã ban hành kế hoạch.",
        }

    def test_autosave_answers_the_save_time_and_the_new_revision(self):
        response = self.client_for("focal").post(self.url(), self.write_data(), HTTP_HX_REQUEST="true")
        report = Report.objects.get(pk=self.world.draft.pk)
        self.assertEqual(report.sections["direction"], "Đã ban hành kế hoạch.")
        self.assertContains(response, "Đã lưu lúc ")
        self.assertContains(
            response, f'name="revision" value="{report.revision}" id="id_revision" hx-swap-oob="true"'
        )

    def test_saving_over_someone_elses_newer_version_is_refused(self):
        stale = self.write_data()
        self.client_for("head").post(self.url(), {**stale, "section_direction": "Phiên bản của giám đốc."})
        before = report_state()
        response = self.client_for("focal").post(self.url(), stale, HTTP_HX_REQUEST="true")
        self.assertContains(
            response,
            "Người khác đã lưu báo cáo này sau khi bạn mở; hãy tải lại trang để xem thay đổi của họ.",
        )
        self.assertEqual(report_state(), before)

    def test_a_sent_report_opens_read_only(self):
        services.report_submit(report=self.world.draft, actor=None)
        response = self.client_for("focal").get(self.url())
        self.assertRedirects(response, self.world.draft.get_absolute_url())


class TestReportRefill(ReportPageCase):
    url_name = "reporting:report_refill"
    expected = POST_ONLY
    write_expected = {**DEPT_A_READ, "admin": 302, "head": 302, "focal": 302, "steering": 403, "viewer": 403}

    def write_data(self):
        return {"action": "refill", "revision": Report.objects.get(pk=self.world.draft.pk).revision}


class TestReportSign(ReportPageCase):
    url_name = "reporting:report_sign"
    expected = POST_ONLY
    write_expected = {**DEPT_A_READ, "admin": 302, "head": 302, "focal": 403, "steering": 403, "viewer": 403}

    def write_data(self):
        return {"action": "sign", "revision": Report.objects.get(pk=self.world.draft.pk).revision}


class TestReportSubmit(ReportPageCase):
    url_name = "reporting:report_submit"
    expected = POST_ONLY
    write_expected = {**DEPT_A_READ, "admin": 302, "head": 302, "focal": 302, "steering": 403, "viewer": 403}

    def write_data(self):
        return {"action": "submit", "revision": Report.objects.get(pk=self.world.draft.pk).revision}


class TestReportReview(ReportingPageCase):
    url_name = "reporting:report_review"
    expected = POST_ONLY
    write_expected = {
        **{p: 404 for p in PERSONAS},
        "admin": 302,
        "steering": 302,
        "viewer": 403,
        "outsider": 403,
        "anonymous": 302,
    }

    def url(self):
        return reverse(self.url_name, args=[self.world.sent.pk])

    def write_data(self):
        return {"decision": "return", "reason": "Thiếu số liệu phụ lục."}

    def state(self):
        return report_state()


class TestDocumentRequest(ReportPageCase):
    url_name = "reporting:document_request"
    expected = POST_ONLY
    write_expected = {**DEPT_A_READ, "admin": 302, "steering": 302, "viewer": 302, "head": 302, "focal": 302}

    def write_data(self):
        return {"format": "xlsx"}


class DocumentCase(ReportingPageCase):
    """A generated Word file of the draft (made per test: files live in the test's media folder)."""

    def setUp(self):
        document = services.document_request(report=self.world.draft, format="docx", actor=None)
        self.document = services.document_generate(document=document)

    def url(self):
        return reverse(self.url_name, args=[self.document.pk])


class TestDocumentStatus(DocumentCase):
    url_name = "reporting:document_status"
    expected = DEPT_A_READ


class TestDocumentDownload(DocumentCase):
    url_name = "reporting:document_download"
    expected = DEPT_A_READ

    def test_it_is_an_attachment(self):
        response = self.client_for("focal").get(self.url())
        self.assertEqual(
            response["Content-Disposition"],
            'attachment; filename="bao-cao-quy-1-2025-tn-sxd.docx"',
        )


class TestTemplatesPage(ReportingPageCase):
    url_name = "reporting:templates"
    expected = {**{p: 403 for p in PERSONAS}, "admin": 200, "anonymous": 302}
    write_expected = {**expected, "admin": 302}

    def write_data(self):
        upload = SimpleUploadedFile("mau.docx", selectors.DEFAULT_TEMPLATE.read_bytes())
        return {"unit": self.world.province.pk, "file": upload, "note": "Mẫu của tỉnh"}

    def state(self):
        return report_state()

    def test_a_file_that_is_not_a_template_is_refused(self):
        upload = SimpleUploadedFile("mau.docx", b"PK\x03\x04 not really a zip")
        response = self.client_for("admin").post(self.url(), {"unit": self.world.province.pk, "file": upload})
        self.assertContains(response, "Mẫu Word không phải tệp Office hợp lệ (zip)")
        self.assertEqual(ReportTemplate.objects.count(), 0)


class TestDefaultTemplate(ReportingPageCase):
    url_name = "reporting:template_default"
    expected = ALL_READ


class TestTemplateDownload(ReportingPageCase):
    url_name = "reporting:template_download"
    expected = PROVINCE_READ

    def setUp(self):
        upload = SimpleUploadedFile("mau.docx", selectors.DEFAULT_TEMPLATE.read_bytes())
        self.template = services.template_upload(unit=self.world.province, file=upload, actor=None)

    def url(self):
        return reverse(self.url_name, args=[self.template.pk])
