"""What used to be inline code runs from static files under the Content-Security-Policy.

The page fixture fails any test whose pages the policy blocked; these walk the behaviours that
moved out of the templates: the unit switcher, expanding the unit tree, the confirmation before
refilling a report, the charts, and the API documentation.
"""

import datetime as dt

import pytest

from cchc.accounts.models import User
from cchc.reporting import services
from cchc.units.demo import DEMO_PASSWORD, load_demo
from cchc.units.models import Unit
from cchc.units.roles import Role
from cchc.units.services import membership_create
from e2e.conftest import login


@pytest.mark.django_db(transaction=True)
def test_switcher_tree_confirmation_and_charts_work_without_inline_code(page):
    load_demo()
    city = Unit.objects.get(code="92", valid_to__isnull=True)
    department = Unit.objects.get(code="92-SXD", valid_to__isnull=True)
    officer = User.objects.get(username="noivu.theodoi")
    membership_create(user=officer, unit=department, role=Role.VIEWER, valid_from=dt.date(2024, 1, 1), title="")
    login(page, "noivu.theodoi", DEMO_PASSWORD)

    # The unit switcher submits itself when another unit is chosen.
    with page.expect_navigation():
        page.select_option("#unit-switcher", str(department.pk))
    assert page.eval_on_selector("#unit-switcher", "s => s.value") == str(department.pk)

    # Expand all / collapse all on the unit tree.
    page.goto(page.base_url + "/units/")
    page.wait_for_selector("#tree details")
    page.click("text=Mở tất cả")
    assert page.evaluate("() => [...document.querySelectorAll('#tree details')].every(d => d.open)")
    page.click("text=Thu gọn tất cả")
    assert page.evaluate("() => [...document.querySelectorAll('#tree details')].every(d => !d.open)")

    # The indicators dashboard draws its chart.
    page.goto(page.base_url + f"/indicators/unit/{city.pk}/")
    page.wait_for_selector("#trend-chart")
    page.wait_for_function("() => !!(window.Chart && Chart.getChart(document.getElementById('trend-chart')))")

    # Refilling a report asks first; cancelling sends nothing.
    services.calendar_create(unit=city, year=2026, preset="national", actor=None)
    page.context.clear_cookies()
    login(page, "trande.daumoi", DEMO_PASSWORD)
    page.click("nav.mainnav >> text=Báo cáo của tôi")
    page.locator("#my-reports tr[data-unit='92-XTD']", has_text="Báo cáo quý I năm 2026").locator(
        "button", has_text="Lập báo cáo"
    ).click()
    page.wait_for_selector("#status")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    url = page.url
    page.click("#actions button:has-text('Lấy lại nội dung từ hệ thống')")
    page.wait_for_timeout(300)
    assert questions == ["Thay toàn bộ nội dung các mục bằng nội dung mới lấy từ hệ thống?"]
    assert page.url == url


@pytest.mark.django_db(transaction=True)
def test_the_api_documentation_renders_under_its_policy(page):
    page.goto(page.base_url + "/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30000)
    assert page.locator(".swagger-ui .opblock").count() > 20
