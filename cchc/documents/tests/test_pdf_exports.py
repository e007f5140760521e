"""Documents as PDF for signing: LibreOffice in the worker, one job per request, a plain message when
LibreOffice is missing, nothing kept when a conversion fails."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cchc.core import pdf
from cchc.documents import pdf_exports, services
from cchc.documents.choices import PdfStatus
from cchc.documents.models import PdfExport
from cchc.documents.tests import scanning
from cchc.plans.services import plan_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    return plan_create(unit=world.dept_a, year=2025, title="Cải cách hành chính năm 2025", actor=None)


def _run(job: PdfExport) -> PdfExport:
    return services.pdf_render(job=job)


def test_a_plan_becomes_a_pdf_made_by_libreoffice_from_its_word_document(world, plan):
    scanning.require_tools()
    pdf.missing.cache_clear()
    job = services.pdf_request(source=pdf_exports.source("plan"), obj=plan, actor=world.users["viewer"])

    job = _run(job)

    assert (job.status, job.progress, job.error) == (PdfStatus.DONE, 100, "")
    assert job.download_name == f"ke-hoach-2025-{world.dept_a.code}-{plan.pk}.pdf"
    with job.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-")
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    text = document[0].get_textpage().get_text_range()
    document.close()
    assert "KẾ HOẠCH" in text and "Cải cách hành chính năm 2025" in text


def test_asking_twice_while_converting_gives_the_same_job(world, plan):
    with mock.patch.object(pdf, "missing", return_value=None):
        first = services.pdf_request(source=pdf_exports.source("plan"), obj=plan, actor=world.users["focal"])
        second = services.pdf_request(source=pdf_exports.source("plan"), obj=plan, actor=world.users["head"])
    assert first.pk == second.pk and PdfExport.objects.count() == 1


def test_without_libreoffice_the_request_names_the_package(world, plan):
    with mock.patch.object(pdf, "missing", return_value=pdf.missing_message()), pytest.raises(ValidationError) as caught:
        services.pdf_request(source=pdf_exports.source("plan"), obj=plan, actor=world.users["focal"])
    assert "libreoffice-writer-nogui" in caught.value.messages[0]
    assert PdfExport.objects.count() == 0


def test_a_conversion_that_fails_ends_the_job_with_its_message_and_keeps_no_file(world, plan):
    with mock.patch.object(pdf, "missing", return_value=None):
        job = services.pdf_request(source=pdf_exports.source("plan"), obj=plan, actor=world.users["focal"])
    with mock.patch.object(pdf, "docx_to_pdf", side_effect=pdf.PdfError("LibreOffice không chuyển xong tệp sang PDF trong 120 giây.")):
        job = _run(job)
    assert (job.status, job.error, job.file.name) == (PdfStatus.FAILED, "LibreOffice không chuyển xong tệp sang PDF trong 120 giây.", "")
    assert _run(job).status == PdfStatus.FAILED  # a finished job is not run again


def test_a_hung_conversion_is_killed_at_the_time_limit(tmp_path, settings):
    slow = tmp_path / "soffice"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(0o755)
    settings.SOFFICE_CMD = str(slow)
    with pytest.raises(pdf.PdfError) as caught:
        pdf.docx_to_pdf(b"PK\x03\x04", timeout=1)
    assert str(caught.value) == "LibreOffice không chuyển xong tệp sang PDF trong 1 giây."


def test_the_plan_page_says_what_is_missing_instead_of_offering_the_pdf(client, world, plan):
    client.force_login(world.users["focal"])
    with mock.patch.object(pdf, "missing", return_value=pdf.missing_message()):
        page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Tải bản PDF</button>" in page and "libreoffice-writer-nogui" in page
    with mock.patch.object(pdf, "missing", return_value=None):
        page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert reverse("documents:pdf_request", args=["plan", plan.pk]) in page


def test_the_request_page_queues_the_job_and_goes_to_it(client, world, plan):
    client.force_login(world.users["viewer"])
    with mock.patch.object(pdf, "missing", return_value=None), mock.patch.object(services, "_enqueue_pdf") as enqueue:
        response = client.post(reverse("documents:pdf_request", args=["plan", plan.pk]), {"make": "pdf"})
    job = PdfExport.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.unit, job.kind, job.object_id, job.status) == (world.dept_a, "plan", plan.pk, PdfStatus.QUEUED)
    assert enqueue.call_count == 0  # queued once the transaction commits (tests never commit)


def test_a_division_reading_its_departments_plan_is_not_offered_the_conversion(client, world, plan):
    import datetime as dt

    from cchc.plans.services import area_create, plan_issue, task_create

    area = area_create(plan=plan, code="direction", title="", actor=None)
    task_create(plan=plan, area=area, title="Xây dựng kế hoạch tuyên truyền CCHC", timeframe="Quý I/2025", actor=None)
    plan_issue(plan=plan, number="12/KH-SXD", issued_on=dt.date(2025, 1, 10), signer_title="Giám đốc", actor=world.users["head"])
    request = reverse("documents:pdf_request", args=["plan", plan.pk])
    client.force_login(world.users["staff"])  # the division's officer reads the plan above it
    with mock.patch.object(pdf, "missing", return_value=None):
        page = client.get(reverse("plans:detail", args=[plan.pk]))
        assert page.status_code == 200 and reverse("documents:plan_docx", args=[plan.pk]) in page.content.decode()
        assert request not in page.content.decode()
        assert client.get(request).status_code == 404
        client.force_login(world.users["focal"])
        assert request in client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
