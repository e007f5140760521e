"""A NUL character in any text a client sends is refused as bad input, never a server error.

SQLite stores NUL in text; PostgreSQL refuses it, so a NUL that reaches a query is a 500 there.
Run on both (``make test`` and ``make test-postgres``).
"""

from __future__ import annotations

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token

from cchc.core.testing.personas import PASSWORD, build_world
from cchc.units.models import Membership


class TestNullCharacters(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_the_sign_in_page_refuses_a_nul_in_the_username_or_password(self):
        for data in ({"username": "focal\x00", "password": PASSWORD}, {"username": "focal", "password": PASSWORD + "\x00"}):
            with self.subTest(data=data):
                response = self.client.post(reverse("accounts:login"), data)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("_auth_user_id", self.client.session)

    @override_settings(AXES_ENABLED=True)
    def test_the_sign_in_page_with_lockout_on_refuses_a_nul(self):
        call_command("axes_reset", verbosity=0)
        response = self.client.post(reverse("accounts:login"), {"username": "fo\x00cal", "password": PASSWORD})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Không được chứa ký tự NUL.")

    def test_a_nul_in_a_filter_is_not_a_server_error(self):
        """Page filters go through forms (which refuse NUL) and API filters take digits only."""
        self.client.force_login(self.world.users["focal"])
        for url in (reverse("unit-list"), reverse("plan-list"), reverse("plans:list"), reverse("procedures:dossier_list")):
            with self.subTest(url=url):
                response = self.client.get(url, {"q": "a\x00b", "unit": "\x00", "year": "2025\x00"})
                self.assertEqual(response.status_code, 200)

    def test_a_nul_in_an_api_token_is_refused_as_unauthenticated(self):
        Token.objects.create(user=self.world.users["focal"])
        response = self.client.get(reverse("unit-list"), HTTP_AUTHORIZATION="Token abc\x00def")
        self.assertEqual(response.status_code, 401)

    def test_the_session_token_page_answers(self):
        self.client.force_login(self.world.users["focal"])
        response = self.client.post(reverse("accounts:token"))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Token.objects.filter(user=self.world.users["focal"]).count(), 1)

    def test_a_nul_in_a_username_sent_to_the_api_is_a_field_error(self):
        self.client.force_login(self.world.users["admin"])
        before = Membership.objects.count()
        response = self.client.post(
            reverse("membership-list"),
            {"username": "vie\x00wer", "unit": self.world.division_a.pk, "role": "division_staff", "valid_from": "2024-01-01"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"username": ["Không được chứa ký tự NUL."]})
        self.assertEqual(Membership.objects.count(), before)


def test_every_writable_text_key_field_of_the_api_refuses_nul():
    """DRF's SlugRelatedField queries with whatever text it gets: the API uses the project's."""
    import importlib
    import pkgutil

    from rest_framework import serializers

    import cchc
    from cchc.core.api import SlugRelatedField

    unsafe = []
    for module_info in pkgutil.walk_packages(cchc.__path__, "cchc."):
        if not module_info.name.endswith(".api.serializers"):
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, serializers.Serializer) and value.__module__ == module.__name__:
                for field_name, field in value._declared_fields.items():
                    if isinstance(field, serializers.SlugRelatedField) and not field.read_only and not isinstance(field, SlugRelatedField):
                        unsafe.append(f"{name}.{field_name}")
    assert unsafe == []
