"""The one table that says what each role may do.

A role is granted on a unit through a ``Membership`` and reaches that unit and every unit
below it, including units merged into any of them. Nothing else in the code base decides
permissions: views, API views and services ask ``units.scoping`` which units a user reaches
with a permission, and ``scoping`` reads this table.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    STEERING_OFFICER = "steering_officer", _("Reform steering officer")
    HEAD = "head", _("Head of unit")
    FOCAL_OFFICER = "focal_officer", _("Reform focal officer")
    DIVISION_STAFF = "division_staff", _("Division staff")
    VIEWER = "viewer", _("Viewer")


class Perm(models.TextChoices):
    """Permissions checked by views, API views and services."""

    VIEW = "view", _("View")
    UPDATE_PROGRESS = "update_progress", _("Update progress and evidence")
    EDIT = "edit", _("Draft and edit plans and reports")
    APPROVE = "approve", _("Approve, issue and sign")
    STEER = "steer", _("Steer units below: calendars, review, appraisal")
    MANAGE_MEMBERS = "manage_members", _("Manage memberships")
    MANAGE_UNITS = "manage_units", _("Manage units and reorganisations")


ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(Perm.values),
    Role.STEERING_OFFICER: frozenset({Perm.VIEW, Perm.STEER}),
    Role.HEAD: frozenset({Perm.VIEW, Perm.UPDATE_PROGRESS, Perm.EDIT, Perm.APPROVE, Perm.MANAGE_MEMBERS}),
    Role.FOCAL_OFFICER: frozenset({Perm.VIEW, Perm.UPDATE_PROGRESS, Perm.EDIT}),
    Role.DIVISION_STAFF: frozenset({Perm.VIEW, Perm.UPDATE_PROGRESS}),
    Role.VIEWER: frozenset({Perm.VIEW}),
}


def roles_with(perm: str) -> list[str]:
    """The roles that carry ``perm``."""
    return [role for role, perms in ROLE_PERMISSIONS.items() if perm in perms]


def role_allows(role: str, perm: str) -> bool:
    return perm in ROLE_PERMISSIONS.get(role, frozenset())


def may_grant(held: frozenset[str] | set[str], role: str) -> bool:
    """Whether someone holding the permissions ``held`` on a unit may grant, end or change ``role`` there.

    He needs the right to manage members and every permission the role carries: nobody hands
    out (or takes away) more than he could do himself on that unit.
    """
    perms = ROLE_PERMISSIONS.get(role)
    return perms is not None and Perm.MANAGE_MEMBERS in held and perms <= held


def grantable_roles(held: frozenset[str] | set[str]) -> list[str]:
    """The roles ``held`` permits granting, in the order of ``Role``."""
    return [role for role in Role.values if may_grant(held, role)]
