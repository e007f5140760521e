import pytest

from cchc.procedures import demo as procedures_demo
from cchc.units.demo import DEMO_PASSWORD, load_demo
from e2e.conftest import login


@pytest.mark.django_db(transaction=True)
def test_steering_officer_drills_down_from_the_city_to_a_communes_late_dossiers(page, artifacts):
    load_demo()
    procedures_demo.load(created=True)
    login(page, "noivu.theodoi", DEMO_PASSWORD)
    page.click("nav.mainnav >> text=Chỉ số")
    page.wait_for_selector("#cards")
    assert page.inner_text("h1").startswith("Thành phố Cần Thơ")
    page.select_option("#id_period", "year")
    page.fill("#id_year", "2025")
    page.click("#window button[type=submit]")
    page.wait_for_selector("#ranking tr[data-unit='92-XTD']")
    assert "Kỳ 01/01/2025 – 31/12/2025" in page.inner_text("main")
    assert page.locator("#cards [data-metric='on_time_rate'] .metric-value").inner_text().endswith("%")
    page.screenshot(path=str(artifacts / "indicators_city_2025.png"), full_page=True)

    page.click("#ranking tr[data-unit='92-XTD'] a")
    page.wait_for_selector("#cards")
    assert page.inner_text("h1").startswith("Xã Trần Đề")
    assert "cân đối" in page.inner_text("#report")
    page.click("#late-dossiers")
    page.wait_for_selector("table#dossiers")
    rows = page.locator("table#dossiers tbody tr")
    assert rows.count() == 3
    assert "Quá hạn" in rows.first.inner_text()
    page.screenshot(path=str(artifacts / "indicators_tran_de_late_dossiers.png"), full_page=True)
