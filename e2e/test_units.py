import pytest
from playwright.sync_api import expect

from cchc.units.demo import DEMO_PASSWORD, load_demo
from e2e.conftest import login


@pytest.mark.django_db(transaction=True)
def test_steering_officer_finds_tran_de_closed_with_its_successor(page, artifacts):
    load_demo()
    login(page, "noivu.theodoi", DEMO_PASSWORD)
    page.click("nav.mainnav >> text=Đơn vị")
    page.wait_for_selector("ul.tree")
    page.check("#id_include_closed")
    page.fill("#id_q", "Trần Đề")
    # The search keeps only branches holding a match: departments drop out of the tree.
    expect(page.locator("ul.tree li.node", has_text="Sở Công Thương")).to_have_count(0)
    page.wait_for_selector("li.node.closed[data-unit='94-TD']")
    node = page.locator("li.node.closed[data-unit='94-TD']")
    text = node.inner_text()
    assert "Huyện Trần Đề" in text
    assert "ngừng hoạt động 30/06/2025" in text
    assert "→ Thành phố Cần Thơ" in text
    page.screenshot(path=str(artifacts / "units_tree_tran_de.png"), full_page=True)
    node.locator("a", has_text="Huyện Trần Đề").first.click()
    page.wait_for_selector("#history")
    assert "Đã hợp nhất vào Thành phố Cần Thơ từ 01/07/2025 theo Nghị quyết 202/2025/QH15" in page.inner_text("#history")
    page.screenshot(path=str(artifacts / "unit_tran_de_history.png"), full_page=True)
