"""Petition deadlines a calendar change moves (registered with ``cchc.calendar.changes`` in ``apps.py``).

A petition's due dates are stored (``deadlines``); a saved calendar change re-stores those of open
petitions whose step is still to come, computed again from the same start with the new calendar. A
step already taken keeps the due date it was judged against, and a closed petition is not re-judged.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from cchc.calendar.changes import DeadlineSource, MovedDeadline
from cchc.petitions import deadlines

#: A rest-day run (Tết is the longest, 9 days) plus 15 working days never reaches further than this.
_REACH = dt.timedelta(days=60)


def _due_dates(petition, calendar) -> dict[str, dt.date]:
    """The due dates of the steps still to come, as ``calendar`` gives them."""
    clock = deadlines.clock_dates(petition.started_on, calendar)
    dates = {}
    if petition.rejected_on is None and petition.approved_on is None:
        dates["decide_due"] = clock.decide_due
        dates["resolve_due"] = clock.resolve_due
        if petition.info_requested_on is None:
            dates["info_due"] = clock.info_due
    elif petition.approved_on is not None and petition.published_on is None:
        dates["publish_due"] = deadlines.publish_due(petition.approved_on, calendar)
    return dates


def moved_petition_deadlines(before, after, changed_days):
    from cchc.petitions.choices import CLOSED_STATUSES
    from cchc.petitions.models import Petition

    first, last = min(changed_days) - _REACH, max(changed_days)
    petitions = (
        Petition.objects.exclude(status__in=CLOSED_STATUSES)
        .filter(Q(started_on__gte=first, started_on__lte=last) | Q(approved_on__gte=first, approved_on__lte=last))
        .select_related("unit")
        .order_by("pk")
    )
    labels = {"decide_due": _("reject by"), "info_due": _("ask for more information by"), "resolve_due": _("resolve by"),
              "publish_due": _("publish by")}
    for petition in petitions:
        old, new = _due_dates(petition, before), _due_dates(petition, after)
        for name, new_day in new.items():
            if old.get(name) != new_day:
                yield MovedDeadline(kind=_("Petition"), label=f"{petition.pk} – {petition.unit.name} ({labels[name]})", old=old[name],
                                    new=new_day,
                                    key=("petition", petition.pk, name))


def petition_deadlines_restore(moved, after) -> None:
    """Re-store the due dates the saved change moved."""
    from cchc.petitions.models import Petition

    changes: dict[int, dict[str, dt.date]] = {}
    for item in moved:
        if item.key[:1] == ("petition",):
            changes.setdefault(item.key[1], {})[item.key[2]] = item.new
    for petition in Petition.objects.filter(pk__in=list(changes)):
        for name, day in changes[petition.pk].items():
            setattr(petition, name, day)
        petition.save(update_fields=list(changes[petition.pk]))


SOURCE = DeadlineSource(name="petitions", moved=moved_petition_deadlines, apply=petition_deadlines_restore)
