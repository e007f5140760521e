"""Which units a user reaches with a permission: the one place scoping is decided.

A membership grants a role on a unit. The role reaches that unit, every unit below it, and,
transitively, every unit that was merged, split or renamed into one of those (so a role on
the successor reaches its predecessors' history). Every view, API view and selector filters
through ``visible_unit_ids`` or ``UnitScopedQuerySet.visible_to``; none re-implements it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from cchc.units.roles import ROLE_PERMISSIONS, Perm, Role, may_grant


@dataclass
class UnitGraph:
    """The unit hierarchy and the reorganisation links, held in memory (a province has a few thousand units)."""

    parent: dict[int, int | None] = field(default_factory=dict)
    children: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    predecessors: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    successors: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    #: (successor, predecessor) → id of the split that links them; a split divides the predecessor's data
    split_edges: dict[tuple[int, int], int] = field(default_factory=dict)
    #: (valid_from, valid_to) of each unit
    validity: dict[int, tuple[dt.date, dt.date | None]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> UnitGraph:
        """The graph as stored now; read once per request (see ``graph_memo_start``)."""
        if getattr(_memo, "active", False):
            if _memo.graph is None:
                _memo.graph = cls.read()
            return _memo.graph
        return cls.read()

    @classmethod
    def read(cls) -> UnitGraph:
        from cchc.units.models import Unit, UnitChange

        graph = cls()
        for pk, parent_id, valid_from, valid_to in Unit.objects.order_by("pk").values_list("pk", "parent_id", "valid_from", "valid_to"):
            graph.parent[pk] = parent_id
            graph.validity[pk] = (valid_from, valid_to)
            if parent_id is not None:
                graph.children[parent_id].append(pk)
        before: dict[int, list[int]] = defaultdict(list)
        for change_id, unit_id in UnitChange.predecessors.through.objects.values_list("unitchange_id", "unit_id"):
            before[change_id].append(unit_id)
        links = UnitChange.successors.through.objects.values_list("unitchange_id", "unit_id", "unitchange__kind")
        for change_id, unit_id, kind in links:
            for predecessor in before.get(change_id, ()):
                if predecessor != unit_id:
                    graph.predecessors[unit_id].add(predecessor)
                    graph.successors[predecessor].add(unit_id)
                    if kind == "split":
                        graph.split_edges[(unit_id, predecessor)] = change_id
        return graph

    def reach(self, roots: Iterable[int]) -> set[int]:
        """The roots, everything below them and everything merged into any of those."""
        seen: set[int] = set()
        stack = [r for r in roots if r in self.parent]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            stack.extend(self.children.get(current, ()))
            stack.extend(self.predecessors.get(current, ()))
        return seen

    def descendants(self, root: int) -> set[int]:
        seen: set[int] = set()
        stack = [root]
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(self.children.get(current, ()))
        return seen

    def ancestors(self, unit_id: int) -> list[int]:
        chain: list[int] = []
        current = self.parent.get(unit_id)
        while current is not None and current not in chain:
            chain.append(current)
            current = self.parent.get(current)
        return chain

    def transitive(self, unit_id: int, links: dict[int, set[int]]) -> set[int]:
        seen: set[int] = set()
        stack = list(links.get(unit_id, ()))
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(links.get(current, ()))
        return seen


#: The graph read during the current request, per thread. A page asks for it from several
#: selectors (the dashboard did seven times); any write to a unit or a reorganisation link in
#: this thread forgets it (``cchc/units/signals.py``), so a request sees its own writes.
_memo = threading.local()


def graph_memo_start(**kwargs) -> None:
    """From now on, ``UnitGraph.load`` in this thread reads the database once (request start)."""
    _memo.active, _memo.graph = True, None


def graph_memo_end(**kwargs) -> None:
    """Back to reading the database on every ``UnitGraph.load`` (request end)."""
    _memo.active, _memo.graph = False, None


def graph_memo_forget(**kwargs) -> None:
    """A unit or a reorganisation link changed: the next ``UnitGraph.load`` reads the database."""
    _memo.graph = None


def _cache(user) -> dict:
    cache = getattr(user, "_cchc_scope_cache", None)
    if cache is None:
        cache = {}
        user._cchc_scope_cache = cache
    return cache


def clear_cache(user) -> None:
    """Forget what was computed for ``user`` (after memberships or units change within a request)."""
    if hasattr(user, "_cchc_scope_cache"):
        del user._cchc_scope_cache


def user_roles_on(user, on: dt.date | None = None) -> list[tuple[int, str]]:
    """(unit id, role) of the user's memberships valid on ``on``."""
    from cchc.units.models import Membership

    if not getattr(user, "is_authenticated", False):
        return []
    on = on or timezone.localdate()
    cache = _cache(user)
    key = ("roles", on)
    if key not in cache:
        cache[key] = list(Membership.objects.valid_on(on).filter(user=user).values_list("unit_id", "role"))
    return cache[key]


def visible_unit_ids(user, perm: str, on: dt.date | None = None) -> frozenset[int]:
    """Ids of the units ``user`` reaches with ``perm`` through memberships valid on ``on`` (default today)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    on = on or timezone.localdate()
    cache = _cache(user)
    key = ("visible", perm, on)
    if key in cache:
        return cache[key]
    if "graph" not in cache:
        cache["graph"] = UnitGraph.load()
    graph: UnitGraph = cache["graph"]
    if user.is_superuser:
        result = frozenset(graph.parent)
    else:
        roots = [unit_id for unit_id, role in user_roles_on(user, on) if perm in ROLE_PERMISSIONS.get(role, ())]
        if any(role == Role.ADMIN for _, role in user_roles_on(user, on)):
            roots = list(graph.parent)
        result = frozenset(graph.reach(roots))
    cache[key] = result
    return result


def superior_unit_ids(user, on: dt.date | None = None) -> frozenset[int]:
    """Ids of the units above the user's memberships (a department's city, a division's department).

    Scoping reaches downward only; this is for the few things a unit reads from its superiors,
    such as the issued plan its own plan implements. It grants no permission by itself.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    on = on or timezone.localdate()
    cache = _cache(user)
    key = ("superiors", on)
    if key not in cache:
        if "graph" not in cache:
            cache["graph"] = UnitGraph.load()
        graph: UnitGraph = cache["graph"]
        cache[key] = frozenset(a for unit_id, _ in user_roles_on(user, on) for a in graph.ancestors(unit_id))
    return cache[key]


def user_can(user, perm: str, unit, on: dt.date | None = None) -> bool:
    unit_id = unit if isinstance(unit, int) else unit.pk
    return unit_id in visible_unit_ids(user, perm, on=on)


def perms_on(user, unit, on: dt.date | None = None) -> frozenset[str]:
    """Every permission ``user`` holds on ``unit`` through all his memberships that reach it."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    return frozenset(perm for perm in Perm.values if unit_id in visible_unit_ids(user, perm, on=on))


def may_grant_on(user, role: str, unit, on: dt.date | None = None) -> bool:
    """Whether ``user`` may grant, end or change a membership with ``role`` on ``unit``.

    The one rule for memberships (``roles.may_grant``) applied to what the user holds on that
    unit: the right to manage members and every permission of ``role``, reached through his
    own memberships. A unit outside his reach gives him nothing, so nothing there is grantable;
    granting to himself follows the same rule, so nobody raises his own role.
    """
    return may_grant(perms_on(user, unit, on=on), role)


class UnitScopedQuerySet(models.QuerySet):
    """A queryset of rows that belong to a unit; the model names the path in ``unit_field``."""

    def visible_to(self, user, perm: str, on: dt.date | None = None):
        unit_field = getattr(self.model, "unit_field", None)
        if not unit_field:
            raise TypeError(f"{self.model.__name__} must declare unit_field to be scoped")
        lookup = "pk__in" if unit_field == "pk" else f"{unit_field}__in"
        return self.filter(**{lookup: visible_unit_ids(user, perm, on=on)})
