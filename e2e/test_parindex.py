"""PAR INDEX from end to end in the browser: a department scores itself with one evidence file the platform already
holds and one upload, its head submits, the steering officer lowers one score with a comment, the department
explains, the appraiser settles the item in round two, and the results are published with their ranking."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from cchc.accounts.models import User
from cchc.parindex import services
from cchc.parindex.choices import Stage
from cchc.parindex.models import Result
from cchc.parindex.tests.factories import tree
from cchc.plans import services as plan_services
from cchc.plans.choices import ReformArea
from cchc.units.demo import DEMO_PASSWORD, load_demo
from cchc.units.models import Unit
from e2e.conftest import login

PDF = b"%PDF-1.4\n% bien ban cong khai thu tuc hanh chinh\n%%EOF\n"


def sxd_plan(sxd: Unit) -> None:
    """Sở Xây dựng's 2025 plan, issued 20/12/2024, one task done with its report scanned (the file to reuse)."""
    head, focal = User.objects.get(username="xaydung.giamdoc"), User.objects.get(username="xaydung.daumoi")
    plan = plan_services.plan_create(unit=sxd, year=2025, title="Kế hoạch CCHC năm 2025", actor=focal)
    area = plan_services.area_create(plan=plan, code=ReformArea.PROCEDURES, local_number="I", title="Cải cách TTHC", actor=focal)
    task = plan_services.task_create(plan=plan, area=area, number="1", title="Niêm yết công khai TTHC tại Bộ phận một cửa",
                                     lead_unit=sxd, timeframe="Quý I/2025", actor=focal)
    plan_services.plan_issue(plan=plan, number="12/KH-SXD", issued_on=dt.date(2024, 12, 20), signer_title="Giám đốc", actor=head)
    plan_services.progress_record(
        period=task.periods.get(), unit=sxd, status="completed", percent=100, reported_on=dt.date(2025, 3, 20), actor=focal,
        evidence=[plan_services.EvidenceInput(file=ContentFile(PDF, name="bien-ban-niem-yet.pdf"), title="Biên bản niêm yết TTHC")],
    )


def other_departments_final(campaign, admin) -> None:
    for assessment in campaign.assessments.exclude(unit__code="92-SXD").select_related("unit"):
        for code, points in (("1.1", "4"), ("1.2", "5"), ("1.3", "7"), ("2.1", "25"), ("2.2", "16")):
            services.self_score_save(assessment=assessment, criterion=campaign.criteria_set.criteria.get(code=code), points=points,
                                     note="Tài liệu lưu tại đơn vị", override_reason="Theo số liệu của đơn vị", actor=admin)
        services.assessment_submit(assessment=assessment, actor=admin)
        services.preliminary_send(assessment=assessment, actor=admin)
        services.explanations_lock(assessment=assessment, actor=admin)
        services.appraisal_lock(assessment=assessment, actor=admin)


def save_row(page, code: str, fields: dict, *, check: str | None = None) -> None:
    """Fill a scorecard row: a change autosaves the self-assessment (htmx), the appraiser saves with the row's button;
    the row comes back marked as saved."""
    row = page.locator(f".par-row[data-code='{code}'], .par-appraisal[data-code='{code}']")
    for name, value in fields.items():
        row.locator(f"[name={name}]").first.fill(value)
    if check:
        row.locator(f"[name={check}]").check()
    if "par-appraisal" in (row.get_attribute("class") or ""):
        row.locator("form", has=page.locator("[name=comment]")).locator("button[type=submit]").click()
    else:
        row.locator("[name=points]").first.dispatch_event("change")
    page.wait_for_selector(f"[data-code='{code}'].saved")


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username, DEMO_PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_a_department_is_scored_appraised_in_two_rounds_and_ranked(page, artifacts, tmp_path):
    load_demo(communes=2, departments=5, divisions=2)
    city = Unit.objects.get(code="92", valid_to__isnull=True)
    sxd = Unit.objects.get(code="92-SXD", valid_to__isnull=True)
    admin, steering = User.objects.get(username="admin"), User.objects.get(username="noivu.theodoi")
    sxd_plan(sxd)
    criteria_set = services.criteria_set_from_tree(tree(), unit=city, level="department", year=2025, actor=steering)
    campaign = services.campaign_open(unit=city, criteria_set=criteria_set, opens_on=timezone.localdate(), self_days=10,
                                      appraisal_days=10, explanation_days=5, publication_days=5, actor=steering)
    other_departments_final(campaign, admin)
    assessment = campaign.assessments.get(unit=sxd)
    upload = tmp_path / "quyet-dinh-cong-khai.pdf"
    upload.write_bytes(PDF)

    # The focal officer scores: the plan criterion takes its suggestion and the task's scanned report, 1.2 an upload.
    sign_in(page, "xaydung.daumoi")
    page.click("nav.mainnav >> text=Chỉ số CCHC")
    page.locator("#my-assessments a", has_text="Sở Xây dựng").click()
    page.wait_for_selector("#progress")
    assert "Kế hoạch 12/KH-SXD ban hành ngày 20/12/2024" in page.inner_text(".par-row[data-code='1.1'] .suggestion")
    save_row(page, "1.1", {}, check="accept_suggestion")
    page.locator(".par-row[data-code='1.1'] a", has_text="Thêm tài liệu kiểm chứng").click()
    page.select_option("#id_record", label="Tài liệu của nhiệm vụ: Biên bản niêm yết TTHC")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/parindex/assessments/\d+/#c\d+$"))
    page.locator(".par-row[data-code='1.2'] a", has_text="Thêm tài liệu kiểm chứng").click()
    page.set_input_files("#id_file", str(upload))
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/parindex/assessments/\d+/#c\d+$"))
    save_row(page, "1.2", {"points": "6"})
    save_row(page, "1.3", {"points": "8", "override_reason": "Nhiệm vụ quý I hoàn thành; các nhiệm vụ khác chưa đến hạn"})
    save_row(page, "2.1", {"points": "28"})
    row = page.locator(".par-row[data-code='2.2']")
    row.locator("[name=points]").fill("1,5,0")
    row.locator("[name=points]").dispatch_event("change")
    page.wait_for_selector(".par-row[data-code='2.2'].has-error")
    assert "không phải là số" in page.inner_text(".par-row[data-code='2.2']")
    save_row(page, "2.2", {"points": "18"})
    assert "Đã chấm 5/5 tiêu chí" in page.inner_text("#progress")
    evidence = page.inner_text(".par-row[data-code='1.1'] .evidence-list") + page.inner_text(".par-row[data-code='1.2'] .evidence-list")
    assert "Biên bản niêm yết TTHC" in evidence and "quyet-dinh-cong-khai.pdf" in evidence
    page.screenshot(path=str(artifacts / "parindex_self_assessment.png"), full_page=True)
    assessment_url = page.url.split("#")[0]

    # The head submits.
    sign_in(page, "xaydung.giamdoc")
    page.goto(assessment_url)
    page.click("a.btn >> text=Nộp kết quả tự đánh giá")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("ul.messages")
    assert "Đã nộp kết quả tự đánh giá" in page.inner_text("ul.messages")

    # The steering officer lowers 2.2 with a comment and sends the preliminary result.
    sign_in(page, "noivu.theodoi")
    page.goto(page.base_url + f"/parindex/assessments/{assessment.pk}/appraisal/")
    save_row(page, "2.2", {"points": "15", "comment": "Chưa công khai đủ 20 TTHC trên Cổng Dịch vụ công"})
    assert "Chưa công khai đủ 20 TTHC" in page.inner_text(".par-appraisal[data-code='2.2']")
    page.screenshot(path=str(artifacts / "parindex_appraisal.png"), full_page=True)
    page.click("a.btn >> text=Gửi kết quả sơ bộ để đơn vị giải trình")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("ul.messages")

    # The department explains; its head locks the explanations.
    sign_in(page, "xaydung.daumoi")
    page.goto(assessment_url)
    explain = page.locator(".par-row[data-code='2.2'] form", has=page.locator("[name=text]"))
    explain.locator("[name=text]").fill("Đã công khai đủ 20 TTHC theo Quyết định 45/QĐ-SXD ngày 10/3/2025")
    explain.locator("button[type=submit]").click()
    page.wait_for_selector(".par-row[data-code='2.2'].saved")
    sign_in(page, "xaydung.giamdoc")
    page.goto(assessment_url)
    page.click("a.btn >> text=Chốt giải trình")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("ul.messages")

    # The appraiser settles 2.2 in round two, locks, and publishes.
    sign_in(page, "noivu.theodoi")
    page.goto(page.base_url + f"/parindex/assessments/{assessment.pk}/appraisal/")
    assert "Quyết định 45/QĐ-SXD" in page.inner_text(".par-appraisal[data-code='2.2']")
    save_row(page, "2.2", {"points": "19", "comment": "Chấp nhận giải trình, trừ 1 điểm vì công khai chậm"})
    page.click("a.btn >> text=Chốt điểm thẩm định")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("ul.messages")
    page.goto(page.base_url + f"/parindex/campaigns/{campaign.pk}/")
    page.click("a.btn >> text=Công bố kết quả")
    page.fill("#id_decision_number", "125/QĐ-UBND")
    page.fill("#id_signer_name", "Trần Việt Trường")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/parindex/campaigns/\d+/ranking/$"))
    page.wait_for_function("() => !!(window.Chart && Chart.getChart(document.getElementById('ranking-chart')))")
    row = page.locator("#ranking tr[data-unit='92-SXD']")
    # 4 + 6 + 8 + 28 + 19 = 65 appraised, no survey points: 65,00 (Trung bình); the others 4 + 5 + 7 + 25 + 16 = 57
    assert "65" in row.inner_text() and "Trung bình" in row.inner_text()
    page.screenshot(path=str(artifacts / "parindex_ranking.png"), full_page=True)
    result = Result.objects.get(campaign=campaign, unit=sxd)
    assert (result.index, result.rank, result.label) == (Decimal("65.00"), 1, "Trung bình")
    assert campaign.assessments.get(unit=sxd).stage == Stage.FINAL
