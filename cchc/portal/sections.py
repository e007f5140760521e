"""The sections of the public portal: each app that has something to publish registers one.

A ``Section`` tells the portal, for a year:

* ``unit_view(unit, year)``: what the unit's public page shows (a template and its context), or None;
* ``province_ranking(year)``: how the province page ranks the units on it (``Ranking``, or several, one
  per group of comparable units, each with its own ``key``), or None;
* ``tables``: the open-data tables it offers (``TableSpec``: a stable name, and rows for a year), each
  served as CSV and JSON at ``/cong-khai/du-lieu/<year>/<name>.csv|json`` and through the public API;
* ``years(unit)``: the years it has something public for (the unit's, or any unit's when None);
* ``version()``: optionally, a query expression whose value changes whenever what it shows changes
  without a publication being made or withdrawn (progress of a published plan, a refresh of the
  indicator aggregates). Everything else is keyed on ``cchc.portal.cache``'s counter, which
  ``cchc.portal.cache.bump()`` raises.

The portal imports no app that registers: the sections of ``cchc.plans``, ``cchc.indicators`` and
``cchc.reporting`` live in this app (``plan_section``, ``scorecard_section``, ``report_section``) because
those apps sit below it; the apps built on top of the portal register their own in ``AppConfig.ready()``::

    from cchc.portal import sections

    sections.register(sections.Section(
        key="parindex", title="Chỉ số cải cách hành chính", order=30,
        unit_view=parindex_unit_view,            # (unit, year) -> SectionView | None
        province_ranking=parindex_ranking,       # (year) -> Ranking | None
        tables=(sections.TableSpec("chi-so-cchc", "Chỉ số CCHC", parindex_rows),),
        years=parindex_years,                    # (unit | None) -> iterable of years
        version=None,                            # or an expression that changes with the published index
    ))

How each such app publishes is its own rule, but the decision is always one ``Publication`` row
(``cchc.portal.services.publication_set``), so that withdrawing it takes the content off every page of
the portal in the same request. By default the decision is a head of unit's (the approval permission
on the unit); a kind whose law names someone else says so with ``PublicationKind.allowed``:

* **PAR INDEX** (``cchc.parindex``): the steering office publishes the final (appraised) index of each
  unit of a level for a year with the announcement decision (Quyết định công bố), one publication per
  unit — ``publication_set(kind="parindex", unit=…, year=…, object_id=assessment.pk, …)``, allowed to
  whoever steers the campaign's unit; the section shows the published index, its area sub-indices and
  the rank among the units that published, and ranks the units of each level on the province page.
  Self-assessment scores, appraisal notes and evidence stay internal.
* **Surveys** (``cchc.surveys``): the head of a surveyed unit (or of the unit running the survey, which
  reaches it) publishes a finished survey's results for that unit (``kind="survey"``,
  ``object_id=campaign.pk``): the satisfaction index and the per-question shares, never a single
  answer, a respondent or a comment.
* **Petitions** (``cchc.petitions``): publishing an answer the head approved publishes it on the portal
  (``kind="petition_answer"``, ``object_id=petition.pk``): the question as the agency summarised it and
  the published answer, never the petitioner's name, address, phone, e-mail or attachments; the head
  withdraws it.

Each app calls ``sections.register_kind(PublicationKind(key, label, approve))`` for the kinds it adds:
``approve(unit, year, object_id, part)`` raises a ``ValidationError`` when the row may not be
published (a draft, a result not final yet). Its section reads what is published with
``cchc.portal.selectors.published_ids(kind=…, year=…)``. A section's module and its templates (under
``templates/<app>/portal/``) are part of the portal's release (``cchc.portal.cache.release``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

__all__ = [
    "Column", "PublicationKind", "Ranking", "RankingRow", "Section", "SectionView", "Table", "TableSpec",
    "all_sections", "get", "kind", "rankings", "register", "register_kind", "table_spec", "tables",
]


@dataclass(frozen=True)
class SectionView:
    """What a section shows on a unit's page: ``template`` rendered with ``context``."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RankingRow:
    rank: int
    unit_id: int
    unit_name: str
    #: the figures shown after the unit's name, as text, in the order of ``Ranking.columns``
    cells: tuple[str, ...]
    #: 0–100: drawn as a bar next to the figures (with the figure as its text), None for none
    percent: float | None = None
    #: a page the row leads to besides the unit's (a plan)
    link: str = ""
    link_text: str = ""


@dataclass(frozen=True)
class Ranking:
    """How the province page ranks units on one section, best first."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[RankingRow, ...]
    #: what the bar shows, for its text alternative ("Tỷ lệ hoàn thành")
    bar_label: str = ""
    note: str = ""
    #: the anchor of the ranking on the province page when a section gives several (else the section's key)
    key: str = ""


@dataclass(frozen=True)
class Column:
    """One column of an open-data table: a stable machine name and its Vietnamese title."""

    key: str
    title: str


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]


@dataclass(frozen=True)
class TableSpec:
    """An open-data table: ``name`` is its stable address (``[a-z0-9-]``), ``rows(year)`` its content."""

    name: str
    title: str
    rows: Callable[[int], Table]
    description: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    order: int
    unit_view: Callable[[Any, int], SectionView | None]
    province_ranking: Callable[[int], Ranking | Sequence[Ranking] | None] | None = None
    tables: tuple[TableSpec, ...] = ()
    years: Callable[[Any], Iterable[int]] | None = None
    version: Callable[[], Any] | None = None


@dataclass(frozen=True)
class PublicationKind:
    """Something that may be published. ``approve(unit, year, object_id, part)`` raises a
    ``ValidationError`` (in Vietnamese, keyed by field) when that row may not be published.

    ``allowed(actor, unit, year, object_id, part, published)`` says whether ``actor`` may publish
    (``published``) or withdraw it; None: whoever holds the approval permission on ``unit`` (its head).
    """

    key: str
    label: str
    approve: Callable[[Any, int, int, str], None]
    allowed: Callable[[Any, Any, int, int, str, bool], bool] | None = None


_SECTIONS: dict[str, Section] = {}
_KINDS: dict[str, PublicationKind] = {}


def register(section: Section) -> None:
    """Add (or replace, on app reload) a section. Table names are unique across sections."""
    names = {spec.name for other in _SECTIONS.values() if other.key != section.key for spec in other.tables}
    clash = names & {spec.name for spec in section.tables}
    if clash:
        raise ValueError(f"open-data table names already taken: {sorted(clash)}")
    _SECTIONS[section.key] = section


def register_kind(kind: PublicationKind) -> None:
    _KINDS[kind.key] = kind


def kind(key: str) -> PublicationKind | None:
    return _KINDS.get(key)


def all_sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))


def get(key: str) -> Section | None:
    return _SECTIONS.get(key)


def tables() -> list[tuple[Section, TableSpec]]:
    return [(section, spec) for section in all_sections() for spec in section.tables]


def table_spec(name: str) -> TableSpec | None:
    return next((spec for _section, spec in tables() if spec.name == name), None)


def rankings(section: Section, year: int) -> list[Ranking]:
    """The section's rankings of the units for ``year`` (none, one, or one per group), each with its key."""
    if section.province_ranking is None:
        return []
    found = section.province_ranking(year)
    if found is None:
        return []
    found = [found] if isinstance(found, Ranking) else [ranking for ranking in found if ranking is not None]
    return [ranking if ranking.key else replace(ranking, key=section.key) for ranking in found]


def version_expressions() -> list:
    return [section.version() for section in all_sections() if section.version is not None]


def years(unit=None) -> list[int]:
    """Every year some section has something public for (for ``unit``, or for any unit), newest first."""
    found: set[int] = set()
    for section in all_sections():
        if section.years is not None:
            found.update(section.years(unit))
    return sorted(found, reverse=True)
