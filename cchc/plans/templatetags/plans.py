"""Small template helpers of the plans pages."""

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """``mapping|get:key`` (dictionaries with non-string keys)."""
    return mapping.get(key) if mapping else None


@register.filter
def overdue(item, today):
    """``task|overdue:today`` or ``period|overdue:today``."""
    return item.is_overdue(today)


@register.filter
def due_soon(period, today):
    return period.is_due_soon(today)
