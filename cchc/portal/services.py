"""Writes of the portal: publishing and withdrawing (công khai / thôi công khai).

Publishing is a head of unit's decision (``Perm.APPROVE`` on the unit); each change raises the portal's
version in the same transaction (``cache.bump``), so the next request, from anyone, sees it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from cchc.portal import cache, sections
from cchc.portal.models import Publication
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import user_can


@transaction.atomic
def publication_set(
    *, kind: str, unit: Unit, year: int, published: bool, actor, object_id: int = 0, part: str = ""
) -> Publication | None:
    """Publish (``published=True``) or withdraw what ``kind``, ``unit``, ``year``, ``object_id`` and ``part``
    name; the publication, or None once withdrawn. Doing it twice changes nothing the second time.

    ``actor`` must hold the approval permission on ``unit``, or pass the kind's own ``allowed`` rule when it
    has one. The kind's ``approve`` rule refuses what may not be published with a ``ValidationError``.
    """
    spec = sections.kind(kind)
    if spec is None:
        raise ValueError(f"unknown publication kind {kind!r}")
    if not may_decide(spec, actor, unit=unit, year=year, object_id=object_id, part=part, published=published):
        raise PermissionDenied
    found = Publication.objects.select_for_update().filter(kind=kind, unit=unit, year=year, object_id=object_id, part=part)
    if not published:
        withdrawn = False
        for publication in found:
            publication._history_user = actor
            publication.delete()
            withdrawn = True
        if withdrawn:
            cache.bump()
        return None
    existing = found.first()
    if existing is not None:
        return existing
    spec.approve(unit, year, object_id, part)
    publication = Publication(kind=kind, unit=unit, year=year, object_id=object_id, part=part,
                              published_at=timezone.now(), published_by=actor)
    publication.full_clean()
    publication._history_user = actor
    try:
        with transaction.atomic():
            publication.save()
    except IntegrityError:  # the same decision made at the same moment by someone else
        return found.first()
    cache.bump()
    return publication


def may_decide(spec: sections.PublicationKind, actor, *, unit: Unit, year: int, object_id: int = 0, part: str = "",
               published: bool = True) -> bool:
    """Whether ``actor`` may publish (or withdraw) what the arguments name: the kind's rule, else its head's."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if spec.allowed is not None:
        return bool(spec.allowed(actor, unit, year, object_id, part, published))
    return user_can(actor, Perm.APPROVE, unit.pk)


def plan_publish(*, plan, actor, published: bool = True) -> Publication | None:
    """Publish an issued plan (its header, its tasks by area with their status and progress), or withdraw it."""
    from cchc.portal.plan_section import KIND

    return publication_set(kind=KIND, unit=plan.unit, year=plan.year, object_id=plan.pk, published=published, actor=actor)


def scorecard_publish(*, unit: Unit, year: int, actor, published: bool = True) -> Publication | None:
    """Publish a unit's QĐ 766 scorecard for a year, with its monthly trend, or withdraw it."""
    from cchc.portal.scorecard_section import KIND

    return publication_set(kind=KIND, unit=unit, year=year, published=published, actor=actor)


@transaction.atomic
def report_sections_publish(*, report, codes, actor) -> list[Publication]:
    """Publish exactly the sections ``codes`` of an accepted report (the others are withdrawn)."""
    from cchc.portal.report_section import KIND
    from cchc.reporting.outline import SECTION_CODES

    wanted = set(codes)
    unknown = wanted - set(SECTION_CODES)
    if unknown:
        raise ValueError(f"unknown report sections {sorted(unknown)}")
    year = report.period.calendar.year
    published = []
    for code in SECTION_CODES:
        found = publication_set(kind=KIND, unit=report.unit, year=year, object_id=report.pk, part=code,
                                published=code in wanted, actor=actor)
        if found is not None:
            published.append(found)
    return published
