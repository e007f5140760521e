"""Report deadlines a calendar change moves (registered with ``cchc.calendar.changes`` in ``apps.py``).

A period's deadline is stored (``ReportingPeriod.deadline``, after its rest-day policy) together with
the deadline as written (``nominal_deadline``) and the policy: the calendar change re-stores it. A
change that would move the deadline of a report already submitted (sent at least once) is refused,
so the deadline a report was judged against never changes after it was sent.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from cchc.calendar.changes import DeadlineSource, MovedDeadline
from cchc.calendar.periods import adjust_deadline

_REACH = dt.timedelta(days=60)


def moved_report_deadlines(before, after, changed_days):
    from cchc.reporting.choices import RECEIVED_STATUSES
    from cchc.reporting.models import Report, ReportingPeriod

    periods = (
        ReportingPeriod.objects.filter(
            nominal_deadline__gte=min(changed_days) - _REACH, nominal_deadline__lte=max(changed_days) + _REACH
        )
        .select_related("calendar__unit")
        .order_by("deadline", "pk")
    )
    for period in periods:
        policy = period.calendar.deadline_policy
        old = adjust_deadline(period.nominal_deadline, policy, before)
        new = adjust_deadline(period.nominal_deadline, policy, after)
        if old == new:
            continue
        label = f"{period.label} ({period.calendar.unit.name})"
        sent = (
            Report.objects.filter(period=period)
            .filter(Q(status__in=RECEIVED_STATUSES) | Q(first_submitted_at__isnull=False))
            .select_related("unit")
            .order_by("unit__name")
        )
        for report in sent:
            yield MovedDeadline(
                kind=_("Submitted report"), label=f"{period.label} – {report.unit.name}", old=old, new=new,
                locked=True, key=("report", report.pk),
            )
        yield MovedDeadline(kind=_("Report deadline"), label=label, old=old, new=new, key=("period", period.pk))


def reporting_period_deadlines_restore(moved, after) -> None:
    """Re-store the deadlines of the periods the saved change moved (their reports are not yet sent)."""
    from cchc.reporting.models import ReportingPeriod

    ids = [m.key[1] for m in moved if m.key[:1] == ("period",)]
    for period in ReportingPeriod.objects.filter(pk__in=ids).select_related("calendar"):
        period.deadline = adjust_deadline(period.nominal_deadline, period.calendar.deadline_policy, after)
        period.save(update_fields=["deadline"])


SOURCE = DeadlineSource(name="reporting", moved=moved_report_deadlines, apply=reporting_period_deadlines_restore)
