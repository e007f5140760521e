"""Lockout behind a reverse proxy: the client's address is taken from the header the trusted proxy
sets only when the deployment says how many proxies to trust (TRUSTED_PROXY_COUNT); otherwise a
forged X-Forwarded-For changes nothing."""

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command

PASSWORD = "Mat-khau-2025"
PROXY = "10.0.0.2"  # nginx on the same network as gunicorn


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(username="canbo", password=PASSWORD)


@pytest.fixture
def lockout(settings):
    settings.AXES_ENABLED = True
    call_command("axes_reset", verbosity=0)


def sign_in(client, password, *, forwarded_for=None):
    extra = {"REMOTE_ADDR": PROXY}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post("/accounts/login/", {"username": "canbo", "password": password}, **extra)


@pytest.mark.django_db
def test_behind_one_trusted_proxy_two_clients_are_locked_out_independently(client, user, lockout, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        sign_in(client, "sai", forwarded_for="203.0.113.5")
    assert sign_in(client, PASSWORD, forwarded_for="203.0.113.5").status_code == 429
    other = type(client)()
    response = sign_in(other, PASSWORD, forwarded_for="198.51.100.7")
    assert response.status_code == 302
    assert "_auth_user_id" in other.session
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.5"]


@pytest.mark.django_db
def test_behind_one_trusted_proxy_the_address_the_proxy_added_counts_not_one_the_client_wrote(client, user, lockout, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"):
        sign_in(client, "sai", forwarded_for=f"{forged}, 203.0.113.5")
    assert sign_in(client, PASSWORD, forwarded_for="6.6.6.6, 203.0.113.5").status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.5"]


@pytest.mark.django_db
def test_with_no_trusted_proxy_a_forged_forwarded_for_is_ignored(client, user, lockout, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"):
        sign_in(client, "sai", forwarded_for=forged)
    assert sign_in(client, PASSWORD, forwarded_for="6.6.6.6").status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [PROXY]


@pytest.mark.django_db
def test_a_header_that_is_not_an_address_falls_back_to_the_connection(client, user, lockout, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    sign_in(client, "sai", forwarded_for="not-an-address")
    sign_in(client, "sai")
    assert list(AccessAttempt.objects.values_list("ip_address", "failures_since_start")) == [(PROXY, 2)]


def test_no_proxy_is_trusted_by_default():
    from django.conf import settings

    assert settings.TRUSTED_PROXY_COUNT == 0
