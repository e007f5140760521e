"""Import a scanned plan in the browser: upload seed 003 as an image-only PDF, watch the pages being
recognised, and review the draft with each task's part of the page image beside the text read from it."""

import threading
from unittest import mock

import pytest
from django.db import connection

from cchc.documents import services
from cchc.documents.models import ImportJob
from cchc.documents.tests import scanning
from cchc.units.demo import DEMO_PASSWORD, load_demo
from e2e.conftest import login


def _in_the_background(job_id: int) -> None:
    """What the queue worker does, in a thread, so the page can be watched while the pages are read."""

    def run():
        try:
            services.import_read(job=ImportJob.objects.get(pk=job_id))
        finally:
            connection.close()

    threading.Thread(target=run, daemon=True).start()


@pytest.mark.django_db(transaction=True)
def test_focal_officer_imports_a_scan_of_seed_003_and_reviews_it_beside_the_page_images(page, artifacts, tmp_path):
    scanning.require_tools()
    scan = tmp_path / "ke-hoach-cchc-2024-ban-quet.pdf"
    scan.write_bytes(scanning.image_pdf("003"))
    load_demo()
    login(page, "xaydung.daumoi", DEMO_PASSWORD)
    page.click("nav.mainnav >> text=Nhập kế hoạch từ tệp")
    page.click("a.btn.primary >> text=Nhập kế hoạch từ tệp")
    with mock.patch.object(services, "_enqueue", _in_the_background):
        page.set_input_files("#id_file", str(scan))
        page.click("form.form button[type=submit]")
        page.wait_for_selector(".scan-progress >> text=Đang nhận dạng các trang bản quét", timeout=300_000)
        page.screenshot(path=str(artifacts / "scan_import_progress.png"), full_page=True)
        page.wait_for_selector("#import-status >> text=Rà soát và xác nhận", timeout=1_800_000)
    page.screenshot(path=str(artifacts / "scan_import_read.png"), full_page=True)
    page.click("text=Rà soát và xác nhận")

    page.wait_for_selector("h1 >> text=Rà soát kế hoạch nhập từ tệp")
    assert page.locator(".review-row.task").count() == 43  # as in the Word file (see test_scan_seed_003)
    first = page.locator("#task-1")
    crop = first.locator(".review-source svg.scan-crop image")
    assert crop.count() == 1
    image_url = crop.get_attribute("href")
    assert "/pages/" in image_url
    # the page image itself loads (scoped view, same origin, allowed by the Content-Security-Policy)
    assert page.evaluate("url => fetch(url).then(r => r.ok && r.headers.get('content-type'))", image_url) == "image/jpeg"
    first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    first.screenshot(path=str(artifacts / "scan_review_task.png"))
    page.screenshot(path=str(artifacts / "scan_review.png"))
