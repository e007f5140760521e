"""Reads over units: the tree on a date, reorganisation history, whose data belongs to whom."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.text import fold
from cchc.units.models import Membership, Unit, UnitChange
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


def units_for_data(*, unit: Unit, date_from: dt.date, date_to: dt.date) -> list[int]:
    """Ids of the units whose data belongs to ``unit`` for ``[date_from, date_to]``.

    That is the unit itself plus its predecessors (transitively) that existed during the
    period: a commune formed on 01/7/2025 answers for its old communes' dossiers of the
    first half of 2025 in a 2025 annual figure.
    """
    candidates = {unit.pk} | _links(unit.pk, "predecessors")
    return sorted(Unit.objects.filter(pk__in=candidates).overlapping(date_from, date_to).values_list("pk", flat=True))


def subtree_for_data(*, unit: Unit, date_from: dt.date, date_to: dt.date) -> list[int]:
    """Ids of every unit whose data rolls up into ``unit`` for the period: its subtree and merged predecessors."""
    graph = UnitGraph.load()
    ids = graph.reach([unit.pk])
    return sorted(Unit.objects.filter(pk__in=ids).overlapping(date_from, date_to).values_list("pk", flat=True))


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
