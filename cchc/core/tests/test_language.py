"""The interface speaks Vietnamese whatever language the browser asks for."""

import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize("accept", ["en", "en-US,en;q=0.9", "fr", ""])
def test_the_sign_in_page_is_vietnamese_for_any_browser_language(accept):
    response = Client(HTTP_ACCEPT_LANGUAGE=accept).get("/accounts/login/")
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()
