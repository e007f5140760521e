"""The interface speaks Vietnamese whatever language the browser asks for."""

import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize("accept", ["en", "en-US,en;q=0.9", "fr", ""])
def test_the_sign_in_page_is_vietnamese_for_any_browser_language(accept):
    response = Client(HTTP_ACCEPT_LANGUAGE=accept).get("/accounts/login/")
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


ENGLISH_ADMIN = ["Toggle theme", "Toggle navigation", "Skip to main content", "Django site admin", "Django administration",
                 "Log in", "Username", "Password", "Site administration", "Recent actions", "Add", "Change", "Log out"]


@pytest.mark.django_db
def test_error_pages_are_vietnamese_for_an_english_browser():
    response = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/trang-khong-co/")
    page = response.content.decode()
    assert response.status_code == 404
    assert 'lang="vi"' in page and "Không tìm thấy trang" in page
    assert "Page not found" not in page and "Not Found" not in page


@pytest.mark.django_db
def test_the_administration_site_is_vietnamese_for_an_english_browser(django_user_model):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    login = client.get("/admin/login/").content.decode()
    assert "Đăng nhập" in login and "Quản trị CCHC" in login
    admin = django_user_model.objects.create_superuser(username="quantri", password="x", email="")
    client.force_login(admin)
    pages = [client.get(url).content.decode() for url in ("/admin/", "/admin/units/unit/", "/admin/units/unit/add/")]
    visible = ["".join(part.split(">", 1)[-1] for part in page.split("<")) for page in pages]
    for text in visible:
        assert "Quản trị hệ thống" in text or "Thêm" in text
        for english in ENGLISH_ADMIN:
            assert english not in text, english
