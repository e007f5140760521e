"""Import services: what an upload accepts, how the reading job ends on every kind of bad file,
and how a reviewed draft becomes a plan (one transaction, errors naming the row)."""

from __future__ import annotations

import io
from unittest import mock

import docx
import pytest
from django.core.exceptions import ValidationError

from cchc.core.testing.personas import build_world
from cchc.documents import review, services
from cchc.documents.choices import ImportStatus
from cchc.documents.models import ImportJob
from cchc.documents.tests.factories import read_job, upload
from cchc.plans.models import Plan, PlanArea, Target, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _word(paragraphs: list[str], rows: list[list[str]] | None = None) -> bytes:
    word = docx.Document()
    for text in paragraphs:
        word.add_paragraph(text)
    if rows:
        table = word.add_table(rows=len(rows), cols=len(rows[0]))
        for row, values in zip(table.rows, rows, strict=True):
            if len(values) == 2:  # an area row: its title spans the other columns
                row.cells[0].text = values[0]
                row.cells[1].merge(row.cells[-1]).text = values[1]
                continue
            for cell, text in zip(row.cells, values, strict=True):
                cell.text = text
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# --- upload -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "data", "message"), [
    ("ke-hoach.odt", b"PK\x03\x04", "Không chấp nhận tệp loại .odt; chỉ chấp nhận: DOCX, JPEG, JPG, PDF, PNG, TXT."),
    ("ke-hoach.docx", b"", "Tệp ke-hoach.docx không có nội dung."),
    ("ke-hoach.pdf", b"<html>not a pdf</html>", "Nội dung tệp ke-hoach.pdf không đúng định dạng .pdf."),
])
def test_an_unacceptable_upload_is_refused_on_the_file_field_and_nothing_is_kept(world, name, data, message):
    with pytest.raises(ValidationError) as caught:
        services.import_upload(unit=world.dept_a, file=upload(name, data), actor=world.users["focal"])
    assert caught.value.message_dict == {"file": [message]}
    assert ImportJob.objects.count() == 0


def test_a_200_megabyte_file_is_refused_before_it_is_read(world):
    big = upload("ke-hoach.pdf", b"%PDF-1.4 ...")
    big.size = 200 * 1024 * 1024
    with pytest.raises(ValidationError) as caught:
        services.import_upload(unit=world.dept_a, file=big, actor=world.users["focal"])
    assert caught.value.message_dict == {"file": ["Tệp ke-hoach.pdf có dung lượng 200.0 MB; giới hạn là 20.0 MB."]}
    assert ImportJob.objects.count() == 0


def test_an_upload_queues_the_reading_job_once_the_transaction_commits(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = services.import_upload(unit=world.dept_a, file=upload("seed_001.docx"), actor=world.users["focal"])
    job.refresh_from_db()
    assert (len(callbacks), job.status, job.progress, job.file_size) == (1, ImportStatus.READY, 100, 27506)
    assert job.file.name.startswith("documents/imports/") and "seed_001" not in job.file.name


# --- the reading job ------------------------------------------------------------------------------


WORD_REPEATED = _word(["KẾ HOẠCH", "Cải cách hành chính năm 2024"], [
    ["STT", "Nhiệm vụ", "Sản phẩm", "Đơn vị chủ trì", "Thời gian"],
    ["I", "Cải cách thể chế"],
    ["1", "Rà soát văn bản", "Báo cáo", "Văn phòng", "Quý I/2024"],
    ["1", "Theo dõi thi hành pháp luật", "Kế hoạch", "Văn phòng", "Năm 2024"],
])


@pytest.mark.parametrize(("name", "data", "message"), [
    ("mat-khau.pdf", None, "Tệp PDF được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."),
    ("khong-bang.docx", _word(["KẾ HOẠCH", "Cải cách hành chính năm 2024", "Năm nay đơn vị tiếp tục cải cách."]),
     "Không tìm thấy nhiệm vụ nào trong tệp: không có bảng nhiệm vụ cũng không có các mục nhiệm vụ theo lĩnh vực cải cách. "
     "Hãy kiểm tra đây có phải là kế hoạch cải cách hành chính không."),
    ("hong.docx", (b"PK\x03\x04" + b"\x00" * 200), "Tệp Word (.docx) bị hỏng hoặc không đầy đủ, không đọc được."),
    ("ke-hoach.txt", "KẾ HOẠCH\nCải cách hành chính năm 2024\n".encode("utf-16-le"),
     "Tệp văn bản dùng bảng mã UTF-16 nhưng thiếu dấu BOM, không đọc được; hãy lưu lại với bảng mã UTF-8."),
    ("ke-hoach.txt", "KẾ HOẠCH\nNăm 2024\nĐơn vị: Sở\n".encode() + "Khánh Hòa".encode("cp1252"),
     "Tệp văn bản không đúng bảng mã UTF-8 (ký tự lỗi ở dòng 4); hãy lưu lại tệp với bảng mã UTF-8."),
])
def test_a_file_that_cannot_be_used_ends_the_job_with_a_vietnamese_reason_and_no_plan(world, name, data, message):
    job = read_job(world.dept_a, world.users["focal"], "encrypted.pdf" if data is None else name, data)
    assert (job.status, job.progress, job.error, job.result) == (ImportStatus.FAILED, 100, message, {})
    assert job.finished_at is not None
    assert Plan.objects.count() == 0


def test_a_task_number_repeated_within_an_area_names_the_table_row(world):
    job = read_job(world.dept_a, world.users["focal"], "lap.docx", WORD_REPEATED)
    assert job.status == ImportStatus.FAILED
    assert job.error.endswith("(dòng 6, hàng 4)")  # the header is row 1
    assert "Nhiệm vụ số 1 bị lặp lại" in job.error


def test_an_internal_error_ends_the_job_cleanly(world):
    with mock.patch("cchc.documents.services.extract_plan", side_effect=RuntimeError("bug")):
        job = read_job(world.dept_a, world.users["focal"])
    assert (job.status, job.error) == (ImportStatus.FAILED, "Không đọc được tệp do lỗi hệ thống; hãy thử lại hoặc gửi tệp cho "
                                                             "quản trị viên.")


def test_reading_again_changes_nothing(world):
    job = read_job(world.dept_a, world.users["focal"])
    before = ImportJob.objects.values().get(pk=job.pk)
    with mock.patch("cchc.documents.services.read_document") as reader:
        services.import_read(job=job)
    assert reader.call_count == 0
    assert ImportJob.objects.values().get(pk=job.pk) == before


def test_the_job_keeps_the_draft_its_source_lines_and_the_units_its_names_designate(world):
    job = read_job(world.dept_a, world.users["focal"])
    result = job.result
    assert (len(result["draft"]["tasks"]), len(result["draft"]["areas"]), result["format"]) == (43, 9, "docx")
    assert result["units"]["Văn phòng Sở"]["id"] == world.office_a.pk
    assert result["units"]["Các phòng chuyên môn, đơn vị"]["id"] is None
    assert result["field_lines"]["title"] == [3, 3]
    first, last = result["draft"]["tasks"][0]["lines"]
    assert result["source"][str(first)].startswith("1 | Kế hoạch rà soát, hệ thống hóa văn bản QPPL")


# --- the reviewed draft becomes a plan ------------------------------------------------------------


def _reviewed(**changes) -> review.ReviewedPlan:
    plan = review.ReviewedPlan(
        year=2025, title="Cải cách hành chính năm 2025", signer_name="Nguyễn Văn A", signer_title="GIÁM ĐỐC",
        legal_bases=[{"kind": "plan", "number": "111/KH-UBND", "date": "2024-09-29", "issuer": "UBND tỉnh",
                      "title": "Kế hoạch số 111/KH-UBND ngày 29/9/2024 của UBND tỉnh"}],
        areas=[review.ReviewedArea(code="procedures", title="Cải cách thủ tục hành chính", local_number="II")],
        tasks=[
            review.ReviewedTask(area_code="procedures", title="Rà soát thủ tục", number="1", products=["Báo cáo"],
                                timeframe="Quý I/2025", budget_source="Kinh phí thường xuyên"),
            review.ReviewedTask(area_code="institutions", title="Rà soát văn bản", number="1", timeframe="Năm 2025"),
        ],
        targets=["100% hồ sơ được giải quyết đúng hạn"],
    )
    for name, value in changes.items():
        setattr(plan, name, value)
    return plan


def test_a_reviewed_plan_is_created_with_its_areas_tasks_targets_and_signer(world):
    plan = services.plan_from_review(unit=world.dept_a, reviewed=_reviewed(), actor=world.users["focal"])
    assert (plan.status, plan.signer_name, plan.signer_title, plan.legal_bases[0]["number"]) == (
        "draft", "Nguyễn Văn A", "GIÁM ĐỐC", "111/KH-UBND")
    assert list(plan.areas.values_list("code", "local_number", "title")) == [
        ("procedures", "II", "Cải cách thủ tục hành chính"), ("institutions", "", "Cải cách thể chế")]
    assert list(plan.tasks.values_list("area__code", "title", "due_date")) == [
        ("procedures", "Rà soát thủ tục", plan.tasks.get(number="1", area__code="procedures").due_date),
        ("institutions", "Rà soát văn bản", plan.tasks.get(area__code="institutions").due_date)]
    assert str(plan.tasks.get(area__code="procedures").due_date) == "2025-03-31"
    assert list(plan.targets.values_list("text", "value")) == [("100% hồ sơ được giải quyết đúng hạn", 100)]
    assert plan.history.latest().history_user == world.users["focal"]


def test_an_error_in_a_later_row_writes_nothing_and_names_the_row(world):
    bad = _reviewed()
    bad.tasks[1].timeframe = "Quý I/2030"
    with pytest.raises(ValidationError) as caught:
        services.plan_from_review(unit=world.dept_a, reviewed=bad, actor=world.users["focal"])
    assert caught.value.message_dict == {"tasks-1-timeframe": [
        "Nhiệm vụ 2 (số 1): Hạn hoàn thành 31/03/2030 nằm ngoài năm kế hoạch 2025 (chỉ được từ 01/10/2024 đến 31/12/2025)."]}
    assert (Plan.objects.count(), PlanArea.objects.count(), Task.objects.count(), Target.objects.count()) == (0, 0, 0, 0)


def test_a_lead_outside_the_plans_unit_is_refused(world):
    bad = _reviewed()
    bad.tasks[0].lead_unit = world.dept_b
    with pytest.raises(ValidationError) as caught:
        services.plan_from_review(unit=world.dept_a, reviewed=bad, actor=world.users["focal"])
    assert list(caught.value.message_dict) == ["tasks-0-lead_unit"]
    assert caught.value.message_dict["tasks-0-lead_unit"][0].startswith("Nhiệm vụ 1 (số 1): Sở Tài chính")
    assert Plan.objects.count() == 0


def test_a_year_the_unit_did_not_exist_is_refused_on_the_year(world):
    with pytest.raises(ValidationError) as caught:
        services.plan_from_review(unit=world.commune_new, reviewed=_reviewed(year=2024), actor=world.users["commune"])
    assert list(caught.value.message_dict) == ["year"]
    assert Plan.objects.count() == 0


def test_an_empty_target_is_refused_naming_it(world):
    with pytest.raises(ValidationError) as caught:
        services.plan_from_review(unit=world.dept_a, reviewed=_reviewed(targets=["  "]), actor=world.users["focal"])
    assert list(caught.value.message_dict) == ["targets-0-text"]
    assert caught.value.message_dict["targets-0-text"][0].startswith("Chỉ tiêu 1: ")
    assert Plan.objects.count() == 0


def test_a_confirmed_job_points_at_its_plan_and_refuses_a_second_confirmation(world):
    focal = world.users["focal"]
    job = read_job(world.dept_a, focal, "seed_001.docx")
    plan = services.import_confirm(job=job, reviewed=_reviewed(), actor=focal)
    job.refresh_from_db()
    assert (job.status, job.plan, job.confirmed_by) == (ImportStatus.CONFIRMED, plan, focal)
    with pytest.raises(ValidationError):
        services.import_confirm(job=job, reviewed=_reviewed(), actor=focal)
    assert Plan.objects.count() == 1


def test_a_second_plan_for_the_year_is_refused_and_the_amendment_offered_nothing_written(world):
    focal = world.users["focal"]
    first = services.plan_from_review(unit=world.dept_a, reviewed=_reviewed(), actor=focal)
    job = read_job(world.dept_a, focal, "seed_001.docx")
    with pytest.raises(ValidationError) as caught:
        services.import_confirm(job=job, reviewed=_reviewed(title="Kế hoạch lần hai"), actor=focal)
    assert list(caught.value.message_dict) == ["amend"]
    assert "Sở Xây dựng đã có kế hoạch năm 2025" in caught.value.message_dict["amend"][0]
    assert list(Plan.objects.values_list("pk", "title")) == [(first.pk, "Cải cách hành chính năm 2025")]
    job.refresh_from_db()
    assert job.status == ImportStatus.READY


def test_amending_brings_the_document_into_the_existing_plan_keeping_its_tasks(world):
    focal = world.users["focal"]
    plan = services.plan_from_review(unit=world.dept_a, reviewed=_reviewed(), actor=focal)
    kept = plan.tasks.get(title="Rà soát thủ tục")
    job = read_job(world.dept_a, focal, "seed_001.docx")
    amended = _reviewed(purpose="Mục đích sửa đổi")
    amended.tasks[0].timeframe = "Quý II/2025"
    amended.tasks[0].title = "RÀ SOÁT THỦ TỤC"
    amended.tasks.append(review.ReviewedTask(area_code="digital_government", title="Số hóa hồ sơ", timeframe="Năm 2025"))
    amended.targets.append("≥90% hồ sơ được số hóa")
    result = services.import_confirm(job=job, reviewed=amended, actor=focal, amend=True)
    assert result.pk == plan.pk and Plan.objects.count() == 1
    plan.refresh_from_db()
    kept.refresh_from_db()
    assert (plan.purpose, kept.timeframe, str(kept.due_date)) == ("Mục đích sửa đổi", "Quý II/2025", "2025-06-30")
    assert sorted(plan.tasks.values_list("title", flat=True)) == ["Rà soát thủ tục", "Rà soát văn bản", "Số hóa hồ sơ"]
    assert sorted(plan.areas.values_list("code", flat=True)) == ["digital_government", "institutions", "procedures"]
    assert plan.targets.count() == 2
    job.refresh_from_db()
    assert (job.status, job.plan) == (ImportStatus.CONFIRMED, plan)
