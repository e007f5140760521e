"""axe-core (vendored for the tests in e2e/vendor/axe-core) finds no serious or critical accessibility violation
on the pages of the main workflow and the public pages; the main workflow works from the keyboard."""

from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

from cchc.core.public import PUBLIC_URL_NAMES
from cchc.plans import demo as plans_demo
from cchc.plans.models import Plan
from cchc.reporting import demo as reporting_demo
from cchc.reporting.models import Report
from cchc.units.demo import DEMO_PASSWORD, load_demo
from e2e.conftest import login

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe_page(browser, live_server):
    """A page that may load axe-core: scripts the test injects are not the site's, so CSP is bypassed here only."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900},
                                  bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    yield page
    context.close()


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['impact']} {v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def check(page, path: str, artifacts, name: str) -> None:
    response = page.goto(page.base_url + path)
    assert response.status == 200, path
    page.wait_for_load_state("networkidle")
    found = serious_violations(page)
    page.screenshot(path=str(artifacts / f"a11y_{name}.png"), full_page=True)
    assert found == [], f"{path}: {found}"


@pytest.mark.django_db(transaction=True)
def test_no_serious_violation_on_the_main_workflow(axe_page, artifacts):
    page = axe_page
    load_demo(communes=1, departments=6, divisions=3)
    plans_demo.load(created=True)
    reporting_demo.load(created=True)
    plan = Plan.objects.get(unit__code="92-SXD", year=2026)
    task = plan.tasks.filter(lead_unit__code="92-SXD-2").first()
    report = Report.objects.filter(unit__code="92-SXD", status="returned").first()
    sxd = plan.unit

    check(page, "/accounts/login/", artifacts, "login")
    login(page, "xaydung.daumoi", DEMO_PASSWORD)
    check(page, "/", artifacts, "home")
    check(page, plan.get_absolute_url(), artifacts, "plan")
    check(page, task.get_absolute_url(), artifacts, "task")
    check(page, reverse("plans:progress_add", args=[task.pk]), artifacts, "progress_form")
    check(page, "/plans/my-tasks/", artifacts, "my_tasks")
    check(page, reverse("reporting:report_edit", args=[report.pk]), artifacts, "report_editor")
    check(page, "/reporting/mine/", artifacts, "my_reports")
    check(page, reverse("indicators:dashboard", args=[sxd.pk]), artifacts, "indicators")
    sizes = page.evaluate("""() => [...document.querySelectorAll('#cards .card.metric')].map(card => [
        parseFloat(getComputedStyle(card.querySelector('.metric-value')).fontSize),
        parseFloat(getComputedStyle(card.querySelector('h2')).fontSize)])""")
    assert sizes and all(value >= 1.5 * label for value, label in sizes), sizes  # the value reads first
    check(page, "/notifications/", artifacts, "notifications")


@pytest.mark.django_db(transaction=True)
def test_no_serious_violation_on_the_steering_officers_pages(axe_page, artifacts):
    page = axe_page
    load_demo(communes=1, departments=6, divisions=3)
    plans_demo.load(created=True)
    reporting_demo.load(created=True)
    login(page, "noivu.theodoi", DEMO_PASSWORD)
    check(page, "/", artifacts, "home_steering")
    check(page, "/reporting/review/", artifacts, "review_queue")


@pytest.mark.django_db(transaction=True)
def test_no_serious_violation_on_the_public_pages(axe_page, artifacts):
    page = axe_page
    public = []
    for name in PUBLIC_URL_NAMES:
        try:
            path = reverse(name)
        except NoReverseMatch:
            continue
        if path.startswith("/cong-khai/"):
            public.append(path)
    for path in sorted(public):
        check(page, path, artifacts, "public_" + path.strip("/").replace("/", "_"))


@pytest.mark.django_db(transaction=True)
def test_the_progress_of_a_task_is_reported_with_the_keyboard_alone(page, artifacts):
    load_demo(communes=1, departments=6, divisions=3)
    plans_demo.load(created=True)
    login(page, "xaydung.phong", DEMO_PASSWORD)
    page.goto(page.base_url + "/plans/my-tasks/")
    link = page.locator("table.my-tasks a.btn", has_text="Báo cáo tiến độ").first
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("form.form")
    page.focus("#id_status")
    page.keyboard.press("Tab")  # to the percentage
    assert page.evaluate("() => document.activeElement.id") == "id_percent"
    page.keyboard.type("70")
    page.focus("#id_note")
    page.keyboard.type("Báo cáo bằng bàn phím")
    page.focus("form.form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/plans/tasks/" in url and "/progress/" not in url)
    assert "Đã ghi nhận tiến độ." in page.inner_text("ul.messages")
    page.screenshot(path=str(artifacts / "a11y_keyboard_progress.png"), full_page=True)
