"""The public portal in a phone's and a desktop's viewport: the province page, a commune's page and a plan,
without signing in; screenshots in test-artifacts/."""

import pytest

from cchc.plans import demo as plans_demo
from cchc.portal import demo as portal_demo
from cchc.procedures import demo as procedures_demo
from cchc.units.demo import load_demo

VIEWPORTS = {"phone": (375, 667), "desktop": (1366, 800)}


def fits_the_width(page) -> bool:
    """No horizontal scrolling of the page itself (wide tables scroll inside their own box)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.django_db(transaction=True)
def test_a_visitor_reads_the_province_a_commune_and_its_plan_on_a_phone_and_a_desktop(page, artifacts):
    load_demo()
    plans_demo.load(created=True)
    procedures_demo.load(created=True)
    portal_demo.load(created=True)
    for name, (width, height) in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(page.base_url + "/cong-khai/?nam=2026")
        assert page.inner_text("header .public-brand") == "Thành phố Cần Thơ"
        assert page.inner_text("h1") == "Cải cách hành chính Thành phố Cần Thơ · năm 2026"
        plans_ranking = page.locator("#xep-hang-plans")
        assert "Xã Trần Đề" in plans_ranking.inner_text()
        assert page.locator("#xep-hang-scorecard tbody tr").count() >= 10
        assert fits_the_width(page), f"the province page is wider than the {name} screen"
        page.screenshot(path=str(artifacts / f"portal_province_{name}.png"), full_page=True)

        plans_ranking.locator("a", has_text="Xã Trần Đề").first.click()
        page.wait_for_selector("#scorecard")
        assert page.inner_text("h1") == "Xã Trần Đề"
        assert "Kế hoạch số 12/KH-UBND" in page.inner_text("#plans")
        assert "điểm" in page.inner_text("#scorecard .score-total")
        assert page.locator("#scorecard table.trend tbody tr").count() >= 6
        page.wait_for_selector(".chart-box.has-chart canvas")  # the chart beside its table, drawn by the static script
        assert fits_the_width(page), f"the commune's page is wider than the {name} screen"
        page.screenshot(path=str(artifacts / f"portal_commune_{name}.png"), full_page=True)

        page.click("#plans a")
        page.wait_for_selector("#tien-do")
        assert page.inner_text("h1") == "Cải cách hành chính xã Trần Đề năm 2026"
        assert page.locator("table.tasks tbody tr").count() == 5
        assert page.locator("table.tasks progress").count() == 5
        assert "Hoàn thành" in page.inner_text("main")
        assert fits_the_width(page), f"the plan page is wider than the {name} screen"
        page.screenshot(path=str(artifacts / f"portal_plan_{name}.png"), full_page=True)

    page.fill("#portal-q", "tran de")
    page.click(".portal-search button")
    page.wait_for_selector("#don-vi")
    assert page.locator("#don-vi a", has_text="Xã Trần Đề").count() == 1
