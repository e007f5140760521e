"""Which units a reporting period expects a report from.

A calendar set by a steering unit for a year covers every unit in that unit's reach (its subtree and
the units merged into it, ``UnitGraph.reach``) except:

* the steering unit itself and the units merged into it at its own level (their figures are its own;
  a unit merged into it that was below one of those still reports);
* divisions (phòng chuyên môn), which report inside their unit, not up the hierarchy;
* the subtree below a lower unit that set its own calendar for the same year (the lower unit
  itself still reports under the higher calendar): a district's stricter deadlines override the
  province's for its communes.

Of those, a period expects the units that exist on the last day of its data window. A unit closed
before then (a commune merged on 01/7/2025) is not expected for the Q3 report; its successor
answers, with figures that include the closed unit's data (``cchc.units.selectors.data_scope``). An ad hoc period
expects its named recipients that exist on that day.
"""

from __future__ import annotations

from collections.abc import Iterable

from cchc.reporting.models import ReportingCalendar, ReportingPeriod
from cchc.units.models import Unit, UnitKind
from cchc.units.scoping import UnitGraph

#: unit kinds that report inside their parent unit, never to a steering unit
NON_REPORTING_KINDS = frozenset({UnitKind.DIVISION})


class Coverage:
    """The calendars of the years asked for and the unit graph, held in memory for many look-ups."""

    def __init__(self, calendars: Iterable[ReportingCalendar], graph: UnitGraph | None = None):
        self.graph = graph or UnitGraph.load()
        self.roots_by_year: dict[int, set[int]] = {}
        for calendar in calendars:
            self.roots_by_year.setdefault(calendar.year, set()).add(calendar.unit_id)
        self._covered: dict[tuple[int, int], frozenset[int]] = {}

    @classmethod
    def for_years(cls, years: Iterable[int], graph: UnitGraph | None = None) -> Coverage:
        return cls(ReportingCalendar.objects.filter(year__in=set(years)).only("unit_id", "year"), graph)

    def own(self, root: int) -> set[int]:
        """The steering unit and the units merged into it that were not below another of them: the
        provinces merged into a city are the city's own past, a district merged into it was a unit
        under one of those provinces and reported to it."""
        merged = self.graph.transitive(root, self.graph.predecessors) | {root}
        return {pk for pk in merged if not set(self.graph.ancestors(pk)) & merged}

    def covered(self, root: int, year: int) -> frozenset[int]:
        """Ids of every unit (of any kind, valid or not) the calendar of ``root`` for ``year`` covers."""
        key = (root, year)
        if key not in self._covered:
            reach = self.graph.reach([root]) - self.own(root)
            for lower in self.roots_by_year.get(year, set()) & reach:
                reach -= self.graph.reach([lower]) - {lower}
            self._covered[key] = frozenset(reach)
        return self._covered[key]


def expected_units(period: ReportingPeriod, coverage: Coverage | None = None):
    """The units that owe a report for ``period``, as a queryset ordered by name."""
    if period.is_adhoc:
        ids: Iterable[int] = period.recipients.values_list("pk", flat=True)
    else:
        calendar = period.calendar
        coverage = coverage or Coverage.for_years([calendar.year])
        ids = coverage.covered(calendar.unit_id, calendar.year)
    return (
        Unit.objects.filter(pk__in=list(ids))
        .exclude(kind__in=NON_REPORTING_KINDS)
        .valid_on(period.data_to)
        .select_related("parent")
        .order_by("name", "pk")
    )


def reporting_candidates(calendar: ReportingCalendar):
    """Units an ad hoc request of ``calendar`` may be sent to (today's or past units it covers)."""
    coverage = Coverage.for_years([calendar.year])
    return (
        Unit.objects.filter(pk__in=list(coverage.covered(calendar.unit_id, calendar.year)))
        .exclude(kind__in=NON_REPORTING_KINDS)
        .order_by("name", "pk")
    )


def nested_reporters(unit_id: int, expected_ids: set[int], graph: UnitGraph) -> set[int]:
    """The expected units below ``unit_id`` with no other expected unit between (they report their
    own data): a district and its communes both reporting to the province, say."""
    found: set[int] = set()
    seen: set[int] = set()
    stack = [*graph.children.get(unit_id, ()), *graph.predecessors.get(unit_id, ())]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        if current in expected_ids:
            found.add(current)
            continue
        stack.extend(graph.children.get(current, ()))
        stack.extend(graph.predecessors.get(current, ()))
    return found
