from django import template

from cchc.parindex.numbers import format_points

register = template.Library()


@register.filter
def points(value):
    """Points the Vietnamese way: "1,5", "68", "—" for none (or a missing row's field, which templates give as "")."""
    return format_points(None if value in (None, "") else value)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def signed(value):
    """"+1,25", "−0,5", "—"."""
    if value in (None, ""):
        return "—"
    text = format_points(abs(value))
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else "0")


@register.filter
def points_input(value):
    """Points for an input field: "1,5", or empty for none."""
    return "" if value in (None, "") else format_points(value)
