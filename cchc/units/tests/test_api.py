"""Persona matrix for the units and memberships endpoints."""

from django.urls import reverse

from cchc.core.testing.scoped_cases import PersonaApiCase
from cchc.units.models import Membership
from cchc.units.tests.test_pages import unit_state

EVERYONE = {"admin": 200, "steering": 200, "viewer": 200, "head": 200, "focal": 200, "staff": 200,
            "outsider": 200, "commune": 200, "anonymous": 401}


class TestUnitList(PersonaApiCase):
    url_name = "unit-list"
    expected = EVERYONE

    def test_lists_only_units_in_reach(self):
        response = self.client_for("outsider").get(self.url())
        names = sorted(u["name"] for u in response.json()["results"])
        self.assertEqual(names, ["Phòng Ngân sách", "Sở Tài chính"])

    def test_the_successor_commune_lists_its_predecessors_with_links(self):
        results = self.client_for("commune").get(self.url()).json()["results"]
        by_name = {u["name"]: u for u in results}
        self.assertEqual(sorted(by_name), ["Xã Cũ Hai", "Xã Cũ Một", "Xã Mới"])
        self.assertEqual(by_name["Xã Cũ Một"]["successor_ids"], [self.world.commune_new.pk])
        self.assertEqual(by_name["Xã Cũ Một"]["valid_to"], "2025-06-30")
        self.assertEqual(by_name["Xã Mới"]["predecessor_ids"], sorted([self.world.commune_old_1.pk, self.world.commune_old_2.pk]))

    def test_token_authentication_works(self):
        from rest_framework.authtoken.models import Token

        token = Token.objects.create(user=self.world.users["staff"])
        response = self.client_class().get(self.url(), HTTP_AUTHORIZATION=f"Token {token.key}")
        self.assertEqual([u["name"] for u in response.json()["results"]], ["Phòng Quản lý xây dựng"])


class TestUnitDetail(PersonaApiCase):
    url_name = "unit-detail"
    expected = {**EVERYONE, "outsider": 404, "commune": 404, "staff": 404}

    def url(self):
        return reverse(self.url_name, args=[self.world.dept_a.pk])


class TestMembershipList(PersonaApiCase):
    url_name = "membership-list"
    expected = EVERYONE
    write_expected = {"admin": 201, "head": 201, "steering": 403, "viewer": 403, "focal": 403, "staff": 403,
                      "outsider": 400, "commune": 400, "anonymous": 401}

    def write_data(self):
        return {"username": "viewer", "unit": self.world.division_a.pk, "role": "division_staff", "valid_from": "2024-01-01"}

    def state(self):
        return unit_state()

    def test_the_role_must_fit_the_unit_validity(self):
        response = self.send("admin", "post", {**self.write_data(), "unit": self.world.commune_old_1.pk})
        self.assertEqual(response.status_code, 400)
        self.assertIn("valid_to", response.json())
        self.assertIn("30/06/2025", response.json()["valid_to"][0])

    def test_a_created_membership_is_audited(self):
        self.send("head", "post", self.write_data())
        record = Membership.history.filter(unit_id=self.world.division_a.pk, user_id=self.world.users["viewer"].pk).get()
        self.assertEqual(record.history_user, self.world.users["head"])


class TestMembershipDetail(PersonaApiCase):
    url_name = "membership-detail"
    expected = {**EVERYONE, "outsider": 404, "commune": 404}

    def url(self):
        return reverse(self.url_name, args=[self.world.users["staff"].memberships.get().pk])


class TestMembershipEnd(PersonaApiCase):
    url_name = "membership-end"
    expected = {**EVERYONE, "outsider": 405, "commune": 405, "anonymous": 401, **{p: 405 for p in EVERYONE if p != "anonymous"}}
    write_expected = {"admin": 200, "head": 200, "steering": 403, "viewer": 403, "focal": 403, "staff": 403,
                      "outsider": 404, "commune": 404, "anonymous": 401}

    def url(self):
        return reverse(self.url_name, args=[self.world.users["staff"].memberships.get().pk])

    def write_data(self):
        return {"valid_to": "2025-12-31"}

    def state(self):
        return unit_state()
