"""Import a plan in the browser: upload seed 003, correct a field, confirm, see the plan with its 43 tasks."""

from pathlib import Path

import pytest

from cchc.units.demo import DEMO_PASSWORD, load_demo
from e2e.conftest import login

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def seed_003() -> Path:
    found = sorted(SEEDS.glob("003_*.txt"))
    if not found:
        pytest.skip(f"seed 003 is not in {SEEDS}")
    return found[0]


@pytest.mark.django_db(transaction=True)
def test_focal_officer_imports_seed_003_corrects_the_number_and_gets_the_plan_with_43_tasks(page, artifacts):
    seed = seed_003()
    load_demo()
    login(page, "xaydung.daumoi", DEMO_PASSWORD)
    page.click("nav.mainnav >> text=Nhập kế hoạch từ tệp")
    page.click("a.btn.primary >> text=Nhập kế hoạch từ tệp")
    page.set_input_files("#id_file", str(seed))
    page.click("form.form button[type=submit]")
    page.wait_for_selector("#import-status >> text=Đã đọc được 43 nhiệm vụ thuộc 9 lĩnh vực cải cách")
    page.screenshot(path=str(artifacts / "documents_import_read.png"), full_page=True)
    page.click("text=Rà soát và xác nhận")

    page.wait_for_selector("h1 >> text=Rà soát kế hoạch nhập từ tệp")
    assert page.locator(".review-row.task").count() == 43
    number = page.locator(".field.uncertain #id_plan-number")
    assert number.input_value() == ""
    number.fill("1711/KH-SXD")
    assert page.locator("#id_tasks-0-lead_unit option:checked").inner_text() == "Văn phòng Sở — Sở Xây dựng"
    page.screenshot(path=str(artifacts / "documents_review.png"))
    page.locator("#task-30").screenshot(path=str(artifacts / "documents_review_uncertain_task.png"))
    page.click("form.review button[type=submit]")

    page.wait_for_url(lambda url: "/plans/" in url)
    assert page.locator("tr[data-task]").count() == 43
    assert page.locator("h3.area-title").count() == 9
    assert "1711/KH-SXD" in page.inner_text("dl.facts")
    assert "Đã tạo kế hoạch dự thảo với 43 nhiệm vụ." in page.inner_text("ul.messages")
    page.screenshot(path=str(artifacts / "documents_plan_created.png"), full_page=False)
