"""Remediation deadlines a calendar change moves (registered with ``cchc.calendar.changes`` in ``apps.py``).

A recommendation due "within N working days" of its inspection stores the date those days give; a calendar
change re-stores it (``apply``). One due on a date the inspection wrote keeps that date; its effective due
date (moved to a working day) is computed on read, so it moves with nothing to re-store. Only open
recommendations are listed: a closed one's timeliness is not re-judged.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from cchc.calendar.changes import DeadlineSource, MovedDeadline
from cchc.plans import deadlines

#: A rest-day run never exceeds this many days; a count of working days from before the change may reach past it.
_REACH = dt.timedelta(days=60)


def _due(item, calendar) -> dt.date:
    if item.due_working_days:
        return calendar.add_working_days(item.due_from, item.due_working_days)
    return deadlines.effective_due(item.due_date, calendar)


def moved_remediation_deadlines(before, after, changed_days):
    from cchc.inspections.models import RemediationItem

    first, last = min(changed_days), max(changed_days)
    items = (
        RemediationItem.objects.open()
        .filter(due_date__gte=first - _REACH, due_from__lte=last + _REACH)
        .select_related("unit")
        .order_by("due_date", "pk")
    )
    for item in items:
        old, new = _due(item, before), _due(item, after)
        if old != new:
            yield MovedDeadline(kind=_("Inspection recommendation"), label=f"{item} ({item.unit.name})", old=old, new=new,
                                key=("remediation", item.pk))


def remediation_due_dates_restore(moved, after) -> None:
    """Re-store the due dates counted in working days that the saved change moved."""
    from cchc.inspections.models import RemediationItem

    ids = [m.key[1] for m in moved if m.key[:1] == ("remediation",)]
    for item in RemediationItem.objects.filter(pk__in=ids, due_working_days__isnull=False):
        item.due_date = after.add_working_days(item.due_from, item.due_working_days)
        item.save(update_fields=["due_date"])


SOURCE = DeadlineSource(name="inspections", moved=moved_remediation_deadlines, apply=remediation_due_dates_restore)
