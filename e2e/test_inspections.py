"""The department's inspector plans two inspections and records one with a finding; the inspected division carries
out the recommendation with evidence; the inspector closes it. The plan task that calls for the inspections and the
department's quarterly report ("Công tác kiểm tra CCHC") reflect it.

Dates follow the day the test runs: everything happens inside the data window of the latest quarterly report
(Q1 or Q3, NĐ 09/2019 windows) that has already closed, so that report can show it.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from cchc.calendar import api as calendar
from cchc.plans import demo as plans_demo
from cchc.plans import services as plans
from cchc.plans.choices import ReformArea
from cchc.plans.models import Plan, Task
from cchc.reporting import services as reporting
from cchc.reporting.models import ReportingPeriod
from cchc.units.demo import DEMO_PASSWORD, load_demo
from cchc.units.models import Unit
from e2e.conftest import login

PDF = b"%PDF-1.4\n% bao cao khac phuc niem yet TTHC\n%%EOF\n"


def as_user(page, username):
    page.context.clear_cookies()
    login(page, username, DEMO_PASSWORD)


def dmy(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def latest_closed_quarter(today: dt.date) -> tuple[int, str, dt.date, dt.date]:
    """(year, kind, data from, data to) of the latest Q1 or Q3 window that ended before today."""
    windows = []
    for year in (today.year - 1, today.year):
        windows += [(year, "q1", dt.date(year - 1, 12, 15), dt.date(year, 3, 14)),
                    (year, "q3", dt.date(year, 6, 15), dt.date(year, 9, 14))]
    return max(w for w in windows if w[3] < today)


def inspection_task(sxd: Unit, year: int) -> Task:
    """A task of the department's issued reform plan for ``year`` that calls for the inspections."""
    focal = plans_demo._user("xaydung.daumoi")
    plan = Plan.objects.filter(unit=sxd, year=year).exclude(status="draft").first()
    if plan is None:
        plan = plans.plan_create(unit=sxd, year=year, title=f"Cải cách hành chính năm {year}", actor=focal)
    area = plan.areas.filter(code=ReformArea.DIRECTION).first() or plans.area_create(
        plan=plan, code=ReformArea.DIRECTION, local_number="9", title="Công tác chỉ đạo, điều hành", actor=focal)
    task = plans.task_create(plan=plan, area=area, number="99", title=f"Kiểm tra công tác CCHC tại các phòng thuộc Sở năm {year}",
                             products=["Thông báo kết luận kiểm tra"], due_date=dt.date(year, 12, 15), actor=focal)
    if plan.is_draft:
        plans.plan_issue(plan=plan, number="5/KH-SXD", issued_on=dt.date(year, 1, 5), signer_title="Giám đốc", actor=focal)
    return task


@pytest.mark.django_db(transaction=True)
def test_an_inspection_finding_is_fixed_with_evidence_closed_and_reported(page, artifacts, tmp_path):
    load_demo(communes=1, departments=6, divisions=3)
    plans_demo.load(created=True)
    year, kind, data_from, data_to = latest_closed_quarter(timezone.localdate())
    city, sxd = Unit.objects.get(code="92", valid_to__isnull=True), Unit.objects.get(code="92-SXD", valid_to__isnull=True)
    reporting.calendar_create(unit=city, year=year, preset="national", actor=None)
    period = ReportingPeriod.objects.get(calendar__unit=city, calendar__year=year, kind=kind)
    task = inspection_task(sxd, year)
    inspected_on = calendar.working_day_on_or_after(data_to - dt.timedelta(days=45))
    fixed_on = calendar.add_working_days(inspected_on, 6)
    closed_on = calendar.add_working_days(fixed_on, 2)
    evidence = tmp_path / "bao-cao-khac-phuc.pdf"
    evidence.write_bytes(PDF)

    # The department's inspector plans the year's inspections of two divisions, linked to the plan task.
    as_user(page, "xaydung.daumoi")
    page.click("nav.mainnav >> text=Kiểm tra CCHC")
    page.click("text=Lập kế hoạch kiểm tra")
    page.fill("#id_year", str(year))
    page.fill("#id_title", f"Kiểm tra công tác cải cách hành chính năm {year}")
    page.fill("#id_number", "21/KH-SXD")
    page.fill("#id_coverage_target", "40")
    page.fill("#id_year", str(year))
    page.select_option("#id_task", label=f"{task.plan.number} – {task}")
    page.check("label:has-text('Lê Thị Mai') >> input")
    page.check("label:has-text('Trần Văn Bình') >> input")
    page.select_option("#id_team_lead", label="Lê Thị Mai")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("#coverage")
    assert "Đã lập kế hoạch kiểm tra." in page.inner_text("ul.messages")
    for name, month in (("Phòng Quản lý hoạt động xây dựng", "6"), ("Văn phòng Sở", "8")):
        page.click("p.actions a:has-text('Thêm cuộc kiểm tra')")
        page.wait_for_selector("#id_unit")
        page.select_option("#id_unit", label=f"{name} — Sở Xây dựng")  # pickers name the unit above
        page.select_option("#id_planned_month", month)
        page.click("form.form button[type=submit]")
        page.wait_for_selector("#coverage")
    assert "2 đơn vị trong kế hoạch" in page.inner_text("#coverage")
    page.screenshot(path=str(artifacts / "inspections_plan.png"), full_page=True)

    # It records the inspection of the division, with a finding and its recommendation due in 10 working days.
    page.click("#inspections tr[data-unit='92-SXD-2'] a")
    page.click("#actions >> text=Ghi nhận cuộc kiểm tra")
    page.fill("#id_inspected_on", dmy(inspected_on))
    page.fill("#id_summary", "Phòng triển khai đầy đủ các nhiệm vụ CCHC được giao.")
    page.fill("#id_conclusion_number", "45/TB-SXD")
    page.click("form.form button[type=submit]")
    assert page.inner_text("#status") == "Đã kiểm tra"
    page.click("#actions >> text=Thêm tồn tại và kiến nghị")
    page.fill("#id_finding", " ")
    page.click("form.form button[type=submit]")
    assert "Nhập tồn tại, hạn chế mà cuộc kiểm tra phát hiện." in page.inner_text("form.form")
    page.fill("#id_finding", "Niêm yết TTHC tại Bộ phận một cửa chưa cập nhật 03 TTHC mới công bố")
    page.fill("#id_recommendation", "Cập nhật niêm yết đầy đủ các TTHC mới công bố")
    page.fill("#id_due_working_days", "10")
    page.click("form.form button[type=submit]")
    assert "Đã ghi nhận tồn tại, hạn chế." in page.inner_text("ul.messages")
    assert dmy(calendar.add_working_days(inspected_on, 10)) in page.inner_text("#findings")
    page.screenshot(path=str(artifacts / "inspections_finding.png"), full_page=True)
    docx = page.request.get(page.base_url + page.locator("#actions a", has_text="Thông báo kết luận (Word)").get_attribute("href"))
    assert docx.status == 200 and docx.body()[:2] == b"PK"

    # The inspected division carries it out and reports with evidence; it may not close it.
    as_user(page, "xaydung.phong")
    page.goto(page.base_url + "/inspections/recommendations/?side=assigned")
    page.click("text=Cập nhật niêm yết đầy đủ các TTHC mới công bố")
    assert "Đóng kiến nghị" not in page.inner_text("#actions")
    page.click("#actions >> text=Báo cáo kết quả khắc phục")
    page.select_option("#id_status", "completed")
    page.fill("#id_percent", "100")
    page.fill("#id_reported_on", dmy(fixed_on))
    page.fill("#id_note", "Đã cập nhật niêm yết 03 TTHC mới tại Bộ phận một cửa")
    page.set_input_files("#id_file", str(evidence))
    page.fill("#id_document_number", "12/BC-QLHĐXD")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/inspections/recommendations/\d+/$"))
    assert "Đã ghi nhận tiến độ." in page.inner_text("ul.messages")
    item_url = page.url
    page.screenshot(path=str(artifacts / "inspections_fixed_with_evidence.png"), full_page=True)

    # The inspector sees the evidence and closes the recommendation.
    as_user(page, "xaydung.daumoi")
    page.goto(item_url)
    link = page.locator("ul.updates a", has_text="bao-cao-khac-phuc.pdf")
    assert page.request.get(page.base_url + link.get_attribute("href")).body() == PDF
    page.click("#actions >> text=Đóng kiến nghị")
    page.fill("#id_closed_on", dmy(closed_on))
    page.fill("#id_note", "Đã kiểm tra thực tế tại Bộ phận một cửa")
    page.click("form.form button[type=submit]")
    assert "Đã đóng kiến nghị." in page.inner_text("ul.messages")
    assert f"Đã đóng {dmy(closed_on)}" in page.inner_text("#status")
    page.screenshot(path=str(artifacts / "inspections_closed.png"), full_page=True)

    # The plan task follows: one of two inspections carried out, its recommendation closed.
    page.goto(page.base_url + task.get_absolute_url())
    updates = page.inner_text("ul.updates")
    assert "Đang thực hiện 50%" in updates
    assert "đã kiểm tra 1/2 cuộc; kiến nghị đã khắc phục 1, chưa khắc phục 0" in updates
    page.screenshot(path=str(artifacts / "inspections_plan_task.png"), full_page=True)

    # The department's quarterly report prefills its inspection part and figures.
    page.goto(page.base_url + "/reporting/mine/")
    page.locator(f"tr[data-unit='92-SXD'][data-period='{period.pk}'] button").click()
    page.wait_for_selector("#status")
    text = page.inner_text(".report-text")
    # closed in the period: this one; still open: the demo's 2024 recommendation, overdue since
    assert ("Công tác kiểm tra CCHC: trong kỳ đã thực hiện 1 cuộc kiểm tra tại 1 đơn vị; số đơn vị trực thuộc được kiểm tra 1/3 "
            "(33,33%). Kiến nghị sau kiểm tra: 1 kiến nghị đã khắc phục xong trong kỳ, 1 kiến nghị chưa khắc phục xong (1 quá hạn)."
            ) in text
    figures = page.inner_text("#figures")
    assert "Số cuộc kiểm tra CCHC đã thực hiện\t1" in figures
    assert "Tỷ lệ đơn vị trực thuộc được kiểm tra CCHC\t33,33%" in figures
    assert "Kiến nghị sau kiểm tra CCHC đã khắc phục xong trong kỳ\t1" in figures
    page.screenshot(path=str(artifacts / "inspections_quarterly_report.png"), full_page=True)
