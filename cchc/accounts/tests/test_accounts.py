"""Sign-in, lockout, password change and API tokens."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from rest_framework.authtoken.models import Token


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(username="canbo", password="Mat-khau-2025", full_name="Cán bộ A")


@pytest.mark.django_db
def test_the_sign_in_page_is_in_vietnamese(client):
    response = client.get("/accounts/login/")
    assert "Đăng nhập" in response.content.decode()
    assert 'lang="vi"' in response.content.decode()


@pytest.mark.django_db
def test_a_wrong_password_says_so_in_vietnamese(client, user):
    response = client.post("/accounts/login/", {"username": "canbo", "password": "sai"})
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()


@pytest.mark.django_db
def test_garbage_to_the_sign_in_form_is_a_clean_error(client):
    for payload in ({}, {"username": "x" * 5000, "password": ""}, {"username": "'; --", "password": "\x00"}):
        assert client.post("/accounts/login/", payload).status_code == 200


@pytest.mark.django_db
def test_five_failures_lock_the_account(client, user, settings):
    settings.AXES_ENABLED = True
    call_command("axes_reset", verbosity=0)
    for _ in range(5):
        client.post("/accounts/login/", {"username": "canbo", "password": "sai"})
    response = client.post("/accounts/login/", {"username": "canbo", "password": "Mat-khau-2025"})
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_change(client, user):
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {"old_password": "Mat-khau-2025", "new_password1": "Moi-mat-khau-2026", "new_password2": "Moi-mat-khau-2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Moi-mat-khau-2026")


@pytest.mark.django_db
def test_a_new_token_voids_the_old_one(client, user):
    client.force_login(user)
    old = Token.objects.create(user=user)
    client.post("/accounts/token/")
    assert Token.objects.filter(user=user).exclude(key=old.key).count() == 1
    assert not Token.objects.filter(key=old.key).exists()


@pytest.mark.django_db
def test_the_token_page_shows_the_whole_header_and_is_linked_from_every_page(client, user):
    client.force_login(user)
    page = client.get("/accounts/token/").content.decode()
    assert "Authorization: Token mã-của-bạn" in page  # "Token <mã>" once rendered as "Token ." in the browser
    token = Token.objects.create(user=user)
    page = client.get("/accounts/token/").content.decode()
    assert f"Authorization: Token {token.key}" in page
    assert '<a href="/accounts/token/">Mã truy cập API</a>' in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_api_documentation_says_how_to_get_and_send_a_token(client):
    schema = client.get("/api/schema/?format=json").json()
    assert "/accounts/token/" in schema["info"]["description"]
    assert "Authorization: Token <mã truy cập>" in schema["info"]["description"]


@pytest.mark.django_db
def test_api_docs_and_schema_are_served_without_network(client):
    assert client.get("/api/schema/").status_code == 200
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert "drf_spectacular_sidecar" in response.content.decode() or "/static/" in response.content.decode()


def test_deploy_checks_pass_with_production_settings(monkeypatch):
    import subprocess
    import sys

    env = {
        "DEBUG": "0",
        "SECRET_KEY": "a-very-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        "ALLOWED_HOSTS": "cchc.example.gov.vn",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True, text=True, env=env, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@override_settings(AXES_ENABLED=False)
@pytest.mark.django_db
def test_home_lists_the_users_roles(client, user):
    client.force_login(user)
    response = client.get("/")
    assert "Bạn chưa được phân quyền tại đơn vị nào" in response.content.decode()
