"""Reads of the procedures app: the catalogue and dossiers a user may see, late dossiers of a window."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from cchc.core.text import fold
from cchc.procedures.choices import Outcome
from cchc.procedures.models import Dossier, Procedure
from cchc.units.roles import Perm


def procedures_for(user, *, query: str = "", sector: str = "") -> list[Procedure]:
    """Catalogue entries the user may see, matching ``query`` (code or name, accent-insensitive)."""
    procedures = Procedure.objects.visible_to(user, Perm.VIEW).select_related("unit").order_by("sector", "code")
    if sector:
        procedures = procedures.filter(sector=sector)
    if not query:
        return list(procedures)
    needle = fold(query)
    return [p for p in procedures if needle in fold(p.code) or needle in fold(p.name)]


def late_in_window(date_from: dt.date, date_to: dt.date) -> Q:
    """Dossiers resolved late in the window, or still open and overdue at its end."""
    resolved_late = Q(outcome=Outcome.LATE, finished_on__gte=date_from, finished_on__lte=date_to)
    open_at_end = Q(received_on__lte=date_to) & (Q(finished_on__isnull=True) | Q(finished_on__gt=date_to))
    return resolved_late | (open_at_end & Q(overdue_from__lte=date_to))


def dossiers_for(
    user,
    *,
    unit_ids: set[int] | None = None,
    procedure=None,
    code: str = "",
    channel: str = "",
    outcome: str = "",
    late: bool = False,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Dossier]:
    """Dossiers the user may see, filtered; with ``late``, those late in ``[date_from, date_to]``."""
    dossiers = Dossier.objects.visible_to(user, Perm.VIEW).select_related("procedure", "unit")
    if unit_ids is not None:
        dossiers = dossiers.filter(unit_id__in=unit_ids)
    if procedure is not None:
        dossiers = dossiers.filter(procedure=procedure)
    if code:
        dossiers = dossiers.filter(code__icontains=code.strip())
    if channel:
        dossiers = dossiers.filter(channel=channel)
    if outcome:
        dossiers = dossiers.filter(outcome=outcome)
    if late:
        dossiers = dossiers.filter(late_in_window(date_from or dt.date.min, date_to or dt.date.max))
    elif date_from or date_to:
        dossiers = dossiers.filter(received_on__gte=date_from or dt.date.min, received_on__lte=date_to or dt.date.max)
    return dossiers.order_by("-received_at", "code")
