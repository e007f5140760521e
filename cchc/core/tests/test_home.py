"""The home page: "Việc cần làm" from every registered provider, grouped, each a count linking to its list;
the apps' panels; the unread notifications beside "Thông báo" on every page."""

import pytest
from django.test import Client

from cchc.core import home, todo
from cchc.core.testing.personas import build_world
from cchc.notifications.models import Notification


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def provider():
    todo.register("test-home", lambda user: [
        todo.Item("Phản ánh chờ xử lý", 4, "/cong-khai/x/?open=1", urgent=True, group="petitions", order=5),
        todo.Item("Việc khác", 0, "/khac/", group="something-new", order=1),
    ])
    yield
    todo._PROVIDERS.pop("test-home")


def test_items_are_grouped_under_their_heading_in_page_order(world, provider):
    client = Client()
    client.force_login(world.users["focal"])
    response = client.get("/")
    groups = [(group.label, [(item.label, item.count) for item in group.items if item.url in ("/cong-khai/x/?open=1", "/khac/")])
              for group in response.context["todo_groups"]]
    assert ("Phản ánh, kiến nghị", [("Phản ánh chờ xử lý", 4)]) in groups
    assert groups[-1] == ("Khác", [("Việc khác", 0)])  # an unknown group comes last, under "Other"
    page = response.content.decode()
    assert '<a href="/cong-khai/x/?open=1" data-count="4"><span class="todo-count">4</span>' in page
    assert 'class="todo-item urgent"' in page and 'class="todo-item none"' in page


def test_the_focal_officer_sees_the_completion_chart_and_targets_panel(world):
    client = Client()
    client.force_login(world.users["focal"])
    page = client.get("/").content.decode()
    assert "Việc cần làm" in page
    assert "Kết quả thực hiện nhiệm vụ của Sở Xây dựng năm" in page
    assert "Chỉ số chủ yếu so với chỉ tiêu" in page


def test_a_panel_provider_can_show_nothing(world):
    home.register_panel("test-none", lambda request: None)
    try:
        client = Client()
        client.force_login(world.users["viewer"])
        assert client.get("/").status_code == 200
    finally:
        home._PANELS.pop("test-none")


def test_the_unread_notifications_are_counted_in_the_menu_on_every_page(world):
    staff = world.users["staff"]
    for text in ("Một", "Hai", "Ba"):
        Notification.objects.create(recipient=staff, kind="t", text=text)
    Notification.objects.create(recipient=staff, kind="t", text="Đã đọc", read_at="2025-01-01T00:00:00Z")
    Notification.objects.create(recipient=world.users["focal"], kind="t", text="Của người khác")
    client = Client()
    client.force_login(staff)
    for url in ("/", "/plans/my-tasks/", "/reporting/mine/"):
        page = client.get(url).content.decode()
        assert '<span class="nav-count" data-unread="3">3<span class="sr-only"> chưa đọc</span></span>' in page, url


def test_anonymous_visitors_are_sent_to_sign_in(db):
    response = Client().get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
