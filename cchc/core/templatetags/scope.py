"""Template filters that ask the one scoping module whether a link would open for the user."""

from django import template

from cchc.units.roles import Perm
from cchc.units.scoping import user_can

register = template.Library()


@register.filter
def readable_by(unit, user) -> bool:
    """``{% if unit|readable_by:request.user %}``: the user may open the unit's pages (else show its name only)."""
    return user_can(user, Perm.VIEW, unit)
