"""Petition answers on the public portal (``cchc.portal.sections``).

Publishing an answer the head of unit approved (``handling.petition_publish``) is the publication: one
``Publication`` per petition (``object_id`` = the petition), in the same transaction. The head of the
unit withdraws it (``handling.petition_withdraw``), which takes it off every public page at once: the
unit's page on the portal, the open data, the list of answers and the tracking-code lookup under
``/cong-khai/phan-anh/`` (``selectors.published_answers``, ``selectors.public_lookup``), which stay the
one place that lists them all.

What is shown: the unit's summary of the petition and the answer, both with personal data masked when
published (``redaction``), the class, the dates of reception and publication. Never the petition as
typed, the petitioner's name, address, phone or e-mail, an attachment, a note of the handling or a name
of staff.
"""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.petitions.choices import Category, Status
from cchc.petitions.models import Petition
from cchc.portal import cache
from cchc.portal.models import Publication
from cchc.portal.sections import Column, PublicationKind, Section, SectionView, Table, TableSpec
from cchc.portal.selectors import publication_years
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import user_can

KIND = "petition_answer"
#: answers the unit's page lists; the rest are on the petitions' own list of answers
SHOWN = 5


def allowed(actor, unit: Unit, year: int, object_id: int, part: str, published: bool) -> bool:
    """The unit's officers publish an answer its head approved (QĐ 766: within 2 working days); the head withdraws it."""
    return user_can(actor, Perm.EDIT if published else Perm.APPROVE, unit.pk)


def approve(unit: Unit, year: int, object_id: int, part: str) -> None:
    """Only an approved answer published by that unit in that year."""
    petition = Petition.objects.filter(pk=object_id, unit=unit).first()
    if (petition is None or part or petition.status != Status.PUBLISHED or petition.published_on is None
            or petition.published_on.year != year or not petition.public_answer.strip()):
        raise ValidationError({"summary": _("Only an approved and published answer of this unit can be on the public portal.")})


def publication_year(petition: Petition) -> int:
    return petition.published_on.year


def published_ids():
    """Ids of the petitions whose answer is on the portal (a subquery)."""
    return Publication.objects.filter(kind=KIND).values("object_id")


def is_on_portal(petition: Petition) -> bool:
    return Publication.objects.filter(kind=KIND, object_id=petition.pk).exists()


def _answers(year: int) -> list[dict]:
    """The published answers of ``year``, newest first, as plain values (kept in the portal's cache)."""

    def compute() -> list[dict]:
        categories = dict(Category.choices)
        rows = (Petition.objects.published().filter(pk__in=Publication.objects.filter(kind=KIND, year=year).values("object_id"),
                                                     published_on__year=year)
                .order_by("-published_on", "-pk")
                .values("pk", "unit_id", "unit__code", "unit__name", "category", "received_on", "published_on", "public_summary",
                        "public_answer"))
        return [{**row, "category_label": str(categories.get(row["category"], ""))} for row in rows]

    return cache.remember(f"petitions:{year}", compute)


def unit_view(unit: Unit, year: int) -> SectionView | None:
    answers = [row for row in _answers(year) if row["unit_id"] == unit.pk]
    if not answers:
        return None
    return SectionView("petitions/portal/section.html", {
        "answers": answers[:SHOWN], "count": len(answers),
        "all_url": reverse("petitions_public:answers") + f"?don-vi={unit.pk}",
        "submit_url": reverse("petitions_public:submit") + f"?don-vi={unit.pk}",
    })


def answers_table(year: int) -> Table:
    columns = (
        Column("ma_don_vi", _("Unit code")), Column("don_vi", _("Unit")), Column("phan_loai", _("Class")),
        Column("ngay_tiep_nhan", _("Received on")), Column("ngay_cong_khai", _("Published on")),
        Column("tom_tat", _("Summary of the petition")), Column("tra_loi", _("Answer")),
    )
    rows = tuple(
        (row["unit__code"], row["unit__name"], row["category_label"], row["received_on"].isoformat(), row["published_on"].isoformat(),
         row["public_summary"], row["public_answer"])
        for row in _answers(year)
    )
    return Table(columns, rows)


SECTION = Section(
    key="petitions", title=gettext_lazy("Answers to petitions"), order=45, unit_view=unit_view,
    tables=(TableSpec("tra-loi-phan-anh", gettext_lazy("Published answers to petitions"), answers_table,
                      gettext_lazy("One row per published answer: unit, class, dates, summary of the petition and answer, "
                                   "personal data masked.")),),
    years=partial(publication_years, KIND),
)
PUBLICATION_KIND = PublicationKind(KIND, gettext_lazy("Answer to a petition"), approve, allowed)
