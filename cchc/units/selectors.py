"""Reads over units: the tree on a date, reorganisation history, whose data belongs to whom."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.text import fold
from cchc.units.division import DataScope, SplitMapping, record_line
from cchc.units.models import ChangeKind, Membership, SplitAssignment, SplitRecordKind, Unit, UnitChange
from cchc.units.roles import Perm
from cchc.units.scoping import UnitGraph, visible_unit_ids


@dataclass
class TreeNode:
    unit: Unit
    children: list[TreeNode] = field(default_factory=list)
    successors: list[Unit] = field(default_factory=list)
    matches: bool = True


def unit_tree(*, user, on: dt.date | None = None, include_closed: bool = False, query: str = "") -> list[TreeNode]:
    """The units ``user`` may see, as a forest, as of ``on`` (closed units too when asked).

    With ``query``, only branches containing a unit whose name or code contains it are kept.
    """
    on = on or timezone.localdate()
    units = Unit.objects.visible_to(user, Perm.VIEW)
    units = units.filter(valid_from__lte=on) if include_closed else units.valid_on(on)
    units = list(units.order_by("kind", "name"))
    by_id = {u.pk: TreeNode(unit=u) for u in units}
    if include_closed:
        successors = successor_map([u.pk for u in units if u.valid_to])
        for node in by_id.values():
            node.successors = successors.get(node.unit.pk, [])
    roots: list[TreeNode] = []
    for node in by_id.values():
        parent = by_id.get(node.unit.parent_id)
        (parent.children if parent else roots).append(node)
    if query:
        needle = fold(query)
        roots = [n for n in roots if _prune(n, needle)]
    _sort(roots)
    return roots


def _matches(unit: Unit, needle: str) -> bool:
    """Accent- and case-insensitive match of a folded ``needle`` on name, short name or code."""
    return any(needle in fold(value) for value in (unit.name, unit.short_name, unit.code))


def _prune(node: TreeNode, needle: str) -> bool:
    node.children = [c for c in node.children if _prune(c, needle)]
    node.matches = _matches(node.unit, needle)
    return node.matches or bool(node.children)


def _sort(nodes: list[TreeNode]) -> None:
    order = {"central_city": 0, "province": 0, "steering_office": 1, "department": 2, "inspectorate": 2, "district": 3}
    nodes.sort(key=lambda n: (n.unit.valid_to is not None, order.get(n.unit.kind, 5), fold(n.unit.name)))
    for node in nodes:
        _sort(node.children)


def successor_map(unit_ids: list[int]) -> dict[int, list[Unit]]:
    """For each closed unit, the units that took over from it."""
    result: dict[int, list[Unit]] = {}
    changes = UnitChange.objects.filter(predecessors__in=unit_ids).prefetch_related("predecessors", "successors").distinct()
    for change in changes:
        for predecessor in change.predecessors.all():
            if predecessor.pk in unit_ids:
                result.setdefault(predecessor.pk, []).extend(s for s in change.successors.all() if s.pk != predecessor.pk)
    return result


def unit_predecessors(*, unit: Unit) -> list[Unit]:
    """Every unit whose data this unit carries on, transitively (oldest first)."""
    ids = _links(unit.pk, "predecessors")
    return list(Unit.objects.filter(pk__in=ids).order_by("valid_from", "name"))


def unit_successors(*, unit: Unit) -> list[Unit]:
    """Every unit that carries on this unit's data, transitively."""
    return list(Unit.objects.filter(pk__in=_links(unit.pk, "successors")).order_by("valid_from", "name"))


def _links(unit_id: int, direction: str) -> set[int]:
    graph = UnitGraph.load()
    return graph.transitive(unit_id, getattr(graph, direction))


def data_scopes(
    *, units: Iterable[Unit], date_from: dt.date, date_to: dt.date, carried_over: bool = False, subtree: bool = True
) -> dict[int, DataScope]:
    """The one rule for "the data of unit X for a window", for many units at once (one graph load).

    A unit that did not exist during ``[date_from, date_to]`` has no data for it. Otherwise its data
    is its own, that of its subtree (``subtree=False`` leaves the subtree out, e.g. for the plans a
    unit answers for itself) and, transitively, that of the units merged, renamed, moved or split
    into any of those: a commune formed on 01/7/2025 answers for its old communes' dossiers of the
    first half of 2025 in a 2025 annual figure. A unit reached through a split counts only the old
    unit's records the split gave to it (``cchc.units.division``), never all of them.

    Those units count when they existed during the window. With ``carried_over=True`` they count
    when they started before the window ended, even if they closed before it began: a commune
    merged on 01/7/2025 hands its still-open dossiers to its successor, which carries them over and
    resolves them in the third quarter (dossier stocks need this; plans and tasks do not).
    """
    graph = UnitGraph.load()
    validity = {pk: (start, end) for pk, start, end in Unit.objects.values_list("pk", "valid_from", "valid_to")}

    def counts(pk: int) -> bool:
        start, end = validity[pk]
        if start > date_to:
            return False
        return carried_over or end is None or end >= date_from

    result = {}
    for unit in units:
        start, end = validity[unit.pk]
        paths: dict[int, set[frozenset]] = {}
        if start <= date_to and (end is None or end >= date_from):
            stack: list[tuple[int, frozenset]] = [(unit.pk, frozenset())]
            seen: set[tuple[int, frozenset]] = set()
            while stack:
                current, demand = stack.pop()
                if (current, demand) in seen:
                    continue
                seen.add((current, demand))
                if current == unit.pk or counts(current):
                    paths.setdefault(current, set()).add(demand)
                if subtree:
                    stack.extend((child, demand) for child in graph.children.get(current, ()))
                for predecessor in graph.predecessors.get(current, ()):
                    split = graph.split_edges.get((current, predecessor))
                    stack.append((predecessor, demand | {(split, current)} if split else demand))
        result[unit.pk] = DataScope(unit_id=unit.pk, paths={pk: frozenset(d) for pk, d in paths.items()})
    return result


def data_scope(
    *, unit: Unit, date_from: dt.date, date_to: dt.date, carried_over: bool = False, subtree: bool = True
) -> DataScope:
    """``data_scopes`` for one unit."""
    return data_scopes(
        units=[unit], date_from=date_from, date_to=date_to, carried_over=carried_over, subtree=subtree
    )[unit.pk]


def split_mappings() -> dict[int, SplitMapping]:
    """The confirmed mapping of every split, by change id."""
    mappings = {
        pk: SplitMapping(change_id=pk, default=default)
        for pk, default in UnitChange.objects.filter(kind=ChangeKind.SPLIT).values_list("pk", "default_successor_id")
    }
    rows = SplitAssignment.objects.values_list("change_id", "kind", "record_id", "key", "successor_id")
    for change_id, kind, record_id, key, successor_id in rows:
        mapping = mappings[change_id]
        if kind == SplitRecordKind.PROCEDURE:
            mapping.by_procedure[record_id] = successor_id
        elif kind == SplitRecordKind.SECTOR:
            mapping.by_sector[key] = successor_id
        else:
            mapping.by_record.setdefault(kind, {})[record_id] = successor_id
    return mappings


def split_mappings_by_unit() -> dict[int, list[SplitMapping]]:
    """For each unit whose records some split divided, the mappings of those splits.

    A split divides the whole data of its old unit: the unit's own records, its subtree's and
    those of the units merged into it (``UnitGraph.reach``).
    """
    graph = UnitGraph.load()
    mappings = split_mappings()
    result: dict[int, list[SplitMapping]] = {}
    for change_id, predecessor in UnitChange.predecessors.through.objects.filter(
        unitchange_id__in=list(mappings)
    ).values_list("unitchange_id", "unit_id"):
        for unit_id in graph.reach([predecessor]):
            result.setdefault(unit_id, []).append(mappings[change_id])
    return result


def record_lines(*, kind: str, records: Iterable[tuple[int, int]]) -> dict[int, str]:
    """The line (``cchc.units.division``) of each plan task or report, given as (record id, unit id)."""
    by_unit = split_mappings_by_unit()
    return {record_id: record_line(by_unit.get(unit_id, ()), kind, record_id) for record_id, unit_id in records}


def unit_history_lines(*, unit: Unit) -> list[str]:
    """Vietnamese sentences telling what happened to the unit and what it came from."""
    lines: list[str] = []
    for change in unit.changes_as_predecessor.prefetch_related("successors").order_by("effective"):
        names = ", ".join(s.name for s in sorted(change.successors.all(), key=_by_code) if s.pk != unit.pk)
        lines.append(_change_sentence(change, names, outgoing=True))
    for change in unit.changes_as_successor.prefetch_related("predecessors").order_by("effective"):
        names = ", ".join(p.name for p in sorted(change.predecessors.all(), key=_by_code) if p.pk != unit.pk)
        if names:
            lines.append(_change_sentence(change, names, outgoing=False))
    return lines


def _by_code(unit: Unit) -> tuple:
    return (unit.code, unit.valid_from)


def _change_sentence(change: UnitChange, names: str, *, outgoing: bool) -> str:
    params = {"names": names, "date": f"{change.effective:%d/%m/%Y}", "decision": change.decision}
    if outgoing:
        templates = {
            "merge": _("Merged into {names} from {date} under {decision}"),
            "split": _("Split into {names} from {date} under {decision}"),
            "rename": _("Renamed to {names} from {date} under {decision}"),
            "move": _("Moved to {names} from {date} under {decision}"),
        }
    else:
        templates = {
            "merge": _("Formed from {names} from {date} under {decision}"),
            "split": _("Formed by splitting {names} from {date} under {decision}"),
            "rename": _("Formerly {names}, renamed from {date} under {decision}"),
            "move": _("Moved from {names} from {date} under {decision}"),
        }
    return templates[change.kind].format(**params)


def unit_memberships(*, user, unit: Unit):
    """Memberships on ``unit`` the user may see."""
    return (
        Membership.objects.visible_to(user, Perm.VIEW)
        .filter(unit=unit)
        .select_related("user", "unit")
        .order_by("valid_to", "role", "user__username")
    )


def unit_ancestors(*, unit: Unit) -> list[Unit]:
    chain: list[Unit] = []
    current = unit.parent
    while current is not None and current not in chain:
        chain.append(current)
        current = current.parent
    return list(reversed(chain))


def visible_units_choices(*, user, perm: str, on: dt.date | None = None):
    return Unit.objects.filter(pk__in=visible_unit_ids(user, perm, on=on)).order_by("name")


#: Prefixes of a province or city name that the place of issue (địa danh) leaves out.
PLACE_PREFIXES = ("Thành phố ", "Tỉnh ", "TP ")


def place_of_issue(unit: Unit) -> str:
    """The place a unit's documents are issued at (địa danh, Decree 30/2020): the province or city it belongs
    to, without "Tỉnh"/"Thành phố" ("Cần Thơ" for Sở Xây dựng of Thành phố Cần Thơ)."""
    top = unit
    while top.parent_id is not None:
        top = top.parent
    for prefix in PLACE_PREFIXES:
        if top.name.startswith(prefix):
            return top.name[len(prefix):]
    return top.name
