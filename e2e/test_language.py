"""An English browser still sees Vietnamese: the sign-in page, a plan, the 404 page and the administration site."""

import pytest

from cchc.plans import demo as plans_demo
from cchc.plans.models import Plan
from cchc.units.demo import DEMO_PASSWORD, load_demo
from e2e.conftest import login

ENGLISH = ["Sign in", "Log in", "Username", "Password", "Plans", "Tasks", "Page not found", "Not Found",
           "Toggle theme", "Toggle navigation", "Skip to main content", "Site administration", "Django", "Recent actions"]


@pytest.fixture
def english_page(browser, live_server):
    context = browser.new_context(locale="en-US", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900},
                                  extra_http_headers={"Accept-Language": "en-US,en;q=0.9"})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    yield page
    context.close()


def assert_vietnamese(page, *expected: str) -> None:
    text = page.inner_text("body")
    assert page.get_attribute("html", "lang") == "vi"
    for word in expected:
        assert word in text, word
    for word in ENGLISH:
        assert word not in text, f"“{word}” in {page.url}"


@pytest.mark.django_db(transaction=True)
def test_an_english_browser_sees_vietnamese_everywhere(english_page, artifacts, django_user_model):
    page = english_page
    load_demo(communes=1, departments=6, divisions=3)
    plans_demo.load(created=True)
    assert page.evaluate("() => navigator.language") == "en-US"

    page.goto(page.base_url + "/accounts/login/")
    assert_vietnamese(page, "Đăng nhập", "Tên đăng nhập", "Mật khẩu")
    page.screenshot(path=str(artifacts / "language_login.png"), full_page=True)

    login(page, "xaydung.daumoi", DEMO_PASSWORD)
    plan = Plan.objects.get(unit__code="92-SXD", year=2026)
    page.goto(page.base_url + plan.get_absolute_url())
    assert_vietnamese(page, "Nhiệm vụ", "Chỉ tiêu", "Tiến độ theo lĩnh vực")
    page.screenshot(path=str(artifacts / "language_plan.png"), full_page=True)

    response = page.goto(page.base_url + "/khong-co-trang-nay/")
    assert response.status == 404
    assert_vietnamese(page, "Không tìm thấy trang", "Về trang chủ")
    page.screenshot(path=str(artifacts / "language_404.png"), full_page=True)

    django_user_model.objects.create_superuser(username="quantri", password="Quan-tri-2026", email="")
    page.context.clear_cookies()
    page.goto(page.base_url + "/admin/login/")
    assert_vietnamese(page, "Tên đăng nhập", "Mật khẩu", "Bỏ qua, đến nội dung chính")
    page.fill("#id_username", "quantri")
    page.fill("#id_password", "Quan-tri-2026")
    page.click("input[type=submit]")
    page.wait_for_url(lambda url: url.rstrip("/").endswith("/admin"))
    assert_vietnamese(page, "Quản trị hệ thống", "Đơn vị")
    page.screenshot(path=str(artifacts / "language_admin.png"), full_page=True)
    page.goto(page.base_url + "/admin/units/unit/")
    assert_vietnamese(page, "Chọn")
    page.goto(page.base_url + "/admin/units/unit/add/")
    assert_vietnamese(page, "Thêm")
    buttons = page.eval_on_selector_all("input[type=submit]", "inputs => inputs.map(i => i.value)")
    assert buttons and all("Save" not in value for value in buttons), buttons
    assert "Lưu" in buttons
