"""Reads of the petitions app: the staff list and its filters, the to-do counts, and the public reads.

The public reads (``public_lookup``, ``published_answers``) return only published or status fields:
never the petition as typed, never a contact detail. Staff reads go through ``visible_to``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from cchc.petitions import tracking
from cchc.petitions.choices import CLOSED_STATUSES, OPEN_FOR_ANSWER, Status
from cchc.petitions.models import Petition, PetitionRating
from cchc.petitions.portal_section import is_on_portal
from cchc.petitions.portal_section import published_ids as portal_published_ids
from cchc.units.roles import Perm
from cchc.units.scoping import visible_unit_ids

#: the to-do filters of the list (``?todo=``): what they hold and the permission they need on the unit
TODO_FILTERS = {
    "classify": Perm.EDIT,
    "answer": Perm.EDIT,
    "approve": Perm.APPROVE,
    "publish": Perm.EDIT,
    "overdue": Perm.EDIT,
}


def todo_rows(user, which: str, today: dt.date) -> QuerySet[Petition]:
    """The petitions a to-do item counts for ``user`` (the same rows the list shows for ``?todo=which``)."""
    rows = Petition.objects.filter(unit__in=visible_unit_ids(user, TODO_FILTERS[which]))
    if which == "classify":
        return rows.filter(category="").exclude(status__in=CLOSED_STATUSES)
    if which == "answer":
        return rows.filter(status__in=OPEN_FOR_ANSWER)
    if which == "approve":
        return rows.filter(status=Status.PENDING_APPROVAL)
    if which == "publish":
        return rows.filter(status=Status.APPROVED)
    return rows.open().overdue(today)


@dataclass(frozen=True)
class Filters:
    q: str = ""
    status: str = ""
    category: str = ""
    channel: str = ""
    unit: object = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    todo: str = ""


def petition_list(user, filters: Filters, today: dt.date) -> QuerySet[Petition]:
    """Petitions ``user`` may read, filtered, newest first."""
    rows = Petition.objects.visible_to(user, Perm.VIEW)
    if filters.todo in TODO_FILTERS:
        rows = rows.filter(pk__in=todo_rows(user, filters.todo, today).values("pk"))
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.category:
        rows = rows.filter(category=filters.category if filters.category != "none" else "")
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    if filters.unit is not None:
        rows = rows.filter(unit=filters.unit)
    if filters.received_from:
        rows = rows.filter(received_on__gte=filters.received_from)
    if filters.received_to:
        rows = rows.filter(received_on__lte=filters.received_to)
    if filters.q:
        code = tracking.normalise(filters.q)
        text = Q(content__icontains=filters.q) | Q(external_code=filters.q) | Q(dossier_code=filters.q) | Q(procedure_code=filters.q)
        if filters.q.isdigit():
            text |= Q(pk=int(filters.q)) if int(filters.q) < 2**63 else Q()
        rows = rows.filter(text | Q(tracking_code=code) if code else text)
    return rows.select_related("unit").order_by("-received_at", "-pk")


def petition_events(petition: Petition):
    return petition.events.select_related("actor", "from_unit", "to_unit").order_by("at", "pk")


# --- public reads ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicStatus:
    """What the holder of a tracking code may see: never the text typed, never contact details."""

    tracking_code: str
    unit_name: str
    status: str
    status_label: str
    received_on: dt.date
    reject_reason: str
    public_answer: str
    published_on: dt.date | None
    can_rate: bool
    rating_label: str


#: what the lookup says of an answer its head withdrew from the public pages
WITHDRAWN_LABEL = gettext_lazy("Answer being revised, not public for now")


def public_lookup(code_text: str) -> PublicStatus | None:
    """The petition with this tracking code, or None for a code that is malformed or unknown (the page says the same)."""
    code = tracking.normalise(code_text)
    if code is None:
        return None
    petition = Petition.objects.filter(tracking_code=code).select_related("unit").first()
    if petition is None:
        return None
    rating = PetitionRating.objects.filter(petition=petition).first()
    answered = petition.status == Status.PUBLISHED
    published = answered and is_on_portal(petition)
    status_label = str(petition.get_status_display()) if published or not answered else str(WITHDRAWN_LABEL)
    return PublicStatus(
        tracking_code=tracking.display(petition.tracking_code), unit_name=petition.unit.name, status=petition.status,
        status_label=status_label, received_on=petition.received_on,
        reject_reason=petition.reject_reason if petition.status == Status.REJECTED else "",
        public_answer=petition.public_answer if published else "", published_on=petition.published_on if published else None,
        can_rate=published and rating is None, rating_label=str(rating.get_value_display()) if rating is not None else "",
    )


def petition_by_code(code_text: str) -> Petition | None:
    code = tracking.normalise(code_text)
    return Petition.objects.filter(tracking_code=code).first() if code else None


#: the only columns a public list of answers reads
PUBLIC_FIELDS = ("pk", "unit__name", "category", "received_on", "published_on", "public_summary", "public_answer")


def published_answers(*, unit_id: int | None = None) -> QuerySet:
    """Published answers on the public pages (summary and answer as published, personal data masked),
    newest first; an answer its head withdrew is not among them."""
    rows = Petition.objects.published().filter(pk__in=portal_published_ids())
    if unit_id is not None:
        rows = rows.filter(unit_id=unit_id)
    return rows.order_by("-published_on", "-pk").values(*PUBLIC_FIELDS)
