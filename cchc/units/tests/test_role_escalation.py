"""Nobody grants or ends a role he could not exercise himself on that unit.

The matrix crosses every role a grantor may hold (on his own department) with every role he
tries to grant or end, on five units: his own, one below, the province above, a department in
another branch, and himself as the grantee. Each combination runs through the service, the
page and the API; a refused attempt must leave the memberships exactly as they were.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse

from cchc.core.testing.scoped_cases import rolled_back
from cchc.units import services
from cchc.units.models import Membership, UnitKind
from cchc.units.roles import Perm, Role, grantable_roles, may_grant
from cchc.units.scoping import clear_cache

START = dt.date(2020, 1, 1)
#: the grantor's own membership ends before the granted ones start, so granting himself his own role does not overlap
GRANTOR_UNTIL = dt.date(2099, 12, 31)
GRANT_FROM = dt.date(2100, 1, 1)
ALL_ROLES = [Role.ADMIN, Role.STEERING_OFFICER, Role.HEAD, Role.FOCAL_OFFICER, Role.DIVISION_STAFF, Role.VIEWER]
RELATIONS = ["own", "below", "above", "outside", "self"]

#: what each grantor role may grant or end on his own unit and below (the specification, written out)
GRANTABLE = {
    Role.ADMIN: set(ALL_ROLES),
    Role.HEAD: {Role.HEAD, Role.FOCAL_OFFICER, Role.DIVISION_STAFF, Role.VIEWER},
    Role.STEERING_OFFICER: set(),
    Role.FOCAL_OFFICER: set(),
    Role.DIVISION_STAFF: set(),
    Role.VIEWER: set(),
}


def allowed(grantor_role: str, role: str, relation: str) -> bool:
    if relation in ("above", "outside"):
        # only the system administrator's role reaches beyond the grantor's own branch
        return grantor_role == Role.ADMIN
    return role in GRANTABLE[grantor_role]


def membership_state():
    return list(Membership.objects.order_by("pk").values_list("pk", "user_id", "unit_id", "role", "valid_from", "valid_to"))


class RoleMatrixCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        province = services.unit_create(name="Tỉnh Ma Trận", code="MT", kind=UnitKind.PROVINCE, parent=None, valid_from=START)
        dept = services.unit_create(name="Sở Một", code="MT-S1", kind=UnitKind.DEPARTMENT, parent=province, valid_from=START)
        division = services.unit_create(name="Phòng Một", code="MT-S1-P1", kind=UnitKind.DIVISION, parent=dept, valid_from=START)
        other = services.unit_create(name="Sở Hai", code="MT-S2", kind=UnitKind.DEPARTMENT, parent=province, valid_from=START)
        cls.units = {"own": dept, "self": dept, "below": division, "above": province, "outside": other}
        User = get_user_model()
        cls.grantors = {}
        for role in ALL_ROLES:
            user = User.objects.create_user(username=f"grantor-{role}", password="matrix-pass-2025")
            services.membership_create(user=user, unit=dept, role=role, valid_from=START, valid_to=GRANTOR_UNTIL)
            cls.grantors[role] = user
        cls.grantee = User.objects.create_user(username="grantee", password="matrix-pass-2025")
        cls.member = User.objects.create_user(username="member", password="matrix-pass-2025")

    def setUp(self):
        for user in [*self.grantors.values(), self.grantee, self.member]:
            clear_cache(user)

    def cases(self):
        for grantor_role in ALL_ROLES:
            for role in ALL_ROLES:
                for relation in RELATIONS:
                    yield grantor_role, role, relation

    def grantee_for(self, grantor_role, relation):
        return self.grantors[grantor_role] if relation == "self" else self.grantee

    def login(self, user):
        self.client.force_login(user)


class TestGrantMatrix(RoleMatrixCase):
    def test_the_service_grants_only_what_the_grantor_may(self):
        for grantor_role, role, relation in self.cases():
            with self.subTest(grantor=grantor_role, role=role, relation=relation), rolled_back():
                before = membership_state()
                grant = {
                    "user": self.grantee_for(grantor_role, relation), "unit": self.units[relation], "role": role,
                    "valid_from": GRANT_FROM, "actor": self.grantors[grantor_role],
                }
                if allowed(grantor_role, role, relation):
                    membership = services.membership_create(**grant)
                    self.assertEqual((membership.unit, membership.role), (self.units[relation], role))
                else:
                    with self.assertRaises((PermissionDenied, ValidationError)):
                        services.membership_create(**grant)
                    self.assertEqual(membership_state(), before)

    def test_the_page_grants_only_what_the_grantor_may(self):
        for grantor_role, role, relation in self.cases():
            with self.subTest(grantor=grantor_role, role=role, relation=relation), rolled_back():
                before = membership_state()
                self.login(self.grantors[grantor_role])
                unit = self.units[relation]
                response = self.client.post(
                    reverse("units:member_add", args=[unit.pk]),
                    {"username": self.grantee_for(grantor_role, relation).username, "role": role, "valid_from": "01/01/2100"},
                )
                if allowed(grantor_role, role, relation):
                    self.assertEqual(response.status_code, 302)
                    self.assertTrue(Membership.objects.filter(unit=unit, role=role, valid_from=GRANT_FROM).exists())
                    continue
                if relation in ("above", "outside"):
                    self.assertEqual(response.status_code, 404)
                elif Perm.MANAGE_MEMBERS not in _perms(grantor_role):
                    self.assertEqual(response.status_code, 403)
                else:
                    self.assertContains(response, "Bạn không được cấp vai trò này trên đơn vị này")
                self.assertEqual(membership_state(), before)

    def test_the_api_grants_only_what_the_grantor_may(self):
        for grantor_role, role, relation in self.cases():
            with self.subTest(grantor=grantor_role, role=role, relation=relation), rolled_back():
                before = membership_state()
                self.login(self.grantors[grantor_role])
                unit = self.units[relation]
                response = self.client.post(
                    reverse("membership-list"),
                    {"username": self.grantee_for(grantor_role, relation).username, "unit": unit.pk, "role": role,
                     "valid_from": "2100-01-01"},
                )
                if allowed(grantor_role, role, relation):
                    self.assertEqual(response.status_code, 201)
                    self.assertEqual((response.json()["unit"], response.json()["role"]), (unit.pk, role))
                    continue
                if relation in ("above", "outside"):
                    self.assertEqual(response.status_code, 400)
                    self.assertIn("unit", response.json())
                elif Perm.MANAGE_MEMBERS not in _perms(grantor_role):
                    self.assertEqual(response.status_code, 403)
                else:
                    self.assertEqual(response.status_code, 400)
                    self.assertIn("Bạn không được cấp vai trò này trên đơn vị này", response.json()["role"][0])
                self.assertEqual(membership_state(), before)

    def test_the_form_offers_only_the_grantable_roles(self):
        for grantor_role in (Role.ADMIN, Role.HEAD):
            with self.subTest(grantor=grantor_role):
                self.login(self.grantors[grantor_role])
                response = self.client.get(reverse("units:member_add", args=[self.units["own"].pk]))
                offered = [value for value, _label in response.context["form"].fields["role"].choices if value]
                self.assertEqual(set(offered), GRANTABLE[grantor_role])


class TestEndMatrix(RoleMatrixCase):
    """Ending a membership needs the same right as granting it (``self``: the grantor's own membership)."""

    def target(self, grantor_role, role, relation):
        if relation == "self":
            return Membership.objects.get(user=self.grantors[grantor_role])
        return Membership.objects.create(user=self.member, unit=self.units[relation], role=role, valid_from=START)

    def end_allowed(self, grantor_role, role, relation):
        if relation == "self":
            return grantor_role in GRANTABLE[grantor_role]
        return allowed(grantor_role, role, relation)

    def end_cases(self):
        for grantor_role, role, relation in self.cases():
            if relation != "self" or role == grantor_role:
                yield grantor_role, role, relation

    def test_the_service_ends_only_what_the_grantor_may(self):
        for grantor_role, role, relation in self.end_cases():
            with self.subTest(grantor=grantor_role, role=role, relation=relation), rolled_back():
                membership = self.target(grantor_role, role, relation)
                before = membership_state()
                end = {"membership": membership, "valid_to": dt.date(2030, 12, 31), "actor": self.grantors[grantor_role]}
                if self.end_allowed(grantor_role, role, relation):
                    self.assertEqual(services.membership_end(**end).valid_to, dt.date(2030, 12, 31))
                else:
                    with self.assertRaises((PermissionDenied, ValidationError)):
                        services.membership_end(**end)
                    self.assertEqual(membership_state(), before)

    def test_the_page_and_the_api_end_only_what_the_grantor_may(self):
        for grantor_role, role, relation in self.end_cases():
            for path in ("page", "api"):
                with self.subTest(grantor=grantor_role, role=role, relation=relation, path=path), rolled_back():
                    membership = self.target(grantor_role, role, relation)
                    before = membership_state()
                    self.login(self.grantors[grantor_role])
                    if path == "page":
                        url, data, ok = reverse("units:membership_end", args=[membership.pk]), {"valid_to": "31/12/2030"}, 302
                    else:
                        url, data, ok = reverse("membership-end", args=[membership.pk]), {"valid_to": "2030-12-31"}, 200
                    response = self.client.post(url, data)
                    if self.end_allowed(grantor_role, role, relation):
                        self.assertEqual(response.status_code, ok)
                        membership.refresh_from_db()
                        self.assertEqual(membership.valid_to, dt.date(2030, 12, 31))
                        continue
                    self.assertEqual(response.status_code, 404 if relation in ("above", "outside") else 403)
                    self.assertEqual(membership_state(), before)


class TestUnitPageLinks(RoleMatrixCase):
    def test_the_unit_page_offers_to_end_only_the_roles_the_user_may_end(self):
        dept = self.units["own"]
        for role in ALL_ROLES:
            Membership.objects.create(user=self.member, unit=dept, role=role, valid_from=START)
        self.login(self.grantors[Role.HEAD])
        response = self.client.get(reverse("units:detail", args=[dept.pk]))
        end_links = {
            m.role for m in Membership.objects.filter(unit=dept, user=self.member)
            if reverse("units:membership_end", args=[m.pk]) in response.content.decode()
        }
        self.assertEqual(end_links, {Role.HEAD, Role.FOCAL_OFFICER, Role.DIVISION_STAFF, Role.VIEWER})


class TestPermissionsAddUpAcrossMemberships(RoleMatrixCase):
    def test_a_head_who_is_also_steering_officer_above_may_grant_the_steering_role(self):
        head = self.grantors[Role.HEAD]
        services.membership_create(user=head, unit=self.units["above"], role=Role.STEERING_OFFICER, valid_from=START)
        clear_cache(head)
        membership = services.membership_create(
            user=self.grantee, unit=self.units["below"], role=Role.STEERING_OFFICER, valid_from=GRANT_FROM, actor=head
        )
        self.assertEqual(membership.role, Role.STEERING_OFFICER)

    def test_a_steering_officer_without_member_rights_grants_nothing_even_to_himself(self):
        steering = self.grantors[Role.STEERING_OFFICER]
        before = membership_state()
        with self.assertRaises(PermissionDenied):
            services.membership_create(
                user=steering, unit=self.units["own"], role=Role.HEAD, valid_from=GRANT_FROM, actor=steering
            )
        self.assertEqual(membership_state(), before)


def _perms(role):
    from cchc.units.roles import ROLE_PERMISSIONS

    return ROLE_PERMISSIONS[role]


def test_may_grant_needs_member_rights_and_every_permission_of_the_role():
    head = frozenset({Perm.VIEW, Perm.UPDATE_PROGRESS, Perm.EDIT, Perm.APPROVE, Perm.MANAGE_MEMBERS})
    assert may_grant(head, Role.FOCAL_OFFICER)
    assert may_grant(head, Role.HEAD)
    assert not may_grant(head, Role.STEERING_OFFICER)
    assert not may_grant(head, Role.ADMIN)
    assert not may_grant(frozenset({Perm.VIEW, Perm.STEER}), Role.VIEWER)
    assert not may_grant(head, "no-such-role")
    assert grantable_roles(head) == [Role.HEAD, Role.FOCAL_OFFICER, Role.DIVISION_STAFF, Role.VIEWER]
    assert grantable_roles(frozenset(Perm.values)) == ALL_ROLES
