"""Reads for the QĐ 766 scorecard and the TT 01/2018 evaluation of units: every unit of a window in one pass.

``unit_scores(units=…, date_from=…, date_to=…)`` answers for any number of units with a fixed
number of queries, whatever their count: the day aggregates (dashboard totals), one grouped pass
over the window's dossiers by (unit, procedure), the catalogue, the publications and the rules.
Each unit then sums the rows of the units whose data rolls up into it (``cchc.units.selectors.data_scopes``, split lines included) and
scores them with the pure modules ``score766`` and ``tt01``.

What counts for a unit:

* the procedures that apply to it: those published by it, by a unit above it or below it
  (as ``selectors.catalogue_ratio``);
* its dossiers: those of its subtree and merged predecessors for the window.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from cchc.calendar import api as calendar_api
from cchc.indicators import catalogue, score766, sources, tt01
from cchc.indicators.formulas import Ratio
from cchc.indicators.models import ScoringRule
from cchc.indicators.selectors import totals_for_units
from cchc.procedures.choices import Channel, OnlineLevel
from cchc.procedures.models import PUBLICATION_COMPONENTS, Dossier, Procedure, ProcedurePublication
from cchc.units.models import Unit
from cchc.units.scoping import UnitGraph
from cchc.units.selectors import data_scopes

#: Dossier sums of one (unit, procedure) for the window, in this order.
_SUMS = (
    "received", "online", "paid", "reused", "shared", "population", "resolved", "online_late",
    "t1", "t2", "n2", "t3", "t4", "n4", "t7", "n7",
)
_RESOLVED = ("early", "on_time", "late")


@dataclass(frozen=True)
class UnitScore:
    unit: Unit
    values: dict  # indicator code → Ratio, or None (no data)
    scorecard: score766.Scorecard
    evaluation: tt01.AgencyEvaluation


def scoring_rules() -> tuple[score766.Rule, ...]:
    """The rules of the editable table; the defaults when it is empty."""
    rows = ScoringRule.objects.order_by("position", "code")
    rules = tuple(
        score766.Rule(r.code, int(r.code[0]), r.name, r.max_points, r.full_at, r.confirmed, r.source) for r in rows
    )
    return rules or score766.DEFAULT_RULES


def _dossier_sums(unit_ids: set[int], date_from: dt.date, date_to: dt.date) -> dict[tuple[int, str], dict[int, tuple]]:
    """(unit id, split line) → procedure id → the ``_SUMS`` of its dossiers touching the window (one
    grouped query). The line is "" except for dossiers of a unit a split divided (``DossierLine``)."""
    if not unit_ids:  # a unit that did not exist in the window has no dossiers (and SQL has no "IN ()")
        return {}
    received = Q(received_on__gte=date_from)
    resolved = Q(finished_on__gte=date_from, finished_on__lte=date_to, outcome__in=_RESOLVED)
    online = Q(channel=Channel.ONLINE)
    open_overdue = (Q(finished_on__isnull=True) | Q(finished_on__gt=date_to)) & Q(overdue_from__lte=date_to)
    late = Q(finished_on__gte=date_from, finished_on__lte=date_to, outcome="late")
    outcome_points = Case(When(outcome="early", then=Value(2)), When(outcome="on_time", then=Value(1)),
                          default=Value(0), output_field=IntegerField())
    contact_points = Case(When(supplement_requests=0, then=Value(2)), When(supplement_requests=1, then=Value(1)),
                          default=Value(0), output_field=IntegerField())
    rows = (
        Dossier.objects.filter(unit_id__in=unit_ids, received_on__lte=date_to)
        .filter(Q(finished_on__isnull=True) | Q(finished_on__gte=date_from))
        .annotate(split=Coalesce("split_line__line", Value("")))
        .values("unit_id", "split", "procedure_id")
        .order_by()
        .annotate(
            received=Count("pk", filter=received),
            online=Count("pk", filter=received & online),
            paid=Count("pk", filter=received & Q(paid_online=True, owes_fee=True)),
            reused=Count("pk", filter=received & Q(reused_digitised_data=True)),
            shared=Count("pk", filter=received & Q(shared_data=True)),
            population=Count("pk", filter=received & Q(population_data=True)),
            resolved=Count("pk", filter=resolved),
            online_late=Count("pk", filter=online & (late | open_overdue)),
            t1=Sum(Coalesce("evaluation__total_time", outcome_points), filter=resolved),
            t2=Sum("evaluation__agency_time", filter=resolved),
            n2=Count("evaluation__agency_time", filter=resolved),
            t3=Sum(Coalesce("evaluation__contacts", contact_points), filter=resolved),
            t4=Sum("evaluation__agencies_contacted", filter=resolved),
            n4=Count("evaluation__agencies_contacted", filter=resolved),
            t7=Sum("evaluation__attitude", filter=resolved),
            n7=Count("evaluation__attitude", filter=resolved),
        )
    )
    # Plain rows straight from the cursor: the ORM's per-value converters cost more than the query here.
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    result: dict[tuple[int, str], dict[int, tuple]] = defaultdict(dict)
    for unit_id, line, procedure_id, *values in fetched:
        result[(unit_id, line)][procedure_id] = tuple(int(value or 0) for value in values)
    return result


@dataclass(frozen=True)
class _ProcedureFacts:
    online: bool
    fee: bool
    on_time_11: bool | None
    on_time_12: bool | None
    complete: bool | None
    publication_points: int | None  # TT 01/2018 index 6


def _procedure_facts(date_from: dt.date, date_to: dt.date) -> tuple[dict[int, list[int]], dict[int, _ProcedureFacts]]:
    """Procedures by publishing unit, and each procedure's catalogue and publication facts for the window."""
    publications = defaultdict(list)
    fields = ("procedure_id", "decision_date", "legal_basis_effective_on", "national_database_published_on",
              "posted_at_one_stop", *PUBLICATION_COMPONENTS)
    for row in ProcedurePublication.objects.filter(decision_date__lte=date_to).values(*fields):
        publications[row["procedure_id"]].append(row)
    calendar = calendar_api.calendar_versions().version_on(date_to).calendar
    by_owner: dict[int, list[int]] = defaultdict(list)
    facts = {}
    for pk, unit_id, level, fee in Procedure.objects.values_list("pk", "unit_id", "online_level", "fee"):
        by_owner[unit_id].append(pk)
        rows = publications.get(pk, [])
        items = [
            score766.Publication(r["decision_date"], r["legal_basis_effective_on"], r["national_database_published_on"],
                                 all(r[name] for name in PUBLICATION_COMPONENTS))
            for r in rows
        ]
        on_time_11, on_time_12, complete = score766.publication_status(
            items, date_from=date_from, date_to=date_to, add_working_days=calendar.add_working_days
        )
        latest = max(rows, key=lambda r: r["decision_date"]) if rows else None
        points = None if latest is None else tt01.publication_points(
            posted_at_one_stop=latest["posted_at_one_stop"],
            published_electronically=latest["national_database_published_on"] is not None,
        )
        facts[pk] = _ProcedureFacts(level != OnlineLevel.NONE, fee > 0, on_time_11, on_time_12, complete, points)
    return by_owner, facts


def _share(facts: Iterable[bool | None]) -> Ratio:
    counted = [f for f in facts if f is not None]
    return Ratio(sum(1 for f in counted if f), len(counted))


@dataclass
class _MemberSums:
    """One data unit's dossier sums for the window, ready to be added up the hierarchy."""

    column: list[int]
    used_online: set[int]  # procedures with an online dossier received in the window
    paid: set[int]  # procedures with a dossier paid online
    publication: list[int]  # TT 01/2018 index 6: [points × resolved, resolved] over published procedures


def _member_sums(sums: dict[tuple[int, str], dict[int, tuple]], facts: dict[int, _ProcedureFacts]) -> dict[tuple[int, str], _MemberSums]:
    online, paid, resolved = _SUMS.index("online"), _SUMS.index("paid"), _SUMS.index("resolved")
    result = {}
    for member, by_procedure in sums.items():
        column = [0] * len(_SUMS)
        publication = [0, 0]
        for procedure_id, row in by_procedure.items():
            for position, value in enumerate(row):
                column[position] += value
            points = facts[procedure_id].publication_points if procedure_id in facts else None
            if points is not None:
                publication[0] += points * row[resolved]
                publication[1] += row[resolved]
        result[member] = _MemberSums(
            column,
            {pk for pk, row in by_procedure.items() if row[online]},
            {pk for pk, row in by_procedure.items() if row[paid]},
            publication,
        )
    return result


def unit_scores(*, units: Iterable[Unit], date_from: dt.date, date_to: dt.date) -> dict[int, UnitScore]:
    """The QĐ 766 scorecard and the TT 01/2018 evaluation of each unit for the window, by unit id."""
    units = list(units)
    rules = scoring_rules()
    # The one rule for whose dossiers count (with the carried-over stock, as the window totals use).
    scopes = data_scopes(units=units, date_from=date_from, date_to=date_to, carried_over=True)
    totals = totals_for_units(units=units, date_from=date_from, date_to=date_to)
    by_owner, facts = _procedure_facts(date_from, date_to)
    wanted = set().union(*(scope.paths for scope in scopes.values())) if scopes else set()
    by_unit: dict[int, list[tuple[str, _MemberSums]]] = defaultdict(list)
    for (pk, line), part in _member_sums(_dossier_sums(wanted, date_from, date_to), facts).items():
        by_unit[pk].append((line, part))
    graph = UnitGraph.load()
    registered = {
        code: sources.values(source.code, units=units, date_from=date_from, date_to=date_to)
        for code, source in sources.by_score766().items()
    }
    result = {}
    by_catalogue: dict[tuple, tuple] = {}  # most units share their catalogue (the province's): compute it once
    for unit in units:
        owners = graph.descendants(unit.pk) | set(graph.ancestors(unit.pk))
        key = tuple(sorted(owner for owner in owners if owner in by_owner))
        if key not in by_catalogue:
            by_catalogue[key] = _catalogue_values([pk for owner in key for pk in by_owner[owner]], facts)
        applying = by_catalogue[key]
        scope = scopes[unit.pk]
        parts = [part for pk in scope.paths for line, part in by_unit.get(pk, ()) if scope.allows(pk, line)]
        merged = _MemberSums(
            [sum(column) for column in zip(*(p.column for p in parts), strict=True)] if parts else [0] * len(_SUMS),
            set().union(*(p.used_online for p in parts)),
            set().union(*(p.paid for p in parts)),
            [sum(p.publication[0] for p in parts), sum(p.publication[1] for p in parts)],
        )
        result[unit.pk] = _score_unit(unit, rules, totals[unit.pk], merged, applying, facts,
                                      {code: found[unit.pk] for code, found in registered.items()})
    return result


def _catalogue_values(applying: list[int], facts: dict[int, _ProcedureFacts]) -> tuple[dict, list[int], list[int]]:
    """Group 1 and 3.1 values of a set of applying procedures, with its online and fee procedures."""
    online_procedures = [pk for pk in applying if facts[pk].online]
    fee_procedures = [pk for pk in applying if facts[pk].fee]
    values = {
        "1.1": _share(facts[pk].on_time_11 for pk in applying),
        "1.2": _share(facts[pk].on_time_12 for pk in applying),
        "1.3": _share(facts[pk].complete for pk in applying),
        "3.1": Ratio(len(online_procedures), len(applying)),
    }
    return values, online_procedures, fee_procedures


def _score_unit(unit, rules, totals, sums: _MemberSums, applying, facts, registered: dict) -> UnitScore:
    column = dict(zip(_SUMS, sums.column, strict=True))
    catalogue_values, online_procedures, fee_procedures = applying
    received = column["received"]
    values = {
        **catalogue_values,
        "1.4": None,  # synchronisation to the national portal is not recorded yet
        "2.1": catalogue.compute("on_time_rate_766", totals),
        "2.2": catalogue.compute("average_resolution_days", totals),
        "3.2": Ratio(sum(1 for pk in online_procedures if pk in sums.used_online), len(online_procedures)),
        "3.3": catalogue.compute("online_share", totals),
        "3.5": Ratio(sum(1 for pk in fee_procedures if pk in sums.paid), len(fee_procedures)),
        "3.6": catalogue.compute("online_payment_share", totals),
        "4.1": catalogue.compute("electronic_result_share", totals),
        "4.2": catalogue.compute("digitisation_share", totals),
        "4.3": Ratio(column["reused"], received),
        "4.4": Ratio(column["shared"], received),
        "4.5": Ratio(column["population"], received),
        # group 5 comes from petitions and ratings, registered by their apps (cchc.indicators.sources);
        # until an app registers an indicator it stays "chưa có dữ liệu"
        "5.1": None, "5.2": None, "5.3": None, "5.4": None,
        **{code: value for code, value in registered.items() if code.startswith("5.")},
    }
    resolved = column["resolved"]
    evaluation = tt01.evaluate(
        per_dossier={
            1: (column["t1"], resolved),
            2: (column["t2"], column["n2"]),
            3: (column["t3"], resolved),
            4: (column["t4"], column["n4"]),
            6: tuple(sums.publication),
            7: (column["t7"], column["n7"]),
        },
        online=tt01.online_service_points(
            online_procedures=catalogue_values["3.1"],
            online_dossiers=Ratio(column["online"], received),
            online_late=column["online_late"],
        ),
    )
    return UnitScore(unit, values, score766.score(values, rules), evaluation)


def unit_score(*, unit: Unit, date_from: dt.date, date_to: dt.date) -> UnitScore:
    return unit_scores(units=[unit], date_from=date_from, date_to=date_to)[unit.pk]
