"""The public portal in a phone's and a desktop's viewport: the province page, a commune's page and a plan,
then the PAR INDEX of a year with announced results (the province's rankings of each level and a
department's page), without signing in; screenshots in test-artifacts/."""

import pytest

from cchc.parindex import demo as parindex_demo
from cchc.petitions import demo as petitions_demo
from cchc.plans import demo as plans_demo
from cchc.portal import demo as portal_demo
from cchc.procedures import demo as procedures_demo
from cchc.surveys import demo as surveys_demo
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
    parindex_demo.load(created=True)
    petitions_demo.load(created=True)
    surveys_demo.load(created=True)
    portal_demo.load(created=True)
    for name, (width, height) in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(page.base_url + "/cong-khai/?nam=2026")
        assert page.inner_text("header .public-brand") == "Thành phố Cần Thơ"
        assert page.inner_text("h1") == "Cải cách hành chính Thành phố Cần Thơ · năm 2026"
        plans_ranking = page.locator("#xep-hang-plans")
        assert "Xã Trần Đề" in plans_ranking.inner_text()
        assert page.locator("#xep-hang-scorecard tbody tr").count() >= 10
        surveys_ranking = page.inner_text("#xep-hang-surveys")
        assert "Mức độ hài lòng của người dân, tổ chức năm 2026" in surveys_ranking
        assert page.locator("#xep-hang-surveys tbody tr").count() == 4  # the fifth unit's results are not published
        assert "Xã Trần Đề" in surveys_ranking
        assert fits_the_width(page), f"the province page is wider than the {name} screen"
        page.screenshot(path=str(artifacts / f"portal_province_{name}.png"), full_page=True)

        plans_ranking.locator("a", has_text="Xã Trần Đề").first.click()
        page.wait_for_selector("#scorecard")
        assert page.inner_text("h1") == "Xã Trần Đề"
        assert "Kế hoạch số 12/KH-UBND" in page.inner_text("#plans")
        assert "điểm" in page.inner_text("#scorecard .score-total")
        assert page.locator("#scorecard table.trend tbody tr").count() >= 6
        page.wait_for_selector(".chart-box.has-chart canvas")  # the chart beside its table, drawn by the static script
        surveys = page.inner_text("#surveys")
        assert "Khảo sát sự hài lòng năm 2026" in surveys
        assert "140 phiếu" in surveys and "Tỷ lệ hài lòng" in surveys
        assert page.locator("#surveys table.survey-questions tbody tr").count() >= 20  # five groups and their questions
        petitions = page.inner_text("#petitions")
        assert "UBND xã đã niêm yết lịch tiếp công dân tại bảng tin." in petitions
        assert page.locator("#petitions a", has_text="Mọi trả lời đã công khai của đơn vị").count() == 1
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

        page.goto(page.base_url + "/cong-khai/?nam=2024")
        departments = page.locator("[id^=xep-hang-parindex-department]")
        communes = page.locator("[id^=xep-hang-parindex-commune]")
        assert "Chỉ số CCHC năm 2024: Sở, ban, ngành" in departments.inner_text()
        assert departments.locator("tbody tr").count() == 12
        assert communes.locator("tbody tr").count() >= 3
        assert "Quyết định số 68/QĐ-UBND ngày 28/03/2025" in departments.inner_text()
        assert fits_the_width(page), f"the province page of 2024 is wider than the {name} screen"
        page.screenshot(path=str(artifacts / f"portal_province_2024_{name}.png"), full_page=True)

        departments.locator("a", has_text="Sở Xây dựng").first.click()
        page.wait_for_selector("#parindex")
        assert page.inner_text("h1") == "Sở Xây dựng"
        par = page.inner_text("#parindex")
        assert "Chỉ số cải cách hành chính (PAR INDEX) năm 2024" in par
        assert "xếp loại: Tốt" in par and "đơn vị (Sở, ban, ngành) đã công khai chỉ số" in par
        assert page.locator("#parindex table.par-areas tbody tr").count() == 8  # the eight reform areas
        assert fits_the_width(page), f"the department's page is wider than the {name} screen"
        page.screenshot(path=str(artifacts / f"portal_department_par_{name}.png"), full_page=True)

    page.fill("#portal-q", "tran de")
    page.click(".portal-search button")
    page.wait_for_selector("#don-vi")
    assert page.locator("#don-vi a", has_text="Xã Trần Đề").count() == 1
