"""Filters every page shares: ``{% load cchc %}``."""

from django import template

from cchc.core import formats

register = template.Library()


@register.filter
def when(value) -> str:
    """``{{ notification.created_at|when }}`` → ``05/01/2026 14:30`` (local time): the one date-time format."""
    return formats.when(value)


@register.filter
def day(value) -> str:
    """``{{ plan.issued_on|day }}`` → ``05/01/2026``."""
    return formats.day(value)
