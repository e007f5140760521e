"""A commune sends its Q1 report; the steering officer returns it with a reason; the commune fixes it
and sends it again; the officer accepts it."""

import pytest

from cchc.reporting import services
from cchc.units.demo import DEMO_PASSWORD, load_demo
from cchc.units.models import Unit
from e2e.conftest import login


def as_user(page, username):
    page.context.clear_cookies()
    login(page, username, DEMO_PASSWORD)


def open_report(page, text):
    page.click(f"a:has-text('{text}')")
    page.wait_for_selector("#status")


@pytest.mark.django_db(transaction=True)
def test_a_commune_report_is_returned_fixed_resubmitted_and_accepted(page, artifacts):
    load_demo()
    city = Unit.objects.get(code="92", valid_to__isnull=True)
    services.calendar_create(unit=city, year=2026, preset="national", actor=None)

    # The commune's focal officer starts the report from "Báo cáo của tôi" and writes it (autosaved).
    as_user(page, "trande.daumoi")
    page.click("nav.mainnav >> text=Báo cáo của tôi")
    row = page.locator("#my-reports tr[data-unit='92-XTD']", has_text="Báo cáo quý I năm 2026")
    row.locator("button", has_text="Lập báo cáo").click()
    page.wait_for_selector("#status")
    page.click("#actions >> text=Soạn thảo")
    page.fill("#id_number", "12/BC-UBND")
    page.fill("#id_signer_name", "Huỳnh Văn Lộc")
    page.fill("#id_signer_title", "CHỦ TỊCH")
    page.fill("#id_section_direction", "Ban hành Kế hoạch CCHC năm 2026 của xã.")
    page.fill("#id_section_strengths", "Bộ phận một cửa xã hoạt động ổn định sau sắp xếp.")
    page.fill("#id_section_limitations", "Cơ sở vật chất còn thiếu.")
    page.fill("#id_section_next_tasks", "Hoàn thành số hóa hồ sơ.")
    page.wait_for_selector("#save-status .ok")
    page.screenshot(path=str(artifacts / "reporting_editor_autosave.png"), full_page=True)
    page.click("text=Quay lại báo cáo")
    page.click("#submit-report")
    assert page.inner_text("#status") == "Đã gửi"

    # The steering officer returns it with a reason.
    as_user(page, "noivu.theodoi")
    page.goto(page.base_url + "/reporting/review/")
    open_report(page, "Xã Trần Đề")
    page.click("#review >> text=Trả lại với lý do này")
    assert "Nhập lý do trả lại báo cáo." in page.inner_text(".messages")
    assert page.inner_text("#status") == "Đã gửi"
    page.fill("#id_reason", "Bổ sung kết quả số hóa hồ sơ trong quý.")
    page.click("#review >> text=Trả lại với lý do này")
    assert page.inner_text("#status") == "Bị trả lại để chỉnh sửa"

    # The commune reads the reason, fixes the report and sends it again.
    as_user(page, "trande.daumoi")
    page.goto(page.base_url + "/reporting/mine/")
    page.locator("#my-reports tr[data-unit='92-XTD']", has_text="Báo cáo quý I năm 2026").locator("a", has_text="Mở").click()
    assert "Bổ sung kết quả số hóa hồ sơ trong quý." in page.inner_text("#return-reason")
    page.click("#actions >> text=Soạn thảo")
    page.fill("#id_section_limitations", "Cơ sở vật chất còn thiếu; số hóa hồ sơ đạt 45%, chưa đạt chỉ tiêu 60%.")
    page.wait_for_selector("#save-status .ok")
    page.click("text=Quay lại báo cáo")
    page.click("#submit-report")
    assert page.inner_text("#status") == "Đã gửi lại"

    # The steering officer accepts it.
    as_user(page, "noivu.theodoi")
    page.goto(page.base_url + "/reporting/review/")
    open_report(page, "Xã Trần Đề")
    page.click("#review >> text=Tiếp nhận")
    assert page.inner_text("#status") == "Đã tiếp nhận"
    assert "số hóa hồ sơ đạt 45%" in page.inner_text(".report-text")
    page.screenshot(path=str(artifacts / "reporting_report_accepted.png"), full_page=True)
