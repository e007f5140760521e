"""Writes of the indicators app: refreshing the dossier aggregates and recording indicator values.

The aggregate SQL is plain SQL-92 (INSERT … SELECT, UNION ALL, CASE, EXISTS) and runs unchanged
on SQLite and PostgreSQL; the test suite runs on both (``make test`` and ``make test-postgres``).
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Max
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
from cchc.procedures.models import Dossier, DossierChangeMark, DossierLine
from cchc.units.division import record_line
from cchc.units.models import SplitRecordKind
from cchc.units.selectors import split_mappings_by_unit

_RESOLVED = "('early', 'on_time', 'late')"


def _event_selects(marks: str | None) -> str:
    """The three event streams of a dossier (received, finished, became overdue), optionally limited to marked unit-days."""
    dossier = connection.ops.quote_name(Dossier._meta.db_table)
    lines = connection.ops.quote_name(DossierLine._meta.db_table)

    def source(day_column: str) -> str:
        split_line = f"LEFT JOIN {lines} l ON l.dossier_id = d.id"
        if marks is None:
            return f"{dossier} d {split_line}"
        return f"{_marked(marks)} CROSS JOIN {dossier} d {split_line}"

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

    def select(day_column: str, values: dict, where: str) -> str:
        columns = ", ".join(f"{values[m]} AS {m}" for m in MEASURES)
        if marks is not None:
            where += f" AND d.unit_id = k.mark_unit AND d.{day_column} = k.mark_day"
        return (
            f"SELECT d.unit_id AS unit_id, d.procedure_id AS procedure_id, d.{day_column} AS day, "
            f"COALESCE(l.line, '') AS line, {columns} "
            f"FROM {source(day_column)} WHERE {where}"
        )

    return " UNION ALL ".join(
        [
            select("received_on", received, "1 = 1"),
            select("finished_on", finished, "d.finished_on IS NOT NULL"),
            select(
                "overdue_from", overdue, "d.overdue_from IS NOT NULL AND (d.finished_on IS NULL OR d.overdue_from < d.finished_on)"
            ),
        ]
    )


def _marked(marks: str) -> str:
    """The distinct marked unit-days up to the watermark, as a derived table ``k``.

    Joined with CROSS JOIN and the condition in WHERE: valid SQL on both databases, and SQLite
    then loops over the few marks and looks dossiers up by index instead of scanning them.
    """
    return f"(SELECT DISTINCT unit_id AS mark_unit, day AS mark_day FROM {marks} WHERE id <= %(watermark)s) k"


def _sums() -> str:
    return ", ".join(f"SUM({m})" for m in MEASURES)


def _upsert_marked(marks: str, procedure_table: str, unit_table: str) -> str:
    """PostgreSQL: recompute the marked unit-days in one statement that writes only what changed.

    The fresh sums of the marked unit-days update the rows already there (only those whose figures
    differ: a marked day also holds older dossiers, e.g. those becoming overdue on it), insert the
    new ones and delete those left without events. Rows kept keep their references, so neither
    their indexes nor their foreign-key checks are redone.
    """
    columns = ", ".join(MEASURES)
    sums = ", ".join(f"SUM({m}) AS {m}" for m in MEASURES)
    assign = ", ".join(f"{m} = EXCLUDED.{m}" for m in MEASURES)

    def changed(table: str) -> str:
        return f"({', '.join(f'{table}.{m}' for m in MEASURES)}) IS DISTINCT FROM ({', '.join(f'EXCLUDED.{m}' for m in MEASURES)})"

    keys = f"(SELECT DISTINCT unit_id, day FROM {marks} WHERE id <= %(watermark)s) k"
    return (
        f"WITH fresh AS (SELECT unit_id, procedure_id, day, line, {sums} FROM ({_event_selects(marks)}) e "
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


def _recompute(watermark: int | None) -> None:
    """Delete and re-insert both aggregate tables, wholly or for the marked unit-days up to ``watermark``."""
    quote = connection.ops.quote_name
    procedure_table = quote(ProcedureDayAggregate._meta.db_table)
    unit_table = quote(UnitDayAggregate._meta.db_table)
    marks = quote(DossierChangeMark._meta.db_table) if watermark is not None else None
    columns = ", ".join(MEASURES)
    params = {"watermark": watermark}
    with connection.cursor() as cursor:
        if marks is None:
            for table in (procedure_table, unit_table):
                cursor.execute(f"DELETE FROM {table}")
        else:
            # Fresh statistics on the marks let PostgreSQL loop over them with the dossier and aggregate
            # indexes: one statement per table, whose cost follows the number of marked unit-days.
            cursor.execute(f"ANALYZE {marks}")
            if connection.vendor == "postgresql":
                # A few thousand index lookups: starting parallel workers would cost more than they save.
                cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
                cursor.execute(_upsert_marked(marks, procedure_table, unit_table), params)
                return
            for table in (procedure_table, unit_table):
                cursor.execute(
                    f"DELETE FROM {table} WHERE (unit_id, day) IN (SELECT unit_id, day FROM {marks} WHERE id <= %(watermark)s)",
                    params,
                )
        insert_procedure_days = (
            f"INSERT INTO {procedure_table} (unit_id, procedure_id, day, line, {columns}) "
            f"SELECT unit_id, procedure_id, day, line, {_sums()} FROM ({_event_selects(marks)}) e "
            f"GROUP BY unit_id, procedure_id, day, line"
        )
        cursor.execute(insert_procedure_days, params)
        source = (
            f"{procedure_table} a"
            if marks is None
            else f"{_marked(marks)} CROSS JOIN {procedure_table} a WHERE a.unit_id = k.mark_unit AND a.day = k.mark_day"
        )
        cursor.execute(
            f"INSERT INTO {unit_table} (unit_id, day, line, {columns}) "
            f"SELECT a.unit_id, a.day, a.line, {_sums()} FROM {source} GROUP BY a.unit_id, a.day, a.line",
            params,
        )


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
    _assign_lines()
    watermark = DossierChangeMark.objects.aggregate(last=Max("id"))["last"]
    if kind == RefreshKind.INCREMENTAL and watermark is None:
        return AggregateRefresh(kind=kind, started_at=started, seconds=0.0, marks=0)
    marks = DossierChangeMark.objects.filter(id__lte=watermark).count() if watermark is not None else 0
    _recompute(watermark if kind == RefreshKind.INCREMENTAL else None)
    if watermark is not None:
        DossierChangeMark.objects.filter(id__lte=watermark).delete()
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
