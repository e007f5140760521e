import re

import pytest

from cchc.plans import demo as plans_demo
from cchc.units.demo import DEMO_PASSWORD, load_demo
from e2e.conftest import login

PDF = b"%PDF-1.4\n% bien ban kiem tra ho so cap phep\n%%EOF\n"


@pytest.mark.django_db(transaction=True)
def test_division_staff_report_progress_with_evidence_and_the_focal_officer_sees_it(page, artifacts, tmp_path):
    load_demo(communes=1, departments=6, divisions=3)
    plans_demo.load(created=True)
    evidence = tmp_path / "bien-ban-kiem-tra.pdf"
    evidence.write_bytes(PDF)

    login(page, "xaydung.phong", DEMO_PASSWORD)
    page.click("nav.mainnav >> text=Việc của tôi")
    row = page.locator("table.my-tasks tr", has_text="Kiểm tra hồ sơ cấp phép xây dựng tại Bộ phận một cửa")
    assert "quá hạn" in row.inner_text()
    page.screenshot(path=str(artifacts / "plans_my_tasks.png"), full_page=True)
    row.locator("a", has_text="Báo cáo tiến độ").click()
    page.wait_for_selector("form.form")
    assert page.locator("#id_unit option:checked").inner_text() == "Phòng Quản lý hoạt động xây dựng — Sở Xây dựng"
    page.select_option("#id_status", "in_progress")
    page.fill("#id_percent", "80")
    page.fill("#id_note", "Đã kiểm tra 24 hồ sơ cấp phép tại Bộ phận một cửa")
    page.set_input_files("#id_file", str(evidence))
    page.fill("#id_document_number", "15/BB-QLHĐXD")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/plans/tasks/\d+/$"))
    assert "Đã ghi nhận tiến độ." in page.inner_text("ul.messages")
    task_url = page.url
    page.screenshot(path=str(artifacts / "plans_progress_recorded.png"), full_page=True)

    page.click("form[action='/accounts/logout/'] button")
    login(page, "xaydung.daumoi", DEMO_PASSWORD)
    page.goto(task_url)
    updates = page.inner_text("ul.updates")
    assert "Đã kiểm tra 24 hồ sơ cấp phép tại Bộ phận một cửa" in updates
    assert "Phòng Quản lý hoạt động xây dựng · Đang thực hiện 80%" in updates
    assert "Văn bản 15/BB-QLHĐXD" in updates
    link = page.locator("ul.updates a", has_text="bien-ban-kiem-tra.pdf")
    response = page.request.get(page.base_url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-disposition"] == 'attachment; filename="bien-ban-kiem-tra.pdf"'
    assert response.body() == PDF
    page.screenshot(path=str(artifacts / "plans_focal_sees_evidence.png"), full_page=True)

    page.locator("p.crumbs a", has_text="86/KH-SXD").click()
    page.wait_for_selector("#area-chart")
    page.select_option("#id_due", "overdue")
    page.wait_for_function("() => !document.querySelector('#tasks').innerText.includes('Xây dựng kế hoạch tuyên truyền')")
    assert "Kiểm tra hồ sơ cấp phép xây dựng tại Bộ phận một cửa" in page.inner_text("#tasks")
    page.screenshot(path=str(artifacts / "plans_plan_overdue_filter.png"), full_page=True)
