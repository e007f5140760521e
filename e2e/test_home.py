"""The first screen of every demo login: "Việc cần làm" with counts, each link opening the list that holds
exactly that many rows; a screenshot of each home page."""

import pytest

from cchc.plans import demo as plans_demo
from cchc.reporting import demo as reporting_demo
from cchc.units.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
from e2e.conftest import login

LOGINS = [username for username, *_rest in DEMO_USERS]


def shown_rows(page) -> tuple[int, int]:
    """(the count the list states, the rows it shows on this page)."""
    stated = int(page.locator(".result-count").get_attribute("data-count"))
    return stated, page.locator("tr.row").count()


@pytest.mark.django_db(transaction=True)
def test_every_demo_login_opens_its_home_page_and_each_count_matches_its_list(page, artifacts):
    load_demo(communes=1, departments=6, divisions=3)
    plans_demo.load(created=True)
    reporting_demo.load(created=True)
    assert len(LOGINS) == 7
    followed = {}
    for username in LOGINS:
        login(page, username, DEMO_PASSWORD)
        page.goto(page.base_url + "/")
        assert page.inner_text("h1") == "Việc cần làm"
        page.screenshot(path=str(artifacts / f"home_{username}.png"), full_page=True)
        links = page.locator(".todo-item a")
        items = [(links.nth(i).get_attribute("href"), int(links.nth(i).get_attribute("data-count")),
                  links.nth(i).locator(".todo-label").inner_text()) for i in range(links.count())]
        for href, count, label in items:
            page.goto(page.base_url + href)
            stated, rows = shown_rows(page)
            assert stated == count, f"{username}: “{label}” says {count}, {href} lists {stated}"
            if count <= 50:  # every row on one page
                assert rows == count, f"{username}: “{label}” says {count}, {href} shows {rows} rows"
        followed[username] = [(label, count) for _href, count, label in items]
        page.click("form[action='/accounts/logout/'] button")
        page.wait_for_url(lambda url: "/accounts/login/" in url)

    assert followed["xem"] == []  # a viewer is asked for nothing
    assert {label for label, _count in followed["xaydung.daumoi"]} >= {
        "Nhiệm vụ quá hạn của tôi", "Nhiệm vụ đến hạn trong 5 ngày làm việc", "Tiến độ của đơn vị phối hợp chờ tôi xem xét",
        "Báo cáo cần lập", "Báo cáo bị trả lại", "Báo cáo quá hạn chưa gửi"}
    assert dict(followed["xaydung.daumoi"])["Tiến độ của đơn vị phối hợp chờ tôi xem xét"] >= 1
    assert dict(followed["xaydung.phong"])["Nhiệm vụ đến hạn trong 5 ngày làm việc"] >= 1
    assert {"Báo cáo chờ tôi xem xét", "Báo cáo chờ xem xét gửi trễ hạn"} <= {label for label, _ in followed["noivu.theodoi"]}
    assert any(label.startswith("Đơn vị chưa gửi “") for label, _count in followed["noivu.theodoi"])
    assert "Kế hoạch dự thảo chờ tôi phê duyệt" in dict(followed["xaydung.giamdoc"])


@pytest.mark.django_db(transaction=True)
def test_the_menu_counts_unread_notifications_and_my_tasks_buttons_stay_on_one_line(page, artifacts):
    load_demo(communes=1, departments=6, divisions=3)
    plans_demo.load(created=True)
    reporting_demo.load(created=True)
    login(page, "noivu.theodoi", DEMO_PASSWORD)
    badge = page.locator("nav.mainnav .nav-count")
    unread = int(badge.get_attribute("data-unread"))
    assert unread > 0
    page.click("nav.mainnav >> text=Thông báo")
    assert int(page.locator("nav.mainnav .nav-count").get_attribute("data-unread")) == unread
    assert page.locator("tr.unread").count() == min(unread, 50)
    page.click("form[action='/accounts/logout/'] button")

    login(page, "xaydung.daumoi", DEMO_PASSWORD)
    page.goto(page.base_url + "/plans/my-tasks/")
    buttons = page.locator("table.my-tasks a.btn", has_text="Báo cáo tiến độ")
    assert buttons.count() > 5
    line = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('table.my-tasks a.btn')).lineHeight)")
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        assert box["height"] < 2 * line, f"“Báo cáo tiến độ” wraps: {box['height']}px for a {line}px line"
    page.screenshot(path=str(artifacts / "home_my_tasks_buttons.png"), full_page=True)
