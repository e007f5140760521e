""""Việc cần làm" of the reporting app for the home page (``cchc.core.todo``): reports the user's units
must write, got back, or owe past their deadline; for a steering officer, reports awaiting review
(those sent late apart) and the units that have not reported for the current period. Each count is
the length of the list its link opens."""

from __future__ import annotations

from collections import Counter

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import todo
from cchc.reporting import selectors
from cchc.units.roles import Perm
from cchc.units.scoping import visible_unit_ids


def todo_items(user) -> list[todo.Item]:
    today = timezone.localdate()
    found = []
    rows = selectors.my_reports_shown(user, today=today)
    if rows:
        states = Counter(row.current_state for row in rows)
        mine = reverse("reporting:my_reports")
        found += [
            todo.Item(_("Reports to write"), states["to_write"], f"{mine}?show=to_write", group="reports", order=20),
            todo.Item(_("Reports returned to me"), states["returned"], f"{mine}?show=returned", urgent=True,
                      group="reports", order=21),
            todo.Item(_("Overdue reports not sent"), states["overdue"], f"{mine}?show=overdue", urgent=True,
                      group="reports", order=22),
        ]
    if visible_unit_ids(user, Perm.STEER):
        queue = selectors.review_queue_rows(user)
        review = reverse("reporting:review_queue")
        found += [
            todo.Item(_("Reports awaiting my review"), len(queue), review, group="reports", order=23),
            todo.Item(_("of which sent late"), sum(1 for row in queue if row.late_days), f"{review}?late=yes", urgent=True,
                      group="reports", order=24),
        ]
        for calendar in selectors.steered_calendars(user, today=today):
            period = selectors.current_period(calendar, today=today)
            if period is None:
                continue
            missing = selectors.rollup(period, today=today).missing
            label = _("Units that have not sent “{period}”").format(period=period.label)
            found.append(todo.Item(label, missing, reverse("reporting:rollup", args=[period.pk]) + "?show=missing",
                                   urgent=True, group="reports", order=25))
    return found
