"""Plan-task deadlines a calendar change moves (registered with ``cchc.calendar.changes`` in ``apps.py``).

A task period's due date is stored as the plan writes it; its effective due date (moved to a working
day) is computed on read from the one calendar, so a saved change moves it with nothing to re-store.
Only open periods of issued plans are listed: a completed task's lateness is not re-judged.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from cchc.calendar.changes import DeadlineSource, MovedDeadline
from cchc.plans import deadlines

#: A rest-day run (Tết is the longest, 9 days) never exceeds this many days.
_REACH = dt.timedelta(days=60)


def moved_task_deadlines(before, after, changed_days):
    from cchc.plans.choices import CLOSED_STATUSES, PlanStatus
    from cchc.plans.models import TaskPeriod

    periods = (
        TaskPeriod.objects.filter(
            task__plan__status__in=[PlanStatus.ISSUED, PlanStatus.AMENDED],
            due_date__gte=min(changed_days) - _REACH,
            due_date__lte=max(changed_days) + _REACH,
        )
        .exclude(status__in=CLOSED_STATUSES)
        .select_related("task")
        .order_by("due_date", "pk")
    )
    for period in periods:
        old, new = deadlines.effective_due(period.due_date, before), deadlines.effective_due(period.due_date, after)
        if old != new:
            yield MovedDeadline(kind=_("Plan task"), label=str(period), old=old, new=new, key=("task_period", period.pk))


SOURCE = DeadlineSource(name="plans", moved=moved_task_deadlines)
