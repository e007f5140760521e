"""Background jobs never stay "running" after their worker died: the lease, the periodic recovery,
the page and the ``jobs`` command, for every kind of job (plan imports, report files)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cchc.core import jobs
from cchc.core.tasks import recover_stranded_jobs
from cchc.core.testing.personas import build_world
from cchc.documents import services as documents
from cchc.documents.choices import ImportStatus
from cchc.documents.models import ImportJob
from cchc.documents.tests.factories import upload
from cchc.reporting import services as reporting
from cchc.reporting.choices import DocumentStatus
from cchc.reporting.models import ReportDocument
from cchc.reporting.tasks import generate_document
from cchc.reporting.tests.factories import reporting_world

pytestmark = pytest.mark.django_db

INTERRUPTED = "Quá trình xử lý bị gián đoạn"


@pytest.fixture
def world():
    world = build_world()
    reporting_world(world)
    return world


def long_ago(minutes=10):
    return timezone.now() - dt.timedelta(minutes=minutes)


def stranded_import(world, *, attempts=1, progress=20) -> ImportJob:
    """An import whose worker was killed at ``progress`` %: running, with a heartbeat long gone."""
    job = documents.import_upload(unit=world.dept_a, file=upload("seed_003.docx"), actor=world.users["focal"])
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, progress=progress, attempts=attempts, heartbeat_at=long_ago()
    )
    job.refresh_from_db()
    return job


def stranded_document(world, *, attempts=1) -> ReportDocument:
    document = reporting.document_request(report=world.draft, format="xlsx", actor=None)
    ReportDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.RUNNING, progress=50, attempts=attempts, heartbeat_at=long_ago()
    )
    document.refresh_from_db()
    return document


# --- the rule ---------------------------------------------------------------------------------------


def test_a_running_job_is_stranded_once_its_heartbeat_is_older_than_the_lease():
    now = timezone.now()
    lease = dt.timedelta(minutes=2)
    assert jobs.is_stranded(status="running", heartbeat_at=now - dt.timedelta(minutes=3), now=now, lease=lease)
    assert jobs.is_stranded(status="running", heartbeat_at=None, now=now, lease=lease)
    assert not jobs.is_stranded(status="running", heartbeat_at=now - dt.timedelta(seconds=30), now=now, lease=lease)
    assert not jobs.is_stranded(status="ready", heartbeat_at=now - dt.timedelta(hours=3), now=now, lease=lease)
    assert not jobs.is_stranded(status="queued", heartbeat_at=None, now=now, lease=lease)


def test_every_job_model_shares_the_lease():
    assert {model.__name__ for model in jobs.job_models()} == {"ImportJob", "PdfExport", "ReportDocument"}


# --- a job reports its progress with a heartbeat -------------------------------------------------------


def test_reading_an_import_counts_the_attempt_and_beats(world, django_capture_on_commit_callbacks):
    started = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        job = documents.import_upload(unit=world.dept_a, file=upload("seed_003.docx"), actor=world.users["focal"])
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress) == (ImportStatus.READY, 1, 100)
    assert job.heartbeat_at >= started


def test_a_worker_that_lost_its_lease_writes_nothing_more(world):
    job = stranded_import(world)
    old_worker = ImportJob.objects.get(pk=job.pk)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED, progress=0)
    claimed = ImportJob.job_claim(job.pk, progress=5)
    assert claimed.attempts == 2
    with pytest.raises(jobs.LeaseLost):
        old_worker.job_beat(80)
    assert ImportJob.objects.values_list("progress", "attempts").get(pk=job.pk) == (5, 2)


# --- a task that raises midway ends its job ------------------------------------------------------------


def test_a_report_file_whose_storage_fails_midway_is_failed_not_stranded(world):
    document = reporting.document_request(report=world.draft, format="xlsx", actor=None)
    with mock.patch("django.core.files.storage.FileSystemStorage.save", side_effect=OSError("disk full")):
        generate_document(document.pk)  # the real task (queued work runs inline in tests)
    document.refresh_from_db()
    assert (document.status, document.attempts, bool(document.file)) == (DocumentStatus.FAILED, 1, False)
    assert document.error == "Không tạo được tệp do lỗi hệ thống; hãy thử lại hoặc báo quản trị viên."
    assert document.finished_at is not None
    assert jobs.jobs_stuck() == []


def test_an_import_whose_reader_crashes_midway_is_failed_not_stranded(world, django_capture_on_commit_callbacks):
    with mock.patch("cchc.documents.services.extract_plan", side_effect=MemoryError), \
            django_capture_on_commit_callbacks(execute=True):
        job = documents.import_upload(unit=world.dept_a, file=upload("seed_003.docx"), actor=world.users["focal"])
    job.refresh_from_db()
    assert (job.status, job.attempts) == (ImportStatus.FAILED, 1)
    assert job.error.startswith("Không đọc được tệp do lỗi hệ thống")


# --- the periodic recovery ----------------------------------------------------------------------------


def test_a_stranded_import_is_read_again_from_the_start(world, django_capture_on_commit_callbacks):
    job = stranded_import(world, attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        recover_stranded_jobs.call_local()
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress, job.error) == (ImportStatus.READY, 2, 100, "")
    assert job.result["draft"]["tasks"]


def test_a_retry_resets_the_progress_and_queues_the_job(world, django_capture_on_commit_callbacks):
    job = stranded_import(world, attempts=1, progress=20)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        result = jobs.jobs_recover()
    assert (result.retried, result.failed) == ([job], [])
    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts, job.heartbeat_at) == (ImportStatus.QUEUED, 0, 1, None)
    assert len(queued) == 1


def test_a_job_stranded_on_its_last_attempt_fails_with_a_message_on_its_page(world, client):
    job = stranded_import(world, attempts=3)
    document = stranded_document(world, attempts=3)
    result = jobs.jobs_recover()
    assert sorted(type(j).__name__ for j in result.failed) == ["ImportJob", "ReportDocument"]
    job.refresh_from_db()
    document.refresh_from_db()
    message = ("Quá trình xử lý bị gián đoạn (máy xử lý dừng đột ngột) và đã thử 3 lần không thành công; "
               "hãy thử lại hoặc báo quản trị viên.")
    assert (job.status, job.attempts, job.error) == (ImportStatus.FAILED, 3, message)
    assert (document.status, document.error) == (DocumentStatus.FAILED, message)
    assert job.finished_at is not None
    client.force_login(world.users["focal"])
    response = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert message in response.content.decode()
    assert "hx-get" not in response.content.decode()  # the page stops polling


def test_a_job_within_its_lease_is_left_alone(world):
    job = stranded_import(world)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
    before = ImportJob.objects.values().get(pk=job.pk)
    assert jobs.jobs_recover() == jobs.Recovered(retried=[], failed=[])
    assert ImportJob.objects.values().get(pk=job.pk) == before


# --- the page shows a stranded job at once ---------------------------------------------------------------


def test_the_polled_import_page_says_a_stranded_job_was_interrupted(world, client):
    job = stranded_import(world)
    client.force_login(world.users["focal"])
    response = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "Quá trình xử lý bị gián đoạn; hệ thống sẽ tự thử lại trong ít phút." in content
    assert "hx-get" in content  # still polled: the retry will show up


def test_the_polled_report_file_says_a_stranded_job_was_interrupted(world, client):
    document = stranded_document(world)
    client.force_login(world.users["focal"])
    response = client.get(f"/reporting/documents/{document.pk}/", HTTP_HX_REQUEST="true")
    assert "Quá trình xử lý bị gián đoạn; hệ thống sẽ tự thử lại trong ít phút." in response.content.decode()


# --- the command ------------------------------------------------------------------------------------------


def test_the_command_lists_stuck_jobs_of_every_kind(world):
    job = stranded_import(world)
    document = stranded_document(world)
    out = StringIO()
    call_command("jobs", "--stuck", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["ID", "KIND", "UNIT", "STATUS", "PROGRESS", "ATTEMPTS", "SILENT"]
    assert sorted(line.split()[0] for line in lines[1:]) == sorted([f"import:{job.pk}", f"report_file:{document.pk}"])
    assert any("Sở Xây dựng" in line and "20%" in line and "10 min" in line for line in lines[1:])


def test_the_command_says_when_nothing_is_stuck(world):
    out = StringIO()
    call_command("jobs", "--stuck", stdout=out)
    assert out.getvalue() == "No stuck job.\n"


def test_the_command_retries_one_job(world, django_capture_on_commit_callbacks):
    job = stranded_import(world, attempts=3)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("jobs", "--retry", f"import:{job.pk}", stdout=out)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (ImportStatus.READY, 4)
    assert out.getvalue() == f"import:{job.pk} queued again.\n"


def test_the_command_retries_every_stuck_job(world, django_capture_on_commit_callbacks):
    job = stranded_import(world)
    document = stranded_document(world)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("jobs", "--retry-stuck", stdout=StringIO())
    job.refresh_from_db()
    document.refresh_from_db()
    assert (job.status, document.status) == (ImportStatus.READY, DocumentStatus.DONE)


@pytest.mark.parametrize("value", ["import:999999", "nothing:1", "import", "import:x"])
def test_the_command_refuses_an_unknown_job(world, value):
    with pytest.raises(CommandError):
        call_command("jobs", "--retry", value, stdout=StringIO())


def test_the_command_refuses_to_retry_a_job_that_is_not_stuck(world):
    job = stranded_import(world)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
    with pytest.raises(CommandError, match="is not stuck"):
        call_command("jobs", "--retry", f"import:{job.pk}", stdout=StringIO())
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.RUNNING
