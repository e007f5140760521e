"""Small template helpers of the inspection pages."""

from django import template

register = template.Library()


@register.filter
def item_overdue(item, today):
    """``item|item_overdue:today``: open past its (working-day) due date."""
    return item.is_overdue(today)


@register.filter
def percent(ratio):
    """A ``Ratio`` as "33,33%" ("—" when nothing is expected)."""
    return ratio.display() if ratio is not None else "—"
