"""Reads of indicator figures: totals, metric values, trends, rankings, drill-down.

A unit's figure for ``[date_from, date_to]`` sums the day aggregates of every unit whose data
rolls up into it for the window (``cchc.units.selectors.data_scopes`` with the carried-over case):
its subtree and, transitively, the units merged into it, and of a unit split into it only the
dossiers the split gave it (aggregate rows carry the dossiers' split line). So a commune formed on
01/7/2025 answers for its old communes' dossiers, while each old commune answers for its own
before the merger; a parent sums numerators and denominators, never percentages.

Stocks come from running sums: still open at the end of day D = received up to D − finished up
to D; overdue at D = became overdue up to D − closed after becoming overdue up to D.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from decimal import Decimal

from django.apps import apps
from django.core.cache import cache
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth

from cchc.indicators import binding, catalogue, sources
from cchc.indicators.catalogue import Totals
from cchc.indicators.formulas import NO_VALUE, Ratio, carry_over_discrepancy, format_decimal_vi
from cchc.indicators.models import AggregateRefresh, ProcedureDayAggregate, UnitDayAggregate
from cchc.plans.rules import target_status
from cchc.procedures.choices import OnlineLevel
from cchc.procedures.models import Dossier, Procedure
from cchc.procedures.selectors import dossiers_in_scope
from cchc.units.division import DataScope
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import UnitGraph
from cchc.units.selectors import data_scopes

FLOW_FIELDS = (
    "received_direct", "received_online", "received_postal", "resolved_early", "resolved_on_time", "resolved_late",
    "returned_or_withdrawn", "received_online_counted", "paid_online", "owes_fee", "digitised", "resolution_days",
    "paper_result_finished", "electronic_result_finished", "late_with_apology",
)
_NET = (
    F("received_direct") + F("received_online") + F("received_postal")
    - F("resolved_early") - F("resolved_on_time") - F("resolved_late") - F("returned_or_withdrawn")
)
_OVERDUE = F("overdue_opened") - F("overdue_closed")


def _scopes(units: Iterable[Unit], date_from: dt.date, date_to: dt.date) -> dict[int, DataScope]:
    """Whose dossiers count for each unit: the one rule of ``cchc.units.selectors.data_scopes``, with
    the carried-over case, since a predecessor closed before the window hands its open dossiers on."""
    return data_scopes(units=units, date_from=date_from, date_to=date_to, carried_over=True)


def _in_scope(queryset, scope: DataScope, unit_path: str = "unit_id", line_path: str = "line"):
    """Rows of ``queryset`` the scope counts: whole units, plus the lines a split gave to the unit."""
    whole = [pk for pk in scope.ids if scope.whole(pk)]
    condition = Q(**{f"{unit_path}__in": whole})
    divided = [pk for pk in scope.ids if not scope.whole(pk)]
    if divided:
        lines = (
            UnitDayAggregate.objects.filter(unit_id__in=divided).values_list("unit_id", "line").distinct().order_by()
        )
        for unit_id, line in lines:
            if scope.allows(unit_id, line):
                condition |= Q(**{unit_path: unit_id, line_path: line})
    return queryset.filter(condition)


def _annotations(date_from: dt.date, date_to: dt.date) -> dict:
    in_window = Q(day__gte=date_from)
    values = {f"sum_{name}": Sum(name, filter=in_window) for name in FLOW_FIELDS}
    values["opening"] = Sum(_NET, filter=Q(day__lt=date_from))
    values["closing"] = Sum(_NET)
    values["closing_overdue"] = Sum(_OVERDUE)
    return values


def _totals(row: dict) -> Totals:
    flows = {name: row[f"sum_{name}"] or 0 for name in FLOW_FIELDS}
    closing, overdue = row["closing"] or 0, row["closing_overdue"] or 0
    return Totals(
        carried_over=row["opening"] or 0,
        in_progress_within=closing - overdue,
        in_progress_overdue=overdue,
        **flows,
    )


def _grouped(queryset, key: str | tuple[str, ...], date_from: dt.date, date_to: dt.date) -> dict:
    keys = (key,) if isinstance(key, str) else key
    rows = queryset.filter(day__lte=date_to).values(*keys).order_by().annotate(**_annotations(date_from, date_to))
    if isinstance(key, str):
        return {row[key]: _totals(row) for row in rows}
    return {tuple(row[k] for k in keys): _totals(row) for row in rows}


#: How long figures computed from the aggregates stay cached; a refresh changes the key anyway.
CACHE_SECONDS = 6 * 60 * 60


def _per_refresh(name: str, date_from: dt.date, date_to: dt.date, compute):
    """``compute()`` cached until the aggregates change.

    The aggregate tables change only in ``services._run``, which records an ``AggregateRefresh``
    in the same transaction: the latest refresh (id and start, so a reused id cannot match)
    names the aggregates' state. Units and reorganisations are not part of what is cached, only
    each unit's own rows: the roll-up through the unit graph is computed on every call.
    """
    stamp = AggregateRefresh.objects.order_by("-pk").values_list("pk", "started_at").first()
    if stamp is None:
        return compute()
    key = f"indicators:{name}:{stamp[0]}:{stamp[1].isoformat()}:{date_from.isoformat()}:{date_to.isoformat()}"
    return cache.get_or_set(key, compute, CACHE_SECONDS)


def own_unit_vectors(date_from: dt.date, date_to: dt.date) -> dict[int, list[tuple[str, tuple]]]:
    """Window totals of each unit's own aggregate rows (nothing rolled up), per split line, as tuples, by unit id."""

    def compute():
        per_line = _grouped(UnitDayAggregate.objects.all(), ("unit_id", "line"), date_from, date_to)
        vectors: dict[int, list[tuple[str, tuple]]] = {}
        for (pk, line), totals in per_line.items():
            vectors.setdefault(pk, []).append((line, astuple(totals)))
        return vectors

    return _per_refresh("unit-totals", date_from, date_to, compute)


def totals_for_units(*, units: Iterable[Unit], date_from: dt.date, date_to: dt.date) -> dict[int, Totals]:
    """Window totals of each unit (with its subtree, merged predecessors and its share of split ones), by unit id."""
    units = list(units)
    scopes = _scopes(units, date_from, date_to)
    vectors = own_unit_vectors(date_from, date_to)
    result = {}
    for unit in units:
        scope = scopes[unit.pk]
        rows = [vector for pk in scope.paths for line, vector in vectors.get(pk, ()) if scope.allows(pk, line)]
        result[unit.pk] = Totals(*(sum(column) for column in zip(*rows, strict=True))) if rows else Totals()
    return result


def metric_values(*, metric_code: str, units: Iterable[Unit], date_from: dt.date, date_to: dt.date) -> dict[int, Ratio]:
    """Value of one metric for many units and one window (one query), by unit id.

    This is the entry point for plans (``Target.metric_code``) and reports. Raises KeyError for
    an unknown code. A metric another app registered (``cchc.indicators.sources``) is computed by
    that app; a unit it holds no data for gets ``Ratio(0, 0)`` (no value).
    """
    if sources.get(metric_code) is not None:
        found = sources.values(metric_code, units=units, date_from=date_from, date_to=date_to)
        return {pk: Ratio(0, 0) if ratio is None else ratio for pk, ratio in found.items()}
    code = catalogue.canonical(metric_code)
    units = list(units)
    if code in catalogue.CATALOGUE_METRICS:
        return {unit.pk: catalogue_ratio(unit=unit) for unit in units}
    totals = totals_for_units(units=units, date_from=date_from, date_to=date_to)
    return {pk: catalogue.compute(code, value) for pk, value in totals.items()}


def metric_value(*, metric_code: str, unit: Unit, date_from: dt.date, date_to: dt.date) -> Ratio:
    """Value of a metric for one unit and window, e.g. ``metric_value(metric_code="on_time_rate", …)``."""
    return metric_values(metric_code=metric_code, units=[unit], date_from=date_from, date_to=date_to)[unit.pk]


def catalogue_ratio(*, unit: Unit) -> Ratio:
    """Procedures offered full online / procedures that apply to ``unit`` (published by it, above or below it)."""
    graph = UnitGraph.load()
    owners = graph.descendants(unit.pk) | set(graph.ancestors(unit.pk))
    procedures = Procedure.objects.filter(unit_id__in=owners)
    return Ratio(procedures.filter(online_level=OnlineLevel.FULL).count(), procedures.count())


def totals_by_procedure(*, unit: Unit, date_from: dt.date, date_to: dt.date) -> dict[int, Totals]:
    """Window totals of ``unit`` (subtree and predecessors) per procedure id."""
    scope = _scopes([unit], date_from, date_to)[unit.pk]
    return _grouped(_in_scope(ProcedureDayAggregate.objects.all(), scope), "procedure_id", date_from, date_to)


@dataclass(frozen=True)
class MonthPoint:
    month: dt.date
    totals: Totals


def monthly_trend(*, unit: Unit, date_from: dt.date, date_to: dt.date) -> list[MonthPoint]:
    """Flows per calendar month inside the window (stocks are not monthly here: use ``totals_for_units``)."""
    scope = _scopes([unit], date_from, date_to)[unit.pk]
    by_month: dict[dt.date, list[int]] = {}
    for (unit_id, line), months in own_unit_months(date_from, date_to).items():
        if unit_id in scope.paths and scope.allows(unit_id, line):
            for month, flows in months.items():
                total = by_month.setdefault(month, [0] * len(FLOW_FIELDS))
                for index, value in enumerate(flows):
                    total[index] += value
    return [MonthPoint(month=month, totals=Totals(**dict(zip(FLOW_FIELDS, by_month[month], strict=True))))
            for month in sorted(by_month)]


def own_unit_months(date_from: dt.date, date_to: dt.date) -> dict[tuple[int, str], dict[dt.date, tuple[int, ...]]]:
    """Flows (``FLOW_FIELDS``) of each unit's own aggregate rows, per split line and calendar month of the window."""

    def compute():
        rows = (
            UnitDayAggregate.objects.filter(day__gte=date_from, day__lte=date_to)
            .annotate(month=TruncMonth("day"))
            .values("unit_id", "line", "month")
            .order_by()
            .annotate(**{f"sum_{name}": Sum(name) for name in FLOW_FIELDS})
        )
        result: dict[tuple[int, str], dict[dt.date, tuple[int, ...]]] = {}
        for row in rows:
            month = row["month"]
            month = month.date() if isinstance(month, dt.datetime) else month
            result.setdefault((row["unit_id"], row["line"]), {})[month] = tuple(row[f"sum_{name}"] or 0 for name in FLOW_FIELDS)
        return result

    return _per_refresh("unit-months", date_from, date_to, compute)


@dataclass(frozen=True)
class RankedUnit:
    unit: Unit
    totals: Totals
    value: Ratio


def subordinate_units(*, unit: Unit, date_from: dt.date, date_to: dt.date, visible: frozenset[int]) -> list[Unit]:
    """Units whose figures make up ``unit``'s for the window: those directly below it and those
    merged into it (e.g. the old provinces of a merged city), limited to what the reader may see."""
    graph = UnitGraph.load()
    ids = set(graph.children.get(unit.pk, ())) | graph.predecessors.get(unit.pk, set())
    return list(
        Unit.objects.filter(pk__in=ids & visible).overlapping(date_from, date_to).order_by("valid_to", "name")
    )


def ranking(*, units: list[Unit], metric_code: str, date_from: dt.date, date_to: dt.date) -> list[RankedUnit]:
    """Units ranked by a metric (best first; units without a value last)."""
    totals = totals_for_units(units=units, date_from=date_from, date_to=date_to)
    spec = catalogue.BY_CODE[metric_code]
    ranked = [RankedUnit(unit=u, totals=totals[u.pk], value=catalogue.compute(metric_code, totals[u.pk])) for u in units]

    def key(item: RankedUnit):
        fraction = item.value.fraction
        if fraction is None:
            return (1, 0, item.unit.name)
        return (0, -fraction if spec.higher_is_better else fraction, item.unit.name)

    return sorted(ranked, key=key)


@dataclass(frozen=True)
class MeasuredTarget:
    """A plan target (chỉ tiêu) with the value its metric has for the window."""

    target: object
    value: Decimal | None
    display: str
    gap: Decimal | None
    status: str | None


def measured_targets(*, user, unit: Unit, date_from: dt.date, date_to: dt.date) -> list[MeasuredTarget]:
    """Targets of ``unit``'s plans for the window's years that name a metric, measured live.

    Status follows ``cchc.plans.rules.target_status``: met, at risk (not met, the year is not over)
    or missed (not met at the year's end). A code this catalogue does not know stays unmeasured.
    The plans app is reached through the app registry so that it may import this module.
    """
    target_model = apps.get_model("plans", "Target")
    targets = (
        target_model.objects.visible_to(user, Perm.VIEW)
        .filter(plan__unit=unit, plan__year__gte=date_from.year, plan__year__lte=date_to.year)
        .exclude(metric_code="")
        .exclude(is_suggestion=True)
        .select_related("plan")
        .order_by("plan__year", "pk")
    )
    measured = []
    for target in targets:
        if binding.reported_by_hand(target.metric_code):
            measured.append(_measured_by_hand(target, date_from, date_to))
            continue
        try:
            ratio = metric_value(metric_code=target.metric_code, unit=unit, date_from=date_from, date_to=date_to)
        except KeyError:
            measured.append(MeasuredTarget(target=target, value=None, display=NO_VALUE, gap=None, status=None))
            continue
        value = ratio.percent() if target.value_unit == "%" else ratio.rounded()
        final = date_to >= dt.date(target.plan.year, 12, 31)
        status = target_status(comparator=target.comparator, goal=target.value, value=value, final=final)
        gap = value - target.value if value is not None and target.value is not None else None
        measured.append(MeasuredTarget(target=target, value=value, display=catalogue.display(target.metric_code, ratio),
                                       gap=gap, status=status))
    return measured


def _measured_by_hand(target, date_from: dt.date, date_to: dt.date) -> MeasuredTarget:
    """A target of the manual metric: the latest value its unit reported for a period ending in the window."""
    reported = (
        apps.get_model("plans", "ManualMeasurement").objects.filter(target=target, period_end__gte=date_from, period_end__lte=date_to)
        .order_by("-period_end", "-reported_at", "-pk").first()
    )
    if reported is None:
        return MeasuredTarget(target=target, value=None, display=NO_VALUE, gap=None, status=None)
    reported.target = target
    value = reported.value
    final = date_to >= dt.date(target.plan.year, 12, 31)
    status = target_status(comparator=target.comparator, goal=target.value, value=value, final=final)
    gap = value - target.value if value is not None and target.value is not None else None
    display = Ratio(reported.numerator, reported.denominator).display(2, as_percent=True) if target.value_unit == "%" else (
        format_decimal_vi(reported.numerator, 0))
    return MeasuredTarget(target=target, value=value, display=display, gap=gap, status=status)


@dataclass(frozen=True)
class BalanceCheck:
    """Carry-over balance counted straight from the dossiers, next to the aggregates' figures."""

    opening: int
    received: int
    finished: int
    closing: int
    aggregates: Totals

    @property
    def discrepancy(self) -> int:
        """Opening + received − finished − closing (0 when the dossiers balance)."""
        return carry_over_discrepancy(opening=self.opening, received=self.received, finished=self.finished, closing=self.closing)

    @property
    def aggregates_match(self) -> bool:
        counts = self.aggregates.counts
        return (counts.carried_over, counts.received, counts.resolved + counts.returned_or_withdrawn, counts.in_progress) == (
            self.opening, self.received, self.finished, self.closing
        )


def balance_check(*, unit: Unit, date_from: dt.date, date_to: dt.date) -> BalanceCheck:
    """Validate a window: opening + received − finished = closing from the dossier facts themselves,
    and the same four figures as the aggregates give (a mismatch means they await a refresh)."""
    scope = _scopes([unit], date_from, date_to)[unit.pk]
    open_before = Q(finished_on__isnull=True) | Q(finished_on__gte=date_from)
    open_after = Q(finished_on__isnull=True) | Q(finished_on__gt=date_to)
    counts = dossiers_in_scope(Dossier.objects.all(), scope).filter(received_on__lte=date_to).aggregate(
        opening=Count("pk", filter=Q(received_on__lt=date_from) & open_before),
        received=Count("pk", filter=Q(received_on__gte=date_from)),
        finished=Count("pk", filter=Q(finished_on__gte=date_from, finished_on__lte=date_to)),
        closing=Count("pk", filter=open_after),
    )
    aggregates = totals_for_units(units=[unit], date_from=date_from, date_to=date_to)[unit.pk]
    return BalanceCheck(aggregates=aggregates, **counts)


def last_refresh() -> AggregateRefresh | None:
    return AggregateRefresh.objects.order_by("-started_at").first()
