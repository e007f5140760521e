"""Scores suggested from the platform's own data: the data adapters of the rule library.

A criterion bound to a rule (``Criterion.rule_kind``, ``rule_source``, ``rule_params``) gets a suggested
score for a unit and a year, with the calculation in words and links to the records it used:

* ``plan_issued`` — the date the unit's annual reform plan was issued (the unit's own plans, and those
  of the units merged into it), for a ``by_date`` rule;
* ``plan_tasks`` — task periods of those plans due in the year (up to today) completed on or before
  their due date (moved to a working day), in %;
* ``reports`` — reporting periods of the year whose deadline has passed that expected a report from the
  unit, and of those the reports first sent on time (``cchc.reporting.selectors.rollups``), in %;
* ``metric`` — any platform metric by code (``params["metric"]``) through
  ``cchc.indicators.selectors.metric_values`` for the year: TTHC on time and online shares, and the codes
  other apps register (``inspection_coverage``, ``petition_on_time_share``, ``survey_satisfaction_share``).
  A code nobody registered, or a unit without data, gives "chưa có dữ liệu", never 0.

Each adapter runs once per (source, parameters) for a unit and year, whatever the number of criteria
bound to it (``Context`` memoises), so a page of 300 criteria asks no more than a page of 100.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.parindex import rules
from cchc.parindex.choices import RuleSource
from cchc.parindex.numbers import format_points
from cchc.units.scoping import UnitGraph


@dataclass
class Observation:
    """What an adapter found: the value (a share in %, a date, None), whether there is data at all, the
    inputs in words and the records used."""

    value: Decimal | dt.date | None
    found: bool
    text: str
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Suggestion:
    points: Decimal | None
    text: str
    links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def has_value(self) -> bool:
        return self.points is not None


class Context:
    """A unit and a year, and what was already observed for them."""

    def __init__(self, unit, year: int, today: dt.date | None = None):
        self.unit = unit
        self.year = year
        self.today = today or timezone.localdate()
        self.memo: dict[tuple, Observation] = {}
        self._unit_ids: set[int] | None = None

    @property
    def window(self) -> tuple[dt.date, dt.date]:
        return dt.date(self.year, 1, 1), min(dt.date(self.year, 12, 31), self.today)

    def own_unit_ids(self) -> set[int]:
        """The unit and the units merged into it (their plans for the year are the unit's)."""
        if self._unit_ids is None:
            graph = UnitGraph.load()
            self._unit_ids = {self.unit.pk, *graph.transitive(self.unit.pk, graph.predecessors)}
        return self._unit_ids


def _key(source: str, params: dict) -> tuple:
    return (source, tuple(sorted((str(k), str(v)) for k, v in (params or {}).items() if k == "metric")))


def observe(context: Context, source: str, params: dict) -> Observation:
    key = _key(source, params)
    if key not in context.memo:
        adapter = ADAPTERS.get(source)
        context.memo[key] = adapter(context, params or {}) if adapter else Observation(None, False, _("no data yet"))
    return context.memo[key]


def suggest(criterion, context: Context) -> Suggestion | None:
    """The suggested score of ``criterion`` for the context's unit and year; None when it has no rule."""
    if not criterion.has_rule:
        return None
    observation = observe(context, criterion.rule_source, criterion.rule_params)
    if not observation.found:
        return Suggestion(None, observation.text or _("no data yet"), observation.links)
    if criterion.rule_kind == rules.BY_DATE:
        if not isinstance(observation.value, dt.date | type(None)):
            return Suggestion(None, _("no data yet"), observation.links)
    elif not isinstance(observation.value, Decimal):
        return Suggestion(None, _("no data yet"), observation.links)
    if rules.validate(criterion.rule_kind, criterion.rule_params, criterion.max_points):
        return Suggestion(None, _("The rule's parameters are incomplete."), observation.links)
    outcome = rules.apply(criterion.rule_kind, criterion.rule_params, criterion.max_points, observation.value)
    return Suggestion(outcome.points, f"{observation.text}: {outcome.calculation}", observation.links)


def suggest_many(criteria, unit, year: int, today: dt.date | None = None) -> dict[int, Suggestion]:
    context = Context(unit, year, today)
    found = {}
    for criterion in criteria:
        suggestion = suggest(criterion, context)
        if suggestion is not None:
            found[criterion.pk] = suggestion
    return found


# -- adapters ------------------------------------------------------------------------------------


def _issued_plans(context: Context):
    from cchc.plans.choices import PlanStatus
    from cchc.plans.models import Plan

    return list(
        Plan.objects.filter(unit__in=context.own_unit_ids(), year=context.year, issued_on__isnull=False)
        .exclude(status=PlanStatus.DRAFT)
        .order_by("issued_on", "pk")
    )


def plan_issued(context: Context, params: dict) -> Observation:
    plans = _issued_plans(context)
    if not plans:
        return Observation(None, True, _("No reform plan for {year} was issued").format(year=context.year))
    plan = plans[0]
    label = plan.number or plan.title
    return Observation(
        plan.issued_on, True,
        _("Plan {number} issued on {date}").format(number=label, date=f"{plan.issued_on:%d/%m/%Y}"),
        [(str(label), reverse("plans:detail", args=[plan.pk]))],
    )


def plan_tasks(context: Context, params: dict) -> Observation:
    from cchc.plans import deadlines
    from cchc.plans.choices import TaskStatus
    from cchc.plans.models import TaskPeriod

    plans = _issued_plans(context)
    _start, end = context.window
    periods = list(
        TaskPeriod.objects.filter(task__plan__in=plans, due_date__isnull=False, due_date__lte=end)
        .values_list("status", "due_date", "completed_on")
    )
    if not periods:
        return Observation(None, False, _("no task of the {year} plan was due yet: no data").format(year=context.year),
                           [(p.number or p.title, reverse("plans:detail", args=[p.pk])) for p in plans])
    calendar = deadlines.work_calendar()
    done = sum(
        1 for status, due, completed in periods
        if status == TaskStatus.COMPLETED and completed is not None and not deadlines.is_late(due, completed, calendar)
    )
    share = Decimal(done) / Decimal(len(periods)) * 100
    return Observation(
        share.quantize(Decimal("0.01")), True,
        _("{done} of {total} task periods due by {date} completed on time ({share}%)").format(
            done=done, total=len(periods), date=f"{end:%d/%m/%Y}", share=format_points(share)),
        [(p.number or p.title, reverse("plans:detail", args=[p.pk])) for p in plans],
    )


def reports(context: Context, params: dict) -> Observation:
    """Periods of the year whose deadline has passed that expected the unit (``cchc.reporting.coverage``), and its
    reports among them received and first sent on or before the deadline (the roll-up's "on time")."""
    from cchc.reporting.choices import RECEIVED_STATUSES
    from cchc.reporting.coverage import Coverage, expected_units
    from cchc.reporting.models import Report, ReportingPeriod
    from cchc.reporting.selectors import working_days_late

    periods = list(
        ReportingPeriod.objects.filter(calendar__year=context.year, deadline__lte=context.today)
        .select_related("calendar").order_by("deadline", "pk")
    )
    coverage = Coverage.for_years([context.year])
    expected = [p for p in periods if expected_units(p, coverage).filter(pk=context.unit.pk).exists()]
    if not expected:
        return Observation(None, False, _("no report was due yet in {year}: no data").format(year=context.year))
    sent = {r.period_id: r for r in Report.objects.filter(unit=context.unit, period__in=expected)}
    on_time = 0
    links = []
    for period in expected:
        report = sent.get(period.pk)
        if report is None:
            continue
        if report.status in RECEIVED_STATUSES and working_days_late(period, report.submitted_on()) == 0:
            on_time += 1
        if report.first_submitted_at is not None:
            links.append((period.label, reverse("reporting:report_detail", args=[report.pk])))
    share = Decimal(on_time) / Decimal(len(expected)) * 100
    return Observation(
        share.quantize(Decimal("0.01")), True,
        _("{on_time} of {expected} reports expected sent on time ({share}%)").format(
            on_time=on_time, expected=len(expected), share=format_points(share)),
        links,
    )


def metric(context: Context, params: dict) -> Observation:
    from cchc.indicators import sources
    from cchc.indicators.selectors import metric_values

    code = str(params.get("metric", "")).strip()
    start, end = context.window
    try:
        ratio = metric_values(metric_code=code, units=[context.unit], date_from=start, date_to=end)[context.unit.pk]
    except KeyError:
        return Observation(None, False, _("no data yet: the platform does not compute “{metric}”").format(metric=code))
    source = sources.get(code)
    # an app's metric is named as its app names it; the dossier and plan metrics by their code
    label = source.name if source is not None else code
    if ratio.fraction is None:
        return Observation(None, False, _("no data yet on “{metric}” in {year}").format(metric=label, year=context.year))
    value = ratio.rounded(2) if source is not None and source.kind == "average" else ratio.percent(2)
    suffix = "" if source is not None and source.kind == "average" else "%"
    text = _("{metric}: {value}{suffix} ({numerator}/{denominator}) from {start} to {end}").format(
        metric=label, value=format_points(value), suffix=suffix, numerator=format_points(Decimal(str(ratio.numerator))),
        denominator=format_points(Decimal(str(ratio.denominator))), start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}")
    return Observation(value, True, text, [(code, reverse("indicators:dashboard", args=[context.unit.pk]))])


ADAPTERS = {
    RuleSource.PLAN_ISSUED: plan_issued,
    RuleSource.PLAN_TASKS: plan_tasks,
    RuleSource.REPORTS: reports,
    RuleSource.METRIC: metric,
}
