"""The sections of the public portal: each app that has something to publish registers one.

A ``Section`` tells the portal, for a year:

* ``unit_view(unit, year)``: what the unit's public page shows (a template and its context), or None;
* ``province_ranking(year)``: how the province page ranks the units on it (``Ranking``), or None;
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

How each such app publishes is its own rule, but the decision is always a head of unit's and always a
``Publication`` row (``cchc.portal.services.publication_set``), so that withdrawing it takes the content
off the portal in the same request:

* **PAR INDEX** (``cchc.parindex``): publish the final (appraised) index of a unit for a year —
  ``publication_set(kind="parindex", unit=…, year=…, object_id=assessment.pk, …)``; the section shows
  the published index, its area sub-indices and the rank among the units that published, and ranks the
  units on the province page. Self-assessment scores, appraisal notes and evidence stay internal.
* **Surveys** (``cchc.surveys``): publish a survey's results (``kind="survey"``, ``object_id=survey.pk``):
  the satisfaction index and the per-question shares, never a single answer or a respondent.
* **Petitions** (``cchc.petitions``): publish one answer (``kind="petition_answer"``,
  ``object_id=petition.pk``): the question as the agency summarised it and the published answer, never
  the petitioner's name, address, phone or e-mail.

Each app calls ``sections.register_kind(PublicationKind(key, label, approve))`` for the kinds it adds:
``approve(unit, year, object_id, part)`` raises a ``ValidationError`` when the row may not be
published (a draft, a result not final yet). Its section reads what is published with
``cchc.portal.selectors.published_ids(kind=…, year=…)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Column", "PublicationKind", "Ranking", "RankingRow", "Section", "SectionView", "Table", "TableSpec",
    "all_sections", "get", "kind", "register", "register_kind", "table_spec", "tables",
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
    province_ranking: Callable[[int], Ranking | None] | None = None
    tables: tuple[TableSpec, ...] = ()
    years: Callable[[Any], Iterable[int]] | None = None
    version: Callable[[], Any] | None = None


@dataclass(frozen=True)
class PublicationKind:
    """Something a head of unit may publish. ``approve(unit, year, object_id, part)`` raises a
    ``ValidationError`` (in Vietnamese, keyed by field) when that row may not be published."""

    key: str
    label: str
    approve: Callable[[Any, int, int, str], None]


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


def version_expressions() -> list:
    return [section.version() for section in all_sections() if section.version is not None]


def years(unit=None) -> list[int]:
    """Every year some section has something public for (for ``unit``, or for any unit), newest first."""
    found: set[int] = set()
    for section in all_sections():
        if section.years is not None:
            found.update(section.years(unit))
    return sorted(found, reverse=True)
