"""Persona matrix for every inspections page, and what each page shows.

Sở Xây dựng (head, focal) runs the inspections; Phòng Quản lý xây dựng (staff) is inspected and sees its own
inspection and recommendations, read-only except for reporting its progress; Sở Tài chính (outsider) and the
commune see nothing of it (404); the province's steering officer and viewer read everything and write nothing (403).
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from cchc.core.testing.scoped_cases import PersonaPageCase
from cchc.inspections import selectors, services
from cchc.inspections.models import (
    ChecklistAnswer,
    ChecklistItem,
    Finding,
    Inspection,
    InspectionPlan,
    InspectionTemplate,
    RemediationDecision,
    RemediationItem,
    RemediationUpdate,
)
from cchc.inspections.tests.factories import inspected_world
from cchc.plans.models import Evidence, ProgressUpdate
from cchc.plans.tests.test_pages import matrix

READ_ALL = matrix(200)
#: the department's plan, the division's inspection and its recommendation: read by the province's people, the
#: department's, and the inspected division's
READ_INSPECTED = matrix(200, outsider=404, commune=404)
#: the department's office inspection: the inspected division does not see another division's inspection
READ_OTHER_INSPECTION = matrix(200, staff=404, outsider=404, commune=404)
#: writes of the inspecting unit on rows the division reads
EDIT = matrix(403, admin=200, head=200, focal=200, outsider=404, commune=404)
EDIT_POST = {**EDIT, "admin": 302, "head": 302, "focal": 302}
#: the department as a unit: its divisions do not reach it
EDIT_DEPARTMENT = {**EDIT, "staff": 404}
EDIT_DEPARTMENT_POST = {**EDIT_POST, "staff": 404}
#: progress on the division's recommendation: whoever reports for the division
REPORT = matrix(403, admin=200, head=200, focal=200, staff=200, outsider=404, commune=404)
REPORT_POST = {**REPORT, "admin": 302, "head": 302, "focal": 302, "staff": 302}
#: rows of the province (a Word template): only the province's people reach them
PROVINCE = matrix(404, admin=200, steering=200, viewer=200)
MANAGE_PROVINCE = matrix(404, admin=200, steering=403, viewer=403)


def inspections_state():
    return (
        list(InspectionPlan.objects.order_by("pk").values_list("pk", "title", "number", "coverage_target", "task_id")),
        list(ChecklistItem.objects.order_by("pk").values_list("pk", "text")),
        list(Inspection.objects.order_by("pk").values_list("pk", "status", "inspected_on", "summary", "unit_id")),
        list(Finding.objects.order_by("pk").values_list("pk", "text")),
        list(ChecklistAnswer.objects.order_by("pk").values_list("pk", "result", "note")),
        list(RemediationItem.objects.order_by("pk").values_list("pk", "status", "progress", "percent", "due_date", "closed_on")),
        RemediationUpdate.objects.count(), RemediationDecision.objects.count(), Evidence.objects.count(),
        InspectionTemplate.objects.count(), ProgressUpdate.objects.count(),
    )


def template_upload(name: str = "minute.docx"):
    return SimpleUploadedFile(name, selectors.DEFAULT_TEMPLATES["minute"].read_bytes(),
                              content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


class InspectionsWorld:
    """The persona world plus Sở Xây dựng's 2025 inspection plan (factories.inspected_world), a second recommendation
    already closed, and a Word template uploaded for the province."""

    @classmethod
    def extra_data(cls, world):
        for key, value in inspected_world(world).items():
            setattr(cls, key, value)
        focal = world.users["focal"]
        cls.closed = services.finding_add(inspection=cls.division, finding="Hồ sơ lưu trữ chưa sắp xếp",
                                          recommendation="Sắp xếp hồ sơ lưu trữ", due_date=dt.date(2025, 6, 30),
                                          actor=focal).items.get()
        services.remediation_close(item=cls.closed, closed_on=dt.date(2025, 6, 2), actor=focal,
                                   evidence=services.EvidenceInput(document_number="31/BB-ĐKT"))
        cls.template = services.template_upload(unit=world.province, kind="minute", file=template_upload(), note="Mẫu tỉnh",
                                                actor=world.users["admin"])

    def setUp(self):
        # Each test run has its own MEDIA_ROOT (conftest.py): put the stored template back in this one.
        if not default_storage.exists(self.template.file.name):
            default_storage.save(self.template.file.name, ContentFile(selectors.DEFAULT_TEMPLATES["minute"].read_bytes()))

    def state(self):
        return inspections_state()


class TestPlanList(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:list"
    expected = READ_ALL

    def test_each_person_lists_the_plans_in_their_reach(self):
        for persona, count in (("outsider", 0), ("staff", 1), ("focal", 1), ("steering", 1)):
            response = self.client_for(persona).get(self.url())
            self.assertEqual(len(response.context["plans"]), count, persona)
        plan = self.client_for("focal").get(self.url()).context["plans"][0]
        self.assertEqual((plan.done_count, plan.planned_count), (1, 2))

    def test_the_query_count_does_not_grow_with_the_number_of_plans(self):
        client = self.client_for("steering")
        client.get(self.url())
        with CaptureQueriesContext(connection) as first:
            client.get(self.url())
        for year in (2023, 2024):
            services.inspection_plan_create(unit=self.world.dept_a, year=year, title=f"Kiểm tra {year}", coverage_target="40",
                                            actor=self.world.users["focal"])
        services.inspection_plan_create(unit=self.world.dept_b, year=2025, title="Kiểm tra", coverage_target="40",
                                        actor=self.world.users["outsider"])
        with self.assertNumQueries(len(first.captured_queries)):
            response = client.get(self.url())
        self.assertEqual(len(response.context["plans"]), 4)


class TestPlanCreate(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:plan_create"
    expected = EDIT_DEPARTMENT
    write_expected = EDIT_DEPARTMENT_POST

    def url(self):
        return reverse(self.url_name, args=[self.world.dept_a.pk])

    def write_data(self):
        return {"year": "2026", "title": "Kiểm tra CCHC năm 2026", "coverage_basis": "divisions", "coverage_target": "100",
                "team": [self.world.users["focal"].pk], "team_lead": self.world.users["focal"].pk}

    def test_a_second_plan_for_the_year_is_refused_naming_the_year(self):
        before = self.state()
        response = self.client_for("focal").post(self.url(), {**self.write_data(), "year": "2025"})
        self.assertContains(response, "Sở Xây dựng đã có kế hoạch kiểm tra năm 2025.")
        self.assertEqual(self.state(), before)

    def test_a_target_that_is_not_a_share_is_refused(self):
        response = self.client_for("focal").post(self.url(), {**self.write_data(), "coverage_target": "bốn mươi"})
        self.assertContains(response, "Chỉ tiêu tỷ lệ kiểm tra phải là một tỷ lệ phần trăm")

    def test_the_team_lists_only_people_of_the_unit(self):
        form = self.client_for("focal").get(self.url()).context["form"]
        self.assertEqual(sorted(u.username for u in form.fields["team"].queryset), ["focal", "head", "staff"])


class TestPlanDetail(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:plan"
    expected = READ_INSPECTED

    def url(self):
        return reverse(self.url_name, args=[self.plan.pk])

    def test_it_shows_coverage_against_the_target_and_the_linked_task(self):
        response = self.client_for("focal").get(self.url())
        self.assertContains(response, "Đã kiểm tra 1/2 đơn vị (50,00%)")
        self.assertContains(response, "đạt chỉ tiêu")
        self.assertContains(response, "Kiểm tra công tác CCHC tại các phòng thuộc Sở")
        self.assertContains(response, "Đang thực hiện 50%")

    def test_the_inspected_division_gets_no_link_it_cannot_open(self):
        response = self.client_for("staff").get(self.url())
        self.assertContains(response, reverse("inspections:inspection", args=[self.division.pk]))
        self.assertNotContains(response, reverse("inspections:inspection", args=[self.office.pk]))
        self.assertNotContains(response, reverse("inspections:unit", args=[self.world.dept_a.pk]))


class TestPlanEdit(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:plan_edit"
    expected = EDIT
    write_expected = EDIT_POST

    def url(self):
        return reverse(self.url_name, args=[self.plan.pk])

    def write_data(self):
        return {"title": "Kiểm tra CCHC năm 2025 (bổ sung)", "number": "15/KH-SXD", "coverage_basis": "subordinate",
                "coverage_target": "50", "task": self.task.pk, "team_lead": self.world.users["focal"].pk}


class TestChecklistAdd(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:checklist_add"
    expected = EDIT
    write_expected = EDIT_POST

    def url(self):
        return reverse(self.url_name, args=[self.plan.pk])

    def write_data(self):
        return {"area": "digital_government", "text": ""}

    def test_an_area_alone_gives_its_name(self):
        self.client_for("focal").post(self.url(), self.write_data())
        self.assertEqual(self.plan.checklist.last().text, "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số")


class TestSchedule(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:schedule"
    expected = EDIT
    write_expected = EDIT_POST

    def url(self):
        return reverse(self.url_name, args=[self.plan.pk])

    def write_data(self):
        return {"unit": self.world.division_a.pk, "planned_month": "10"}

    def test_a_unit_outside_the_reach_is_not_a_choice(self):
        before = self.state()
        response = self.client_for("focal").post(self.url(), {"unit": self.world.division_b.pk, "planned_month": "10"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("unit", response.context["form"].errors)
        self.assertEqual(self.state(), before)


class TestInspectionDetail(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:inspection"
    expected = READ_INSPECTED

    def url(self):
        return reverse(self.url_name, args=[self.division.pk])

    def test_the_inspected_division_reads_the_findings_but_gets_no_write_button(self):
        response = self.client_for("staff").get(self.url())
        self.assertContains(response, "Chưa cập nhật niêm yết TTHC mới ban hành")
        self.assertNotContains(response, reverse("inspections:finding_add", args=[self.division.pk]))

    def test_another_divisions_inspection_is_not_found(self):
        self.assertEqual(self.client_for("staff").get(reverse(self.url_name, args=[self.office.pk])).status_code, 404)


class TestRecord(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:record"
    expected = EDIT
    write_expected = EDIT_POST

    def url(self):
        return reverse(self.url_name, args=[self.division.pk])

    def write_data(self):
        return {"inspected_on": "16/05/2025", "team": [self.world.users["focal"].pk], "team_lead": self.world.users["focal"].pk,
                "summary": "Đơn vị thực hiện tốt", "conclusion_number": "25/TB-SXD", "conclusion_date": "20/05/2025",
                "signer_name": "Trần Văn Bình", "signer_title": "Giám đốc"}

    def test_a_date_outside_the_plan_year_is_refused_naming_the_field(self):
        before = self.state()
        response = self.client_for("focal").post(self.url(), {**self.write_data(), "inspected_on": "05/01/2026"})
        self.assertEqual(response.context["form"].errors["inspected_on"],
                         ["Ngày kiểm tra 05/01/2026 nằm ngoài năm của kế hoạch (2025)."])
        self.assertEqual(self.state(), before)


class TestAnswer(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:answer"
    expected = EDIT
    write_expected = EDIT_POST

    def url(self):
        return reverse(self.url_name, args=[self.division.pk])

    def write_data(self):
        return {"item": self.plan.checklist.first().pk, "result": "partly", "note": "Thiếu 2 quyết định công bố"}


class TestFindingAdd(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:finding_add"
    expected = EDIT
    write_expected = EDIT_POST

    def url(self):
        return reverse(self.url_name, args=[self.division.pk])

    def write_data(self):
        return {"finding": "Chưa số hóa hồ sơ", "recommendation": "Số hóa hồ sơ năm 2025", "due_working_days": "20"}

    def test_an_empty_finding_is_refused_naming_the_field(self):
        before = self.state()
        response = self.client_for("focal").post(self.url(), {**self.write_data(), "finding": " "})
        self.assertEqual(response.context["form"].errors["finding"], ["Nhập tồn tại, hạn chế mà cuộc kiểm tra phát hiện."])
        self.assertEqual(self.state(), before)

    def test_a_recommendation_due_before_the_inspection_is_refused(self):
        response = self.client_for("focal").post(self.url(), {**self.write_data(), "due_working_days": "",
                                                              "due_date": "01/05/2025"})
        self.assertEqual(response.context["form"].errors["due_date"], ["Thời hạn 01/05/2025 trước ngày kiểm tra (15/05/2025)."])


class DocumentCase(InspectionsWorld, PersonaPageCase):
    expected = READ_INSPECTED

    def url(self):
        return reverse(self.url_name, args=[self.division.pk])

    def text(self) -> str:
        response = self.client_for("focal").get(self.url())
        self.assertEqual(response["Content-Type"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        document = Document(BytesIO(response.content))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)


class TestMinute(DocumentCase):
    url_name = "inspections:minute"

    def test_the_minute_names_the_team_the_checklist_and_the_recommendation(self):
        text = self.text()
        for words in ("BIÊN BẢN", "Kiểm tra công tác cải cách hành chính tại Phòng Quản lý xây dựng", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                      "Focal – Trưởng đoàn", "Head – thành viên", "Niêm yết, công khai TTHC tại bộ phận một cửa",
                      "1. Chưa cập nhật niêm yết TTHC mới ban hành",
                      "Cập nhật niêm yết đầy đủ TTHC (đơn vị thực hiện: Phòng Quản lý xây dựng; thời hạn: 29/05/2025)"):
            self.assertIn(words, text)

    def test_a_template_that_cannot_be_filled_is_a_message_not_a_crash(self):
        broken = Document()
        broken.add_paragraph("{{ no_such_value }}")
        out = BytesIO()
        broken.save(out)
        # the upload refuses such a file (services.template_upload); one stored without the check still must not crash
        template = InspectionTemplate(unit=self.world.dept_a, kind="minute")
        template.file.save("broken.docx", ContentFile(out.getvalue()))
        response = self.client_for("focal").get(self.url())
        self.assertRedirects(response, self.division.get_absolute_url(), fetch_redirect_response=False)


class TestConclusion(DocumentCase):
    url_name = "inspections:conclusion"

    def test_the_notice_has_its_number_and_the_recommendations(self):
        services.inspection_record(inspection=self.division, inspected_on=dt.date(2025, 5, 15), conclusion_number="25/TB-SXD",
                                   conclusion_date=dt.date(2025, 5, 20), signer_name="Trần Văn Bình", signer_title="Giám đốc",
                                   actor=self.world.users["focal"])
        text = self.text()
        for words in ("THÔNG BÁO", "Số: 25/TB-SXD", "ngày 20 tháng 5 năm 2025", "Kết luận kiểm tra công tác cải cách hành chính",
                      "Sắp xếp hồ sơ lưu trữ", "GIÁM ĐỐC", "Trần Văn Bình"):
            self.assertIn(words, text)


class TestItems(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:items"
    expected = READ_ALL

    def test_filters(self):
        client = self.client_for("focal")
        rows = lambda **query: [i.text for i in client.get(self.url(), query).context["items"]]  # noqa: E731
        self.assertEqual(rows(), ["Cập nhật niêm yết đầy đủ TTHC", "Sắp xếp hồ sơ lưu trữ"])
        self.assertEqual(rows(state="overdue"), ["Cập nhật niêm yết đầy đủ TTHC"])
        self.assertEqual(rows(state="closed"), ["Sắp xếp hồ sơ lưu trữ"])
        self.assertEqual(rows(state="awaiting"), [])
        self.assertEqual([i.text for i in self.client_for("outsider").get(self.url()).context["items"]], [])


class TestItemDetail(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:item"
    expected = READ_INSPECTED

    def url(self):
        return reverse(self.url_name, args=[self.item.pk])

    def test_the_division_may_report_but_not_close(self):
        response = self.client_for("staff").get(self.url())
        self.assertContains(response, reverse("inspections:item_progress", args=[self.item.pk]))
        self.assertNotContains(response, reverse("inspections:item_close", args=[self.item.pk]))
        self.assertContains(response, "quá hạn")


class TestItemProgress(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:item_progress"
    expected = REPORT
    write_expected = REPORT_POST

    def url(self):
        return reverse(self.url_name, args=[self.item.pk])

    def write_data(self):
        return {"status": "in_progress", "percent": "60", "reported_on": "27/05/2025", "note": "Đang cập nhật",
                "document_number": "5/BC-QLXD"}

    def test_completing_late_without_a_reason_is_refused(self):
        before = self.state()
        response = self.client_for("staff").post(self.url(), {**self.write_data(), "status": "completed",
                                                              "reported_on": "03/06/2025"})
        self.assertEqual(response.context["form"].errors["lateness_reason"],
                         ["Kiến nghị được thực hiện xong sau thời hạn (29/05/2025); hãy nêu lý do chậm."])
        self.assertEqual(self.state(), before)


class TestItemClose(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:item_close"
    expected = EDIT
    write_expected = EDIT_POST

    def url(self):
        return reverse(self.url_name, args=[self.item.pk])

    def write_data(self):
        return {"closed_on": "30/05/2025", "note": "Đã kiểm tra lại", "document_number": "32/BB-ĐKT"}

    def test_closing_without_evidence_is_refused(self):
        before = self.state()
        response = self.client_for("focal").post(self.url(), {"closed_on": "30/05/2025"})
        self.assertIn("tài liệu kiểm chứng", response.context["form"].errors["file"][0])
        self.assertEqual(self.state(), before)


class TestItemReopen(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:item_reopen"
    expected = EDIT
    write_expected = EDIT_POST

    def url(self):
        return reverse(self.url_name, args=[self.closed.pk])

    def write_data(self):
        return {"reopened_on": "05/06/2025", "reason": "Hồ sơ năm 2024 chưa sắp xếp"}


class TestUnit(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:unit"
    expected = READ_INSPECTED

    def url(self):
        return reverse(self.url_name, args=[self.world.division_a.pk])

    def test_the_division_page_lists_its_inspection_and_open_recommendation(self):
        response = self.client_for("staff").get(self.url())
        self.assertEqual([i.pk for i in response.context["received"]], [self.division.pk])
        self.assertEqual([i.text for i in response.context["assigned"]], ["Cập nhật niêm yết đầy đủ TTHC"])

    def test_the_department_page_lists_the_inspections_it_ran(self):
        response = self.client_for("focal").get(reverse(self.url_name, args=[self.world.dept_a.pk]))
        self.assertEqual([i.pk for i in response.context["ran"]], [self.office.pk, self.division.pk])
        self.assertEqual([i.text for i in response.context["issued"]], ["Cập nhật niêm yết đầy đủ TTHC"])


class TestExport(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:export"
    expected = READ_ALL

    def test_two_sheets_inspections_and_open_recommendations(self):
        response = self.client_for("focal").get(self.url())
        workbook = load_workbook(BytesIO(response.content))
        first, second = workbook.worksheets
        rows = [[cell for cell in row] for row in first.iter_rows(min_row=2, values_only=True)]
        self.assertEqual([r[2:7] for r in rows], [["Sở Xây dựng", "Văn phòng Sở Xây dựng", 3, None, "Dự kiến"],
                                                  ["Sở Xây dựng", "Phòng Quản lý xây dựng", 5, dt.datetime(2025, 5, 15), "Đã kiểm tra"]])
        self.assertEqual(rows[1][8:], [2, 2, 1])
        items = [row for row in second.iter_rows(min_row=2, values_only=True)]
        self.assertEqual([(r[1], r[4], r[5], r[8]) for r in items],
                         [("Phòng Quản lý xây dựng", "Cập nhật niêm yết đầy đủ TTHC", dt.datetime(2025, 5, 29), "x")])

    def test_a_unit_outside_the_reach_is_not_found(self):
        self.assertEqual(self.client_for("outsider").get(self.url(), {"unit": self.world.division_a.pk}).status_code, 404)
        self.assertEqual(self.client_for("focal").get(self.url(), {"unit": "x"}).status_code, 404)


class TestTemplateList(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:template_list"
    expected = READ_ALL


class TestTemplateUpload(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:template_upload"
    expected = MANAGE_PROVINCE
    write_expected = {**MANAGE_PROVINCE, "admin": 302}

    def url(self):
        return reverse(self.url_name, args=[self.world.province.pk])

    def write_data(self):
        return {"kind": "conclusion", "file": template_upload("ket-luan.docx"), "note": "Mẫu mới"}

    def test_a_template_that_runs_code_is_refused(self):
        document = Document()
        document.add_paragraph("{{ unit_name.__class__.__mro__ }}")
        out = BytesIO()
        document.save(out)
        before = self.state()
        response = self.client_for("admin").post(self.url(), {"kind": "minute", "file": SimpleUploadedFile("x.docx", out.getvalue())})
        self.assertIn("không được phép", response.context["form"].errors["file"][0])
        self.assertEqual(self.state(), before)


class TestTemplateDownload(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:template_download"
    expected = PROVINCE

    def url(self):
        return reverse(self.url_name, args=[self.template.pk])


class TestDefaultTemplate(InspectionsWorld, PersonaPageCase):
    url_name = "inspections:template_default"
    expected = READ_ALL

    def url(self):
        return reverse(self.url_name, args=["conclusion"])

    def test_an_unknown_document_is_not_found(self):
        self.assertEqual(self.client_for("focal").get(reverse(self.url_name, args=["other"])).status_code, 404)


class TestMinutePdf(InspectionsWorld, PersonaPageCase):
    """The minute as PDF for signing: the inspecting unit's people convert it; the inspected division reads the Word
    minute but the conversion job is the inspecting unit's, so it is not offered to it."""

    url_name = "documents:pdf_request"
    expected = matrix(200, staff=404, outsider=404, commune=404)

    def url(self):
        return reverse(self.url_name, args=["inspection_minute", self.division.pk])

    def test_both_documents_convert_from_the_word_files_of_the_inspection_page(self):
        from cchc.documents import pdf_exports

        for kind, view in (("inspection_minute", "inspections:minute"), ("inspection_conclusion", "inspections:conclusion")):
            source = pdf_exports.source(kind)
            word = self.client_for("focal").get(reverse(view, args=[self.division.pk])).content
            self.assertEqual(_docx_text(source.docx(self.division)), _docx_text(word))
            self.assertTrue(source.filename(self.division).endswith(f"-{self.division.pk}.pdf"))

    def test_the_page_offers_the_pdf_to_the_inspecting_side_only(self):
        from unittest import mock

        from cchc.core import pdf

        page = reverse("inspections:inspection", args=[self.division.pk])
        request = reverse(self.url_name, args=["inspection_conclusion", self.division.pk])
        with mock.patch.object(pdf, "missing", return_value=None):
            self.assertContains(self.client_for("focal").get(page), request)
            self.assertNotContains(self.client_for("staff").get(page), request)


def _docx_text(data: bytes) -> str:
    document = Document(BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)
