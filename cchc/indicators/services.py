"""Writes of the indicators app: refreshing the dossier aggregates and recording indicator values.

The incremental refresh is additive: each ingestion records which dossiers it wrote
(``DossierDelta``: runs of new ids, and for an updated dossier what the aggregates counted of it
before), and the refresh adds each written dossier's events and takes its former ones away, so its
cost follows the dossiers written, not the unit-days they touch (a day also holds older dossiers,
e.g. those becoming overdue on it). Other writes (a split line assigned, a data migration) mark
unit-days (``DossierChangeMark``), which are recomputed whole. A full rebuild recomputes everything.

The aggregate SQL is plain SQL (INSERT … SELECT, UPDATE … FROM, UNION ALL, CASE, EXISTS, upsert) and
runs unchanged on SQLite and PostgreSQL, apart from the one-statement recomputation of marked
unit-days on PostgreSQL; the test suite runs on both (``make test`` and ``make test-postgres``).
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from cchc.indicators import catalogue, selectors
from cchc.indicators.models import (
    MEASURES,
    AggregateRefresh,
    IndicatorValue,
    Metric,
    ProcedureDayAggregate,
    RefreshKind,
    UnitDayAggregate,
)
from cchc.procedures.models import Dossier, DossierChangeMark, DossierDelta, DossierLine
from cchc.units.division import record_line
from cchc.units.models import SplitRecordKind
from cchc.units.selectors import split_mappings_by_unit

_RESOLVED = "('early', 'on_time', 'late')"


def _stream_values() -> dict[str, dict[str, str]]:
    """What each event of a dossier adds to each measure, as SQL over a row ``d`` with the dossier's columns."""
    zeros = dict.fromkeys(MEASURES, "0")
    received = {
        **zeros,
        "received_direct": "CASE WHEN d.channel = 'direct' THEN 1 ELSE 0 END",
        "received_online": "CASE WHEN d.channel = 'online' THEN 1 ELSE 0 END",
        "received_postal": "CASE WHEN d.channel = 'postal' THEN 1 ELSE 0 END",
        "received_online_counted": "CASE WHEN d.counts_online THEN 1 ELSE 0 END",
        "paid_online": "CASE WHEN d.paid_online AND d.owes_fee THEN 1 ELSE 0 END",
        "owes_fee": "CASE WHEN d.owes_fee THEN 1 ELSE 0 END",
        "digitised": "CASE WHEN d.counts_digitised THEN 1 ELSE 0 END",
    }
    finished = {
        **zeros,
        "resolved_early": "CASE WHEN d.outcome = 'early' THEN 1 ELSE 0 END",
        "resolved_on_time": "CASE WHEN d.outcome = 'on_time' THEN 1 ELSE 0 END",
        "resolved_late": "CASE WHEN d.outcome = 'late' THEN 1 ELSE 0 END",
        "returned_or_withdrawn": "CASE WHEN d.outcome = 'returned' THEN 1 ELSE 0 END",
        "resolution_days": f"CASE WHEN d.outcome IN {_RESOLVED} THEN COALESCE(d.resolution_days, 0) ELSE 0 END",
        "paper_result_finished": f"CASE WHEN d.needs_electronic_result AND d.outcome IN {_RESOLVED} THEN 1 ELSE 0 END",
        "electronic_result_finished": (
            f"CASE WHEN d.needs_electronic_result AND d.electronic_result AND d.outcome IN {_RESOLVED} THEN 1 ELSE 0 END"
        ),
        "late_with_apology": "CASE WHEN d.outcome = 'late' AND d.apology_issued_on IS NOT NULL THEN 1 ELSE 0 END",
        "overdue_closed": "CASE WHEN d.overdue_from IS NOT NULL AND d.overdue_from < d.finished_on THEN 1 ELSE 0 END",
    }
    overdue = {**zeros, "overdue_opened": "1"}
    return {"received_on": received, "finished_on": finished, "overdue_from": overdue}


_STREAM_WHERE = {
    "received_on": "1 = 1",
    "finished_on": "d.finished_on IS NOT NULL",
    "overdue_from": "d.overdue_from IS NOT NULL AND (d.finished_on IS NULL OR d.overdue_from < d.finished_on)",
}


def _streams(source: str, *, line: str, where: str = "", sign: str = "", marked: bool = False) -> str:
    """The three event streams (received, finished, became overdue) of the rows ``d`` of ``source``, as
    (unit_id, procedure_id, day, line, measures…); ``sign`` "-" takes them away; ``marked``: only the
    events of the marked unit-days (``source`` then joins the marks as ``k``)."""
    selects = []
    for day_column, values in _stream_values().items():
        condition = _STREAM_WHERE[day_column] + where
        if marked:
            condition += f" AND d.unit_id = k.mark_unit AND d.{day_column} = k.mark_day"
        columns = ", ".join(f"{sign}({values[m]}) AS {m}" for m in MEASURES)
        selects.append(
            f"SELECT d.unit_id AS unit_id, d.procedure_id AS procedure_id, d.{day_column} AS day, {line} AS line, "
            f"{columns} FROM {source} WHERE {condition}"
        )
    return " UNION ALL ".join(selects)


def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "dossier": quote(Dossier._meta.db_table),
        "lines": quote(DossierLine._meta.db_table),
        "marks": quote(DossierChangeMark._meta.db_table),
        "deltas": quote(DossierDelta._meta.db_table),
        "procedure_days": quote(ProcedureDayAggregate._meta.db_table),
        "unit_days": quote(UnitDayAggregate._meta.db_table),
    }


def _event_selects(marked: bool) -> str:
    """The events of every dossier, or of the marked unit-days only."""
    t = _tables()
    source = f"{t['dossier']} d LEFT JOIN {t['lines']} l ON l.dossier_id = d.id"
    if marked:
        source = f"{_marked(t['marks'])} CROSS JOIN {source}"
    return _streams(source, line="COALESCE(l.line, '')", marked=marked)


def _marked(marks: str) -> str:
    """The distinct marked unit-days, as a derived table ``k``.

    Joined with CROSS JOIN and the condition in WHERE: valid SQL on both databases, and SQLite
    then loops over the few marks and looks dossiers up by index instead of scanning them.
    """
    return f"(SELECT DISTINCT unit_id AS mark_unit, day AS mark_day FROM {marks}) k"


def _sums() -> str:
    return ", ".join(f"SUM({m})" for m in MEASURES)


def _upsert_marked() -> str:
    """PostgreSQL: recompute the marked unit-days in one statement that writes only what changed.

    The fresh sums of the marked unit-days update the rows already there (only those whose figures
    differ: a marked day also holds older dossiers, e.g. those becoming overdue on it), insert the
    new ones and delete those left without events. Rows kept keep their references, so neither
    their indexes nor their foreign-key checks are redone.
    """
    t = _tables()
    procedure_table, unit_table = t["procedure_days"], t["unit_days"]
    columns = ", ".join(MEASURES)
    sums = ", ".join(f"SUM({m}) AS {m}" for m in MEASURES)
    assign = ", ".join(f"{m} = EXCLUDED.{m}" for m in MEASURES)

    def changed(table: str) -> str:
        return f"({', '.join(f'{table}.{m}' for m in MEASURES)}) IS DISTINCT FROM ({', '.join(f'EXCLUDED.{m}' for m in MEASURES)})"

    keys = f"(SELECT DISTINCT unit_id, day FROM {t['marks']}) k"
    return (
        f"WITH fresh AS (SELECT unit_id, procedure_id, day, line, {sums} FROM ({_event_selects(marked=True)}) e "
        f"GROUP BY unit_id, procedure_id, day, line), "
        f"gone AS (DELETE FROM {procedure_table} t USING {keys} WHERE t.unit_id = k.unit_id AND t.day = k.day "
        f"AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.unit_id = t.unit_id AND f.day = t.day "
        f"AND f.procedure_id = t.procedure_id AND f.line = t.line)), "
        f"saved AS (INSERT INTO {procedure_table} AS a (unit_id, procedure_id, day, line, {columns}) "
        f"SELECT unit_id, procedure_id, day, line, {columns} FROM fresh "
        f"ON CONFLICT (unit_id, day, procedure_id, line) DO UPDATE SET {assign} WHERE {changed('a')}), "
        f"units AS (SELECT unit_id, day, line, {sums} FROM fresh GROUP BY unit_id, day, line), "
        f"unit_gone AS (DELETE FROM {unit_table} t USING {keys} WHERE t.unit_id = k.unit_id AND t.day = k.day "
        f"AND NOT EXISTS (SELECT 1 FROM units u WHERE u.unit_id = t.unit_id AND u.day = t.day AND u.line = t.line)) "
        f"INSERT INTO {unit_table} AS a (unit_id, day, line, {columns}) SELECT unit_id, day, line, {columns} FROM units "
        f"ON CONFLICT (unit_id, day, line) DO UPDATE SET {assign} WHERE {changed('a')}"
    )


def _recompute_all() -> None:
    """Delete and re-insert both aggregate tables from every dossier."""
    t = _tables()
    columns = ", ".join(MEASURES)
    with connection.cursor() as cursor:
        for table in (t["procedure_days"], t["unit_days"]):
            cursor.execute(f"DELETE FROM {table}")
        cursor.execute(
            f"INSERT INTO {t['procedure_days']} (unit_id, procedure_id, day, line, {columns}) "
            f"SELECT unit_id, procedure_id, day, line, {_sums()} FROM ({_event_selects(marked=False)}) e "
            f"GROUP BY unit_id, procedure_id, day, line"
        )
        cursor.execute(
            f"INSERT INTO {t['unit_days']} (unit_id, day, line, {columns}) "
            f"SELECT a.unit_id, a.day, a.line, {_sums()} FROM {t['procedure_days']} a GROUP BY a.unit_id, a.day, a.line"
        )


def _recompute_marked() -> None:
    """Recompute both aggregate tables for the marked unit-days from their dossiers."""
    t = _tables()
    columns = ", ".join(MEASURES)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_upsert_marked())
            return
        for table in (t["procedure_days"], t["unit_days"]):
            cursor.execute(f"DELETE FROM {table} WHERE (unit_id, day) IN (SELECT unit_id, day FROM {t['marks']})")
        cursor.execute(
            f"INSERT INTO {t['procedure_days']} (unit_id, procedure_id, day, line, {columns}) "
            f"SELECT unit_id, procedure_id, day, line, {_sums()} FROM ({_event_selects(marked=True)}) e "
            f"GROUP BY unit_id, procedure_id, day, line"
        )
        cursor.execute(
            f"INSERT INTO {t['unit_days']} (unit_id, day, line, {columns}) "
            f"SELECT a.unit_id, a.day, a.line, {_sums()} FROM {_marked(t['marks'])} CROSS JOIN {t['procedure_days']} a "
            f"WHERE a.unit_id = k.mark_unit AND a.day = k.mark_day GROUP BY a.unit_id, a.day, a.line"
        )


_DELTA_TABLE = "cchc_aggregate_delta"


def _delta_events() -> str:
    """Events of the dossiers the ingestions wrote since the last refresh (``DossierDelta``): each as it
    now is, less what the aggregates counted of it before, on the unit-days no mark recomputes.

    A dossier may be named by several entries (new, then changed twice): only its first entry counts,
    which is its run of new ids if it is new since the last refresh (then nothing was counted before),
    else its earliest image (what the aggregates hold). Each dossier is thus read once, by id range.
    """
    t = _tables()

    def first(entry: str) -> str:
        return (
            f"({entry}.unit_id IS NULL OR (NOT EXISTS (SELECT 1 FROM {t['deltas']} n WHERE n.unit_id IS NULL "
            f"AND {entry}.first_id BETWEEN n.first_id AND n.last_id) AND NOT EXISTS (SELECT 1 FROM {t['deltas']} e "
            f"WHERE e.unit_id IS NOT NULL AND e.first_id = {entry}.first_id AND e.id < {entry}.id)))"
        )

    current = (
        f"{t['deltas']} r JOIN {t['dossier']} d ON d.id >= r.first_id AND d.id <= r.last_id "
        f"LEFT JOIN {t['lines']} l ON l.dossier_id = d.id"
    )
    events = " UNION ALL ".join([
        _streams(current, line="COALESCE(l.line, '')", where=f" AND {first('r')}"),
        _streams(f"{t['deltas']} d", line="d.line", where=f" AND d.unit_id IS NOT NULL AND {first('d')}", sign="-"),
    ])
    return (
        f"SELECT * FROM ({events}) e "
        f"WHERE NOT EXISTS (SELECT 1 FROM {t['marks']} k WHERE k.unit_id = e.unit_id AND k.day = e.day)"
    )


def _apply_deltas() -> None:
    """Add the written dossiers' net events to both aggregate tables.

    Net changes that only add (new dossiers: nearly all of them) are upserted in one statement. A net
    change that takes something away is applied to the row there (a proposed row of an upsert is
    checked against the columns' constraints, counts are never negative, before its conflict is found),
    and the rows it leaves at zero are deleted: a full rebuild has none, every event counts somewhere.
    ``UPDATE … FROM`` needs SQLite 3.33 or later.
    """
    t = _tables()
    columns = ", ".join(MEASURES)
    sums = ", ".join(f"SUM({m}) AS {m}" for m in MEASURES)
    nonzero = " OR ".join(f"SUM({m}) <> 0" for m in MEASURES)
    negative = f"CASE WHEN {' OR '.join(f'SUM({m}) < 0' for m in MEASURES)} THEN 1 ELSE 0 END AS negative"
    upsert = ", ".join(f"{m} = a.{m} + EXCLUDED.{m}" for m in MEASURES)
    add = ", ".join(f"{m} = a.{m} + x.{m}" for m in MEASURES)
    zero = " AND ".join(f"{m} = 0" for m in MEASURES)
    unit_sums = (
        f"(SELECT unit_id, day, line, {sums}, {negative} FROM {_DELTA_TABLE} GROUP BY unit_id, day, line HAVING {nonzero})"
    )
    targets = (
        (t["procedure_days"], ("unit_id", "day", "procedure_id", "line"), _DELTA_TABLE),
        (t["unit_days"], ("unit_id", "day", "line"), unit_sums),
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_DELTA_TABLE}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_DELTA_TABLE} AS SELECT unit_id, procedure_id, day, line, {sums}, {negative} "
            f"FROM ({_delta_events()}) e GROUP BY unit_id, procedure_id, day, line HAVING {nonzero}"
        )
        cursor.execute(f"ANALYZE {_DELTA_TABLE}")
        for table, key, delta in targets:
            keys = ", ".join(key)
            cursor.execute(
                f"INSERT INTO {table} AS a ({keys}, {columns}) SELECT {keys}, {columns} FROM {delta} AS x "
                f"WHERE x.negative = 0 ON CONFLICT ({keys}) DO UPDATE SET {upsert}"
            )
            same = " AND ".join(f"a.{k} = x.{k}" for k in key)
            cursor.execute(f"UPDATE {table} AS a SET {add} FROM {delta} AS x WHERE x.negative = 1 AND {same}")
            cursor.execute(
                f"DELETE FROM {table} WHERE {zero} AND ({keys}) IN (SELECT {keys} FROM {delta} AS x WHERE x.negative = 1)"
            )
        cursor.execute(f"DROP TABLE {_DELTA_TABLE}")


def _assign_lines() -> int:
    """Give every dossier of a unit some split divided its line (``cchc.units.division``) from the
    splits' confirmed mappings, and mark the unit-days of the dossiers whose line changed.

    Only dossiers of split units are read, so a province without splits pays one query. Returns how
    many dossiers changed line.
    """
    by_unit = split_mappings_by_unit()
    wanted: dict[int, str] = {}
    if by_unit:
        rows = Dossier.objects.filter(unit_id__in=list(by_unit)).values_list("pk", "unit_id", "procedure_id", "procedure__sector")
        for pk, unit_id, procedure_id, sector in rows.iterator(chunk_size=10_000):
            line = record_line(by_unit[unit_id], SplitRecordKind.DOSSIER, pk, procedure_id=procedure_id, sector=sector)
            if line:
                wanted[pk] = line
    current = dict(DossierLine.objects.values_list("dossier_id", "line"))
    changed = [pk for pk in wanted.keys() | current.keys() if wanted.get(pk) != current.get(pk)]
    if not changed:
        return 0
    DossierLine.objects.filter(dossier_id__in=changed).delete()
    DossierLine.objects.bulk_create([DossierLine(dossier_id=pk, line=wanted[pk]) for pk in changed if pk in wanted])
    days = set()
    for unit_id, *on in Dossier.objects.filter(pk__in=changed).values_list("unit_id", "received_on", "finished_on", "overdue_from"):
        days.update((unit_id, day) for day in on if day is not None)
    DossierChangeMark.objects.bulk_create([DossierChangeMark(unit_id=unit_id, day=day) for unit_id, day in days])
    return len(changed)


def _run(kind: str) -> AggregateRefresh:
    started = timezone.now()
    clock = time.perf_counter()
    t = _tables()
    if connection.vendor == "postgresql":
        # Refreshes run one at a time, and no write of marks or deltas commits meanwhile (an ingestion
        # that has written some is waited for; one that has not yet waits for this refresh): every
        # statement below sees the same dossiers, and each delta is added exactly once.
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {t['marks']}, {t['deltas']} IN SHARE ROW EXCLUSIVE MODE")
    _assign_lines()
    marks = DossierChangeMark.objects.count()
    deltas = DossierDelta.objects.exists()
    if kind == RefreshKind.INCREMENTAL and not marks and not deltas:
        return AggregateRefresh(kind=kind, started_at=started, seconds=0.0, marks=0)
    if kind == RefreshKind.FULL:
        _recompute_all()
    else:
        with connection.cursor() as cursor:
            # Fresh statistics on the pending rows let the database loop over them with the dossier and
            # aggregate indexes, so that the cost follows what was written.
            cursor.execute(f"ANALYZE {t['marks']}")
            cursor.execute(f"ANALYZE {t['deltas']}")
            if connection.vendor == "postgresql":
                # A few thousand index lookups: parallel workers or compiled plans would cost more than they save.
                cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
                cursor.execute("SET LOCAL jit = off")
        if marks:
            _recompute_marked()
        if deltas:
            _apply_deltas()
    DossierChangeMark.objects.all().delete()
    DossierDelta.objects.all().delete()
    return AggregateRefresh.objects.create(kind=kind, started_at=started, seconds=time.perf_counter() - clock, marks=marks)


@transaction.atomic
def aggregates_refresh() -> AggregateRefresh:
    """Recompute the aggregates of the unit-days marked since the last run (idempotent)."""
    return _run(RefreshKind.INCREMENTAL)


@transaction.atomic
def aggregates_rebuild() -> AggregateRefresh:
    """Recompute every aggregate from the dossiers (on demand, e.g. after a rule correction)."""
    return _run(RefreshKind.FULL)


@transaction.atomic
def targets_measure(*, on: dt.date) -> int:
    """Record, for every plan target of ``on``'s year that names a known metric, the metric's value
    from 1 January to ``on`` (through the plans app's ``target_record_value``). Returns how many.

    Values already recorded for a later day (e.g. by hand) are left alone; re-running changes nothing.
    """
    from cchc.plans.services import target_record_value  # the plans app may import this app's selectors

    targets = (
        apps.get_model("plans", "Target").objects.filter(plan__year=on.year, is_suggestion=False).exclude(metric_code="")
        .select_related("plan__unit")
    )
    recorded = 0
    for target in targets:
        if target.measured_on is not None and target.measured_on >= on:
            continue
        try:
            ratio = selectors.metric_value(metric_code=target.metric_code, unit=target.plan.unit, date_from=dt.date(on.year, 1, 1), date_to=on)
        except KeyError:
            continue
        value = ratio.percent() if target.value_unit == "%" else ratio.rounded()
        if value is not None:
            target_record_value(target=target, value=value, period_end=on, actor=None)
            recorded += 1
    return recorded


@transaction.atomic
def indicator_values_record(*, unit, date_from: dt.date, date_to: dt.date, actor=None) -> list[IndicatorValue]:
    """Compute every metric for ``unit`` and the window and store them as numerator and denominator."""
    totals = selectors.totals_for_units(units=[unit], date_from=date_from, date_to=date_to)[unit.pk]
    now = timezone.now()
    recorded = []
    for metric in Metric.objects.filter(code__in=list(catalogue.BY_CODE)):
        ratio = catalogue.compute(metric.code, totals)
        value, _ = IndicatorValue.objects.update_or_create(
            unit=unit,
            metric=metric,
            date_from=date_from,
            date_to=date_to,
            defaults={
                "numerator": Decimal(ratio.numerator),
                "denominator": Decimal(ratio.denominator),
                "computed_at": now,
            },
        )
        recorded.append(value)
    return recorded


@transaction.atomic
def scoring_rule_save(*, rule, actor):
    """Record an edited QĐ 766 scoring rule (points, threshold, whether a source confirms it), with its author."""
    rule.full_clean()
    rule._history_user = actor
    rule.save()
    return rule
