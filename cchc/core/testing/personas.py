"""A small province with one merger, and the people every permission test uses.

    Tỉnh Thử Nghiệm (province)                steering officer "steering" (works at Sở Nội vụ)
    ├── Sở Nội vụ
    ├── Sở Xây dựng                              head "head", focal officer "focal"
    │   ├── Văn phòng Sở
    │   └── Phòng Quản lý xây dựng               division staff "staff"
    ├── Sở Tài chính                             focal officer "outsider" (another branch)
    │   └── Phòng Ngân sách
    ├── Xã Cũ Một   (to 30/6/2025) ─┐
    ├── Xã Cũ Hai   (to 30/6/2025) ─┴─ merged into Xã Mới from 01/7/2025 (focal officer "commune")
    └── Xã Mới      (from 01/7/2025)
    plus "viewer" (viewer on the province) and "admin" (system administrator on the province)

Everyone's password is ``PASSWORD``. Build it with ``build_world()`` in ``setUpTestData``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from cchc.units.models import Unit, UnitKind
from cchc.units.roles import Role
from cchc.units.services import membership_create, unit_create, unit_merge

PASSWORD = "persona-pass-2025"
MERGER_DATE = dt.date(2025, 7, 1)
START = dt.date(2020, 1, 1)

#: persona name → the role it holds and the unit key it holds it on
PERSONA_ROLES = {
    "admin": (Role.ADMIN, "province"),
    "steering": (Role.STEERING_OFFICER, "province"),
    "viewer": (Role.VIEWER, "province"),
    "head": (Role.HEAD, "dept_a"),
    "focal": (Role.FOCAL_OFFICER, "dept_a"),
    "staff": (Role.DIVISION_STAFF, "division_a"),
    "outsider": (Role.FOCAL_OFFICER, "dept_b"),
    "commune": (Role.FOCAL_OFFICER, "commune_new"),
}
PERSONAS = [*PERSONA_ROLES, "anonymous"]


@dataclass
class World:
    units: dict[str, Unit] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name):
        units = self.__dict__.get("units", {})
        if name in units:
            return units[name]
        raise AttributeError(name)


def build_world() -> World:
    world = World()
    u = world.units

    def add(key, name, code, kind, parent=None, valid_from=START):
        u[key] = unit_create(name=name, code=code, kind=kind, parent=parent, valid_from=valid_from)
        return u[key]

    province = add("province", "Tỉnh Thử Nghiệm", "TN", UnitKind.PROVINCE)
    add("home_affairs", "Sở Nội vụ", "TN-SNV", UnitKind.DEPARTMENT, province)
    dept_a = add("dept_a", "Sở Xây dựng", "TN-SXD", UnitKind.DEPARTMENT, province)
    add("office_a", "Văn phòng Sở Xây dựng", "TN-SXD-VP", UnitKind.DIVISION, dept_a)
    add("division_a", "Phòng Quản lý xây dựng", "TN-SXD-QLXD", UnitKind.DIVISION, dept_a)
    dept_b = add("dept_b", "Sở Tài chính", "TN-STC", UnitKind.DEPARTMENT, province)
    add("division_b", "Phòng Ngân sách", "TN-STC-NS", UnitKind.DIVISION, dept_b)
    add("commune_old_1", "Xã Cũ Một", "TN-X1", UnitKind.COMMUNE, province)
    add("commune_old_2", "Xã Cũ Hai", "TN-X2", UnitKind.COMMUNE, province)
    change = unit_merge(
        sources=[u["commune_old_1"], u["commune_old_2"]],
        new_unit={"name": "Xã Mới", "code": "TN-XM", "kind": UnitKind.COMMUNE, "parent": province},
        effective=MERGER_DATE,
        decision="Nghị quyết thử nghiệm 01/NQ-UBTVQH15",
    )
    u["commune_new"] = change.successors.get()
    for key in ("commune_old_1", "commune_old_2"):
        u[key].refresh_from_db()

    User = get_user_model()
    for persona, (role, unit_key) in PERSONA_ROLES.items():
        user = User.objects.create_user(username=persona, password=PASSWORD, full_name=persona.title())
        valid_from = u[unit_key].valid_from
        membership_create(user=user, unit=u[unit_key], role=role, valid_from=valid_from)
        world.users[persona] = user
    world.users["anonymous"] = None
    return world
