"""A citizen answers a survey on a 375 × 667 phone by opening the address its QR code holds; the staff
read the results. Screenshots of each public survey page and of the results page."""

import datetime as dt
import io

import pytest
from PIL import Image

from cchc.surveys import demo as surveys_demo
from cchc.surveys import services
from cchc.surveys.models import AccessPoint, Response
from cchc.units.demo import DEMO_PASSWORD, load_demo
from e2e.conftest import login

PHONE = {"width": 375, "height": 667}


def qr_target(point: AccessPoint) -> str:
    """The address the printed QR code holds, read back from the QR code image itself."""
    from cchc.surveys import poster

    return point.public_path(), poster.qr_png(point.public_path())


@pytest.mark.django_db(transaction=True)
def test_a_citizen_answers_by_qr_code_on_a_phone_and_staff_read_the_results(page, artifacts):
    load_demo()
    surveys_demo.load(created=True)
    point = AccessPoint.objects.get(campaign__unit__code="92-XTD", channel="qr", counter="")
    path, png = qr_target(point)
    assert Image.open(io.BytesIO(png)).size[0] > 100
    before = Response.objects.filter(campaign=point.campaign).count()

    page.set_viewport_size(PHONE)
    page.goto(page.base_url + path)
    assert page.inner_text("h1").startswith("Khảo sát đo lường mức độ hài lòng")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing wider than the phone
    page.screenshot(path=str(artifacts / "surveys_public_form_375.png"), full_page=True)

    page.click("button[type=submit]")  # nothing chosen: every missing answer is named
    page.wait_for_selector(".survey-errors")
    assert "Nhận định 1: vui lòng chọn một mức đánh giá." in page.inner_text(".survey-errors")
    page.screenshot(path=str(artifacts / "surveys_public_errors_375.png"), full_page=False)

    fieldsets = page.locator("fieldset.survey-item")
    for index in range(9):
        fieldsets.nth(index).get_by_label("Hài lòng", exact=True).check()
    page.fill("#id_procedure_text", "Hộ tịch – Đăng ký khai sinh")  # no catalogue loaded: the field is typed
    page.get_by_label("Nữ").check()
    page.fill("#id_comment", "<script>alert(1)</script> rất tốt")
    page.click("button[type=submit]")
    page.wait_for_url("**/cam-on/")
    assert "Cảm ơn Ông/Bà" in page.inner_text("h1")
    page.screenshot(path=str(artifacts / "surveys_public_thanks_375.png"), full_page=True)
    assert Response.objects.filter(campaign=point.campaign).count() == before + 1

    kiosk = AccessPoint.objects.get(campaign=point.campaign, channel="kiosk")
    page.goto(page.base_url + kiosk.public_path())
    page.screenshot(path=str(artifacts / "surveys_public_kiosk_375.png"), full_page=False)
    expired = services.campaign_create(
        unit=point.unit, questionnaire=point.campaign.questionnaire, title="Khảo sát quý I", starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 3, 31), targets=[point.unit], actor=None)
    page.goto(page.base_url + expired.access_points.filter(channel="qr").get().public_path())
    assert "đã kết thúc ngày 31/03/2026" in page.inner_text("main")
    page.screenshot(path=str(artifacts / "surveys_public_closed_375.png"), full_page=True)
    page.goto(page.base_url + "/cong-khai/khao-sat/ma-khong-dung/")
    assert "Không tìm thấy phiếu khảo sát" in page.inner_text("h1")
    page.screenshot(path=str(artifacts / "surveys_public_not_found_375.png"), full_page=True)

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "trande.daumoi", DEMO_PASSWORD)
    page.goto(page.base_url + f"/surveys/{point.campaign.pk}/results/")
    page.wait_for_selector("#by-item")
    assert page.inner_text("#headline").endswith("%")
    assert "&lt;script&gt;" not in page.inner_text("#comments") and "<script>alert(1)</script> rất tốt" in page.inner_text("#comments")
    page.screenshot(path=str(artifacts / "surveys_results.png"), full_page=True)
