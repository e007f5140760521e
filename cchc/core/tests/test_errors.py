"""The 403, 404 and 500 pages: in the site's layout, in Vietnamese, with a way back; a 403 names the
missing permission in plain words."""

import pytest
from django.test import Client, RequestFactory

from cchc.core import errors
from cchc.core.testing.personas import build_world
from cchc.plans.tests.factories import department_plan


@pytest.fixture
def world(db):
    return build_world()


def test_a_refused_write_says_which_right_it_needs_and_which_roles_carry_it(world):
    plan = department_plan(world)
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.force_login(world.users["staff"])
    response = client.get(f"/plans/{plan.pk}/edit/", HTTP_REFERER=f"http://testserver/plans/{plan.pk}/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Việc này cần quyền soạn thảo, chỉnh sửa kế hoạch và báo cáo của đơn vị." in page
    assert "Các vai trò có quyền này: Thủ trưởng đơn vị, Công chức đầu mối CCHC." in page
    assert f'<a class="btn" href="http://testserver/plans/{plan.pk}/">Quay lại trang trước</a>' in page
    assert '<a class="btn primary" href="/">Về trang chủ</a>' in page
    assert 'class="mainnav"' in page  # the site's layout, with its menu


def test_a_missing_row_is_a_404_page_in_the_layout_that_does_not_say_why(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.users["focal"])
    response = client.get("/plans/987654321/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page and "Về trang chủ" in page and 'class="mainnav"' in page
    assert client.get("/khong-co-trang-nay/").status_code == 404


def test_the_500_page_needs_no_request_context_and_offers_the_home_page():
    request = RequestFactory().get("/plans/1/")
    response = errors.server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố" in page and '<a class="btn primary" href="/">Về trang chủ</a>' in page


def test_api_errors_stay_json(world):
    response = errors.page_not_found(RequestFactory().get("/api/plans/999/"))
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")


def test_an_expired_form_is_explained_in_vietnamese(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["focal"])
    response = client.post("/accounts/token/")
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hiệu lực" in response.content.decode()
