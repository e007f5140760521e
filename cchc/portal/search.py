"""Finding a unit or a procedure by name without diacritics: "tran de" finds "Xã Trần Đề".

Each unit with a public page and each procedure of the catalogue has one ``SearchKey`` per word of its
folded name (``cchc.core.text.fold``): the name from that word on. A query is folded the same way and
looked up as a prefix of the keys, which an index answers (on PostgreSQL Django adds a
``varchar_pattern_ops`` index for ``LIKE 'prefix%'``), whatever the number of rows. The keys follow the
rows through ``cchc.portal.signals`` (every save of a unit or a procedure) and ``reindex()``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from cchc.core.text import fold
from cchc.portal.models import SearchKey
from cchc.procedures.models import Procedure
from cchc.units.models import Unit, UnitKind

#: Units with a page of their own on the portal: every kind but the divisions inside a unit.
PUBLIC_UNIT_KINDS = frozenset(UnitKind.values) - {UnitKind.DIVISION}
#: Shortest query looked up (one letter would list half the province), longest kept.
MIN_QUERY, MAX_QUERY = 2, 100
KEY_LENGTH = SearchKey._meta.get_field("key").max_length


def keys_for(*texts: str) -> list[str]:
    """The folded text from each of its words on, for each text, without repeats.

    ``keys_for("Xã Trần Đề")`` → ``["xa tran de", "tran de", "de"]``.
    """
    keys: dict[str, None] = {}
    for text in texts:
        words = fold(text or "").split(" ")
        for start in range(len(words)):
            key = " ".join(words[start:])[:KEY_LENGTH].strip()
            if key:
                keys[key] = None
    return list(keys)


def _rows(kind: str, object_id: int, texts: list[str]) -> list[SearchKey]:
    return [SearchKey(kind=kind, object_id=object_id, key=key) for key in keys_for(*texts)]


def unit_keys(unit: Unit) -> list[SearchKey]:
    if unit.kind not in PUBLIC_UNIT_KINDS:
        return []
    return _rows(SearchKey.Kind.UNIT, unit.pk, [unit.name, unit.short_name])


def procedure_keys(procedure: Procedure) -> list[SearchKey]:
    return _rows(SearchKey.Kind.PROCEDURE, procedure.pk, [procedure.name, procedure.code])


@transaction.atomic
def index(kind: str, obj) -> None:
    """Replace the keys of one unit or procedure (after it was saved)."""
    SearchKey.objects.filter(kind=kind, object_id=obj.pk).delete()
    rows = unit_keys(obj) if kind == SearchKey.Kind.UNIT else procedure_keys(obj)
    SearchKey.objects.bulk_create(rows)


def forget(kind: str, object_id: int) -> None:
    SearchKey.objects.filter(kind=kind, object_id=object_id).delete()


@transaction.atomic
def reindex() -> int:
    """Rebuild every key from the units and procedures as stored; the number of keys."""
    SearchKey.objects.all().delete()
    rows = [row for unit in Unit.objects.filter(kind__in=PUBLIC_UNIT_KINDS) for row in unit_keys(unit)]
    rows += [row for procedure in Procedure.objects.all() for row in procedure_keys(procedure)]
    SearchKey.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@dataclass(frozen=True)
class Results:
    query: str
    units: list[Unit]
    procedures: list[Procedure]

    @property
    def too_short(self) -> bool:
        return len(fold(self.query)) < MIN_QUERY


def _found(kind: str, folded: str, limit: int) -> list[int]:
    return list(
        SearchKey.objects.filter(kind=kind, key__startswith=folded)
        .order_by().values_list("object_id", flat=True).distinct()[:limit]
    )


def search(query: str, *, limit: int = 20) -> Results:
    """Units (open ones first) and procedures whose name has the query's words from a word on, case and
    diacritics aside (the last word may be cut short: "tran d"), in alphabetical order of their folded names."""
    query = (query or "").replace("\x00", "")[:MAX_QUERY]
    folded = fold(query)
    if len(folded) < MIN_QUERY:
        return Results(query, [], [])
    units = sorted(
        Unit.objects.filter(pk__in=_found(SearchKey.Kind.UNIT, folded, limit), kind__in=PUBLIC_UNIT_KINDS),
        key=lambda unit: (unit.valid_to is not None, fold(unit.name), unit.pk),
    )
    procedures = sorted(
        Procedure.objects.filter(pk__in=_found(SearchKey.Kind.PROCEDURE, folded, limit)).select_related("unit"),
        key=lambda procedure: (fold(procedure.name), procedure.code),
    )
    return Results(query, units, procedures)
