"""Documents pages: the persona matrix of every URL, and the import review flow end to end."""

from __future__ import annotations

from unittest import mock

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import TestCase
from django.urls import reverse

from cchc.core import pdf
from cchc.core.testing.personas import World, build_world
from cchc.core.testing.scoped_cases import PersonaPageCase
from cchc.documents import services
from cchc.documents.choices import ImportStatus, PdfStatus
from cchc.documents.models import ImportJob, PdfExport, PlanTemplate
from cchc.documents.selectors import DEFAULT_TEMPLATE
from cchc.documents.tests.factories import read_job, restore, review_post, scratch_media, upload
from cchc.documents.tests.support import FILES
from cchc.plans.models import Plan, Task
from cchc.plans.services import plan_create

EVERYONE = {"admin": 200, "steering": 200, "viewer": 200, "head": 200, "focal": 200, "staff": 200, "outsider": 200,
            "commune": 200, "anonymous": 302}
#: a row of Sở Xây dựng (dept_a): seen from the province and the department, not from its division or elsewhere
DEPT_A_ROW = {"admin": 200, "steering": 200, "viewer": 200, "head": 200, "focal": 200, "staff": 404, "outsider": 404,
              "commune": 404, "anonymous": 302}
#: writing (drafting a plan) for dept_a: its head and focal officer, and the administrator
DEPT_A_EDIT = {"admin": 302, "steering": 403, "viewer": 403, "head": 302, "focal": 302, "staff": 404, "outsider": 404,
               "commune": 404, "anonymous": 302}
DEPT_A_EDIT_FORM = {**DEPT_A_EDIT, "admin": 200, "head": 200, "focal": 200}
#: managing templates: administrators only
DEPT_A_ADMIN = {**DEPT_A_EDIT, "head": 403, "focal": 403}
DEPT_A_ADMIN_FORM = {**DEPT_A_ADMIN, "admin": 200}


class ImportJobCase(PersonaPageCase):
    @classmethod
    def extra_data(cls, world: World) -> None:
        with scratch_media():
            cls.job = read_job(world.dept_a, world.users["focal"])

    def setUp(self):
        restore(self.job.file, (FILES / "seed_003.docx").read_bytes())

    def url(self) -> str:
        return reverse(self.url_name, args=[self.job.pk])


class ImportListPage(PersonaPageCase):
    url_name = "documents:import_list"
    expected = EVERYONE


class ImportCreatePage(PersonaPageCase):
    url_name = "documents:import_create"
    expected = DEPT_A_EDIT_FORM
    write_expected = DEPT_A_EDIT

    def url(self) -> str:
        return reverse(self.url_name, args=[self.world.dept_a.pk])

    def write_data(self) -> dict:
        return {"file": upload("seed_001.docx")}

    def state(self):
        return list(ImportJob.objects.values_list("pk", "status"))


class ImportDetailPage(ImportJobCase):
    url_name = "documents:import_detail"
    expected = DEPT_A_ROW


class ImportFilePage(ImportJobCase):
    url_name = "documents:import_file"
    expected = DEPT_A_ROW


class ImportReviewPage(ImportJobCase):
    url_name = "documents:import_review"
    expected = DEPT_A_ROW
    write_expected = DEPT_A_EDIT

    def write_data(self) -> dict:
        return review_post(self.job, self.world.users["focal"])

    def state(self):
        return Plan.objects.count(), Task.objects.count(), ImportJob.objects.get(pk=self.job.pk).status


class ImportPageImagePage(ImportJobCase):
    url_name = "documents:import_page"
    expected = DEPT_A_ROW
    image = "documents/imports/test-scan-pages/001.jpg"

    @classmethod
    def extra_data(cls, world: World) -> None:
        super().extra_data(world)
        cls.job.result = {**cls.job.result, "pages": [{"number": 1, "name": cls.image, "width": 40, "height": 60}]}
        cls.job.save(update_fields=["result"])

    def setUp(self):
        super().setUp()
        if not default_storage.exists(self.image):
            default_storage.save(self.image, ContentFile(_jpeg()))

    def url(self) -> str:
        return reverse(self.url_name, args=[self.job.pk, 1])

    def test_the_page_image_is_sent_as_an_image_that_cannot_run_anything(self):
        response = self.client_for("focal").get(self.url())
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert b"".join(response.streaming_content).startswith(b"\xff\xd8")

    def test_a_page_the_scan_does_not_have_is_not_found(self):
        response = self.client_for("focal").get(reverse(self.url_name, args=[self.job.pk, 2]))
        assert response.status_code == 404


def _jpeg() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("L", (40, 60), 200).save(buffer, format="JPEG")
    return buffer.getvalue()


class PdfCase(PersonaPageCase):
    """PDF exports, with LibreOffice taken as installed (the conversion itself never runs here)."""

    @classmethod
    def extra_data(cls, world: World) -> None:
        cls.plan = plan_create(unit=world.dept_a, year=2025, title="Cải cách hành chính năm 2025", actor=None)

    def setUp(self):
        patcher = mock.patch.object(pdf, "missing", return_value=None)
        patcher.start()
        self.addCleanup(patcher.stop)


class PdfRequestPage(PdfCase):
    url_name = "documents:pdf_request"
    expected = DEPT_A_ROW
    #: anyone who sees the plan may have it as PDF (as they may have it as Word)
    write_expected = {**DEPT_A_ROW, "admin": 302, "steering": 302, "viewer": 302, "head": 302, "focal": 302}

    def url(self) -> str:
        return reverse(self.url_name, args=["plan", self.plan.pk])

    def write_data(self) -> dict:
        return {"make": "pdf"}

    def state(self):
        return list(PdfExport.objects.values_list("pk", "status"))

    def test_an_unknown_kind_is_not_found(self):
        response = self.client_for("focal").get(reverse(self.url_name, args=["nothing", self.plan.pk]))
        assert response.status_code == 404


class PdfJobCase(PdfCase):
    expected = DEPT_A_ROW

    @classmethod
    def extra_data(cls, world: World) -> None:
        super().extra_data(world)
        with scratch_media():
            cls.job = PdfExport.objects.create(unit=world.dept_a, kind="plan", object_id=cls.plan.pk, title="Kế hoạch",
                                               download_name="ke-hoach.pdf", status=PdfStatus.DONE, progress=100)
            cls.job.file.save("document.pdf", ContentFile(b"%PDF-1.4 test"), save=True)

    def setUp(self):
        super().setUp()
        restore(self.job.file, b"%PDF-1.4 test")

    def url(self) -> str:
        return reverse(self.url_name, args=[self.job.pk])


class PdfDetailPage(PdfJobCase):
    url_name = "documents:pdf_detail"


class PdfFilePage(PdfJobCase):
    url_name = "documents:pdf_file"


class PlanCase(PersonaPageCase):
    expected = DEPT_A_ROW

    @classmethod
    def extra_data(cls, world: World) -> None:
        cls.plan = plan_create(unit=world.dept_a, year=2025, title="Cải cách hành chính năm 2025", actor=None)

    def url(self) -> str:
        return reverse(self.url_name, args=[self.plan.pk])


class PlanDocxPage(PlanCase):
    url_name = "documents:plan_docx"


class PlanXlsxPage(PlanCase):
    url_name = "documents:plan_xlsx"


class TemplateListPage(PersonaPageCase):
    url_name = "documents:template_list"
    expected = EVERYONE


class TemplateUploadPage(PersonaPageCase):
    url_name = "documents:template_upload"
    expected = DEPT_A_ADMIN_FORM
    write_expected = DEPT_A_ADMIN

    def url(self) -> str:
        return reverse(self.url_name, args=[self.world.dept_a.pk])

    def write_data(self) -> dict:
        return {"file": upload("plan.docx", DEFAULT_TEMPLATE.read_bytes()), "note": "Mẫu của Sở"}

    def state(self):
        return list(PlanTemplate.objects.values_list("pk", "note"))


class TemplateDownloadPage(PersonaPageCase):
    url_name = "documents:template_download"
    expected = DEPT_A_ROW

    @classmethod
    def extra_data(cls, world: World) -> None:
        with scratch_media():
            cls.template = services.template_upload(unit=world.dept_a, file=upload("plan.docx", DEFAULT_TEMPLATE.read_bytes()),
                                                    actor=world.users["admin"])

    def setUp(self):
        restore(self.template.file, DEFAULT_TEMPLATE.read_bytes())

    def url(self) -> str:
        return reverse(self.url_name, args=[self.template.pk])


class TemplateDefaultPage(PersonaPageCase):
    url_name = "documents:template_default"
    expected = EVERYONE


# --- the review flow ------------------------------------------------------------------------------


class ReviewFlowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.focal = cls.world.users["focal"]
        with scratch_media():
            cls.job = read_job(cls.world.dept_a, cls.focal)

    def setUp(self):
        self.client.force_login(self.focal)

    def review_url(self) -> str:
        return reverse("documents:import_review", args=[self.job.pk])

    def confirm(self, **changes):
        return self.client.post(self.review_url(), review_post(self.job, self.focal, **changes))

    def test_uploading_a_file_reads_it_in_the_background_and_offers_the_review(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("documents:import_create", args=[self.world.dept_a.pk]),
                                        {"file": upload("seed_001.docx")})
        job = ImportJob.objects.latest("pk")
        self.assertRedirects(response, job.get_absolute_url())
        self.assertEqual((job.status, job.progress, job.file_name, job.created_by), (ImportStatus.READY, 100, "seed_001.docx",
                                                                                        self.focal))
        page = self.client.get(job.get_absolute_url()).content.decode()
        self.assertIn("Đã đọc được 22 nhiệm vụ thuộc 7 lĩnh vực cải cách và 0 chỉ tiêu.", page)
        self.assertIn(reverse("documents:import_review", args=[job.pk]), page)

    def test_the_status_part_is_polled_until_the_job_has_finished(self):
        job = services.import_upload(unit=self.world.dept_a, file=upload("seed_001.docx"), actor=self.focal)
        url = job.get_absolute_url()
        waiting = self.client.get(url, headers={"HX-Request": "true"}).content.decode()
        self.assertTrue(waiting.startswith('<section id="import-status"'))
        self.assertIn(f'hx-get="{url}"', waiting)
        services.import_read(job=job)
        finished = self.client.get(url, headers={"HX-Request": "true"}).content.decode()
        self.assertNotIn("hx-get", finished)

    def test_a_file_that_cannot_be_read_ends_the_job_with_the_reason_and_nothing_saved(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("documents:import_create", args=[self.world.dept_a.pk]), {"file": upload("encrypted.pdf")})
        job = ImportJob.objects.latest("pk")
        page = self.client.get(job.get_absolute_url()).content.decode()
        self.assertEqual(job.status, ImportStatus.FAILED)
        self.assertIn("Tệp PDF được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.", page)
        self.assertEqual(Plan.objects.count(), 0)

    def test_a_refused_upload_names_the_problem_and_keeps_nothing(self):
        response = self.client.post(reverse("documents:import_create", args=[self.world.dept_a.pk]),
                                    {"file": upload("ke-hoach.exe", b"MZ\x90\x00")})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Không chấp nhận tệp loại .exe; chỉ chấp nhận: DOCX, JPEG, JPG, PDF, PNG, TXT.", response.content.decode())
        self.assertEqual(ImportJob.objects.count(), 1)

    def test_the_review_shows_each_task_next_to_its_source_lines_and_highlights_uncertain_fields(self):
        page = self.client.get(self.review_url()).content.decode()
        self.assertEqual(page.count('class="review-row task'), 43)
        self.assertEqual(page.count('class="review-row task uncertain"'), 1)  # task 30: a lead cell naming two units
        self.assertIn('<div class="field uncertain">\n  <label for="id_plan-number">', page)
        self.assertIn("Đơn vị gần đúng nhất cho đơn vị chủ trì: Văn phòng Sở Xây dựng", page)  # suggestions for "Văn phòng Sở"
        self.assertNotIn("(0,98)", page)  # a matching score means nothing to the officer
        self.assertNotIn('id="existing-plan"', page)
        first_row = self.job.result["draft"]["tasks"][0]["lines"][0]
        self.assertIn(f'<span class="ln">{first_row}</span>1 | Kế hoạch rà soát, hệ thống hóa văn bản QPPL', page)

    def test_confirming_creates_the_corrected_plan_with_its_areas_tasks_and_targets(self):
        response = self.confirm(**{"plan-title": "Cải cách hành chính năm 2024 (đã sửa)", "tasks-1-timeframe": "Quý II/2024"})
        plan = Plan.objects.get()
        self.assertRedirects(response, plan.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual((plan.unit, plan.year, plan.title, plan.signer_name, plan.signer_title),
                         (self.world.dept_a, 2024, "Cải cách hành chính năm 2024 (đã sửa)", "Vũ Văn Hưng", "GIÁM ĐỐC"))
        self.assertEqual((plan.areas.count(), plan.tasks.count(), plan.targets.count()), (9, 43, 19))
        second = plan.tasks.order_by("position")[1]
        self.assertEqual((second.timeframe, str(second.due_date), second.lead_unit, second.lead_text),
                         ("Quý II/2024", "2024-06-30", self.world.office_a, "Văn phòng Sở"))
        job = ImportJob.objects.get(pk=self.job.pk)
        self.assertEqual((job.status, job.plan, job.confirmed_by), (ImportStatus.CONFIRMED, plan, self.focal))
        self.assertEqual(plan.history.first().history_user, self.focal)

    def test_unticked_tasks_and_targets_are_left_out(self):
        data = review_post(self.job, self.focal)
        del data["tasks-0-include"], data["targets-0-include"]
        self.client.post(self.review_url(), data)
        plan = Plan.objects.get()
        self.assertEqual((plan.tasks.count(), plan.targets.count()), (42, 18))
        self.assertEqual(plan.tasks.order_by("position").first().title, self.job.result["draft"]["tasks"][1]["title"])

    def test_an_error_in_one_task_names_its_row_and_nothing_is_written(self):
        response = self.confirm(**{"tasks-5-timeframe": "Quý I/2030"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Nhiệm vụ 6 (số 6): Hạn hoàn thành 31/03/2030 nằm ngoài năm kế hoạch 2024", response.content.decode())
        self.assertEqual((Plan.objects.count(), Task.objects.count()), (0, 0))
        self.assertEqual(ImportJob.objects.get(pk=self.job.pk).status, ImportStatus.READY)

    def test_a_unit_chosen_both_to_lead_and_to_coordinate_is_refused_naming_the_row(self):
        office = str(self.world.office_a.pk)
        response = self.confirm(**{"tasks-2-lead_unit": office, "tasks-2-coordinating_units": [office]})
        self.assertIn("Nhiệm vụ 3 (số 3): Văn phòng Sở Xây dựng là đơn vị chủ trì nhiệm vụ, không thể đồng thời là đơn vị phối hợp.", response.content.decode())
        self.assertEqual(Plan.objects.count(), 0)

    def test_a_task_without_area_or_title_is_refused_before_anything_is_written(self):
        response = self.confirm(**{"tasks-0-area_code": "", "tasks-1-title": " "})
        page = response.content.decode()
        self.assertIn("Hãy chọn lĩnh vực cải cách của nhiệm vụ.", page)
        self.assertIn("Hãy nhập nhiệm vụ, hoặc bỏ chọn “Giữ lại” để loại nó ra.", page)
        self.assertEqual(Plan.objects.count(), 0)

    def test_an_import_is_confirmed_once(self):
        self.confirm()
        response = self.confirm()
        self.assertEqual(response.status_code, 200)
        self.assertIn("Lần nhập này đã được xác nhận hoặc không đọc được tệp; hãy tải tệp lên lại.", response.content.decode())
        self.assertEqual(Plan.objects.count(), 1)
        self.assertRedirects(self.client.get(self.review_url()), Plan.objects.get().get_absolute_url(),
                             fetch_redirect_response=False)

    def test_the_review_of_a_job_still_reading_sends_to_its_status(self):
        job = services.import_upload(unit=self.world.dept_a, file=upload("seed_001.docx"), actor=self.focal)
        response = self.client.get(reverse("documents:import_review", args=[job.pk]))
        self.assertRedirects(response, job.get_absolute_url())

    def test_a_reader_sees_the_draft_without_the_confirm_button(self):
        self.client.force_login(self.world.users["viewer"])
        page = self.client.get(self.review_url()).content.decode()
        self.assertNotIn('type="submit" class="btn primary"', page)

    def test_the_plan_page_offers_word_and_excel_exports(self):
        self.confirm()
        plan = Plan.objects.get()
        page = self.client.get(plan.get_absolute_url()).content.decode()
        self.assertIn(reverse("documents:plan_docx", args=[plan.pk]), page)
        self.assertIn(reverse("documents:plan_xlsx", args=[plan.pk]), page)
