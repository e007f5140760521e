"""Reads for the public pages: the province, its units, what is published. Nothing here takes a user:
whatever a public page shows, everybody may read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from cchc.core.forms import is_row_id
from cchc.core.public_site import site_name
from cchc.portal import sections
from cchc.portal.models import Publication
from cchc.portal.search import PUBLIC_UNIT_KINDS
from cchc.units.models import Unit, UnitKind
from cchc.units.selectors import unit_history_lines

#: The groups of the province page, in order: (title, kinds).
GROUPS = (
    ("Sở, ban, ngành", {UnitKind.DEPARTMENT, UnitKind.INSPECTORATE, UnitKind.STEERING_OFFICE, UnitKind.PUBLIC_SERVICE_UNIT}),
    ("Xã, phường, đặc khu", {UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE}),
    ("Quận, huyện", {UnitKind.DISTRICT}),
)
TOP_KINDS = (UnitKind.PROVINCE, UnitKind.CENTRAL_CITY)


def province(on: dt.date | None = None) -> Unit | None:
    """The province or centrally-run city at the top of the tree on ``on`` (today): the portal's owner."""
    on = on or timezone.localdate()
    return Unit.objects.filter(parent__isnull=True, kind__in=TOP_KINDS).valid_on(on).order_by("pk").first()


def public_units() -> QuerySet[Unit]:
    """Units with a page of their own (every kind but the divisions inside a unit)."""
    return Unit.objects.filter(kind__in=PUBLIC_UNIT_KINDS)


def public_unit_ids() -> frozenset[int]:
    """Ids of every unit with a page (kept in the cache with the portal's state: a unit saved raises it)."""
    return frozenset(public_units().values_list("pk", flat=True))


def public_unit(pk) -> Unit | None:
    if not is_row_id(pk):
        return None
    return public_units().select_related("parent").filter(pk=int(pk)).first()


@dataclass(frozen=True)
class UnitGroup:
    title: str
    units: list[Unit]


def province_groups(top: Unit, on: dt.date | None = None) -> list[UnitGroup]:
    """The open units directly under the province, by group (departments, communes and wards, districts)."""
    on = on or timezone.localdate()
    children = list(public_units().filter(parent=top).valid_on(on).order_by("name", "pk"))
    groups = [UnitGroup(title, [u for u in children if u.kind in kinds]) for title, kinds in GROUPS]
    return [group for group in groups if group.units]


def unit_facts(unit: Unit) -> dict:
    """What the unit page says about the unit itself: its superior and what reorganisations did to it."""
    return {"parent": unit.parent if unit.parent_id and unit.parent.kind in PUBLIC_UNIT_KINDS else None,
            "history": unit_history_lines(unit=unit)}


def published_ids(*, kind: str, year: int | None = None, unit: Unit | None = None) -> QuerySet:
    """``object_id``s of what is published of ``kind`` (in ``year``, of ``unit``), as a subquery."""
    rows = Publication.objects.filter(kind=kind)
    if year is not None:
        rows = rows.filter(year=year)
    if unit is not None:
        rows = rows.filter(unit=unit)
    return rows.values("object_id")


def publication_years(kind: str, unit: Unit | None = None) -> set[int]:
    """The years something of ``kind`` is published for (of ``unit``, or of any unit): a section's ``years``."""
    rows = Publication.objects.filter(kind=kind)
    if unit is not None:
        rows = rows.filter(unit=unit)
    return set(rows.values_list("year", flat=True))


def published_units(*, kind: str, year: int) -> QuerySet[Unit]:
    """Units that published ``kind`` (a result of the unit and year) for ``year``."""
    return Unit.objects.filter(pk__in=Publication.objects.filter(kind=kind, year=year).values("unit_id"))


def is_published(*, kind: str, unit: Unit, year: int, object_id: int = 0, part: str = "") -> bool:
    return Publication.objects.filter(kind=kind, unit=unit, year=year, object_id=object_id, part=part).exists()


def asked_year(value) -> int | None:
    """``value`` (from ``?nam=``) as a year when it is a plausible one, else None."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 2000 <= year <= 2100 else None


def default_year(available: list[int]) -> int:
    """The newest year with something published, else this year."""
    return available[0] if available else timezone.localdate().year


def page_header() -> dict:
    """What every portal page shows whatever the caller: the site's name."""
    return {"public_site_name": site_name()}


def years(unit: Unit | None = None) -> list[int]:
    return sections.years(unit)
