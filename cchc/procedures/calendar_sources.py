"""What a calendar change does to dossiers (registered with ``cchc.calendar.changes`` in ``apps.py``).

Nothing moves: a dossier's due date is computed on reception with the calendar version in force that
day and stored with the rule that produced it (``Dossier.due_rule``). The preview says how many open
dossiers keep their stored due date although the change falls within their time limit, and from
when new dossiers are counted with the change.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from cchc.calendar.changes import DeadlineSource


def kept_dossier_notes(changed_days, effective_from):
    from cchc.procedures.models import Dossier

    kept = Dossier.objects.filter(
        finished_at__isnull=True, received_at__date__lte=max(changed_days), due_date__gte=min(changed_days)
    ).count()
    yield _(
        "{count} open dossier(s) whose time limit spans the change keep the due date stored on reception, "
        "with the rule that produced it; dossiers received from {date} on are counted with the new calendar."
    ).format(count=kept, date=f"{effective_from:%d/%m/%Y}" if effective_from else "")


def moved_nothing(before, after, changed_days):
    return ()


SOURCE = DeadlineSource(name="procedures", moved=moved_nothing, notes=kept_dossier_notes)
