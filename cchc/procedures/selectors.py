"""Reads of the procedures app: the catalogue and dossiers a user may see, late dossiers of a window,
the change history of a dossier."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cchc.core.text import fold
from cchc.procedures.choices import Outcome
from cchc.procedures.models import Dossier, DossierLine, Procedure
from cchc.units.division import DataScope
from cchc.units.models import Unit
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


def dossiers_in_scope(dossiers: QuerySet[Dossier], scope: DataScope) -> QuerySet[Dossier]:
    """The dossiers of ``dossiers`` that belong to the scope's unit: those of whole units, and of a
    unit split into it those the split gave it (their ``DossierLine``)."""
    whole = [pk for pk in scope.ids if scope.whole(pk)]
    condition = Q(unit_id__in=whole)
    divided = [pk for pk in scope.ids if not scope.whole(pk)]
    if divided:
        lines = DossierLine.objects.filter(dossier__unit_id__in=divided).values_list("dossier__unit_id", "line").distinct()
        for unit_id, line in lines:
            if scope.allows(unit_id, line):
                condition |= Q(unit_id=unit_id, split_line__line=line)
    return dossiers.filter(condition)


def dossiers_for(
    user,
    *,
    unit_ids: set[int] | None = None,
    scope: DataScope | None = None,
    procedure=None,
    code: str = "",
    channel: str = "",
    outcome: str = "",
    late: bool = False,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Dossier]:
    """Dossiers the user may see, filtered; with ``late``, those late in ``[date_from, date_to]``.

    ``scope`` (``cchc.units.selectors.data_scope``) keeps the dossiers that belong to a unit's data.
    """
    dossiers = Dossier.objects.visible_to(user, Perm.VIEW).select_related("procedure", "unit")
    if unit_ids is not None:
        dossiers = dossiers.filter(unit_id__in=unit_ids)
    if scope is not None:
        dossiers = dossiers_in_scope(dossiers, scope)
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


@dataclass(frozen=True)
class DossierChangeEntry:
    """One recorded change of a dossier as the detail page shows it: ``facts`` are (label, before, after)."""

    changed_at: dt.datetime
    changed_by: str
    batch: str
    facts: list[tuple[str, str, str]]


def dossier_changes(dossier: Dossier) -> list[DossierChangeEntry]:
    """The changes imports and pushes made to ``dossier``, newest first, with readable values."""
    changes = list(dossier.changes.select_related("changed_by", "batch").order_by("-changed_at", "-pk"))
    units: set[int] = set()
    procedures: set[int] = set()
    for change in changes:
        units.update(v for v in change.changes.get("unit_id", ()) if v is not None)
        procedures.update(v for v in change.changes.get("procedure_id", ()) if v is not None)
    names = {
        "unit_id": dict(Unit.objects.filter(pk__in=units).values_list("pk", "name")),
        "procedure_id": dict(Procedure.objects.filter(pk__in=procedures).values_list("pk", "code")),
    }
    return [
        DossierChangeEntry(
            changed_at=change.changed_at,
            changed_by=change.changed_by.get_full_name() or change.changed_by.get_username() if change.changed_by else "",
            batch=str(change.batch),
            facts=[(_label(name), _shown(name, before, names), _shown(name, after, names))
                   for name, (before, after) in change.changes.items()],
        )
        for change in changes
    ]


def _label(name: str) -> str:
    return capfirst(str(Dossier._meta.get_field(name.removesuffix("_id")).verbose_name))


def _shown(name: str, value, names: dict) -> str:
    """A stored fact as the page shows it (dates dd/mm/yyyy, times local, choices and units by name)."""
    if value is None or value == "":
        return "—"
    if name in names:
        return str(names[name].get(value, value))
    field = Dossier._meta.get_field(name.removesuffix("_id"))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    kind = field.get_internal_type()
    if kind == "BooleanField":
        return str(_("yes") if value else _("no"))
    if kind == "DateTimeField":
        return f"{timezone.localtime(parse_datetime(value)):%d/%m/%Y %H:%M}"
    if kind == "DateField":
        return f"{parse_date(value):%d/%m/%Y}"
    return str(value)
