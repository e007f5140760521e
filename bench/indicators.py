"""Dossier ingestion and indicators at province scale (default 1,000,000 dossiers in one year).

Generates realistic dossiers for the demo city (100 communes, 20 departments, ≈200 procedures,
channels and lateness at plausible rates) as a CSV file, then prints:

* ``ingest_rows_per_s``: the file import path (CSV reader → ``dossiers_ingest``: validation, due
  dates, classification, idempotent upsert, change marks);
* ``copy_rows_per_s`` (PostgreSQL only): ``COPY FROM`` of the very rows stored, into a copy of the
  dossier table with the same indexes;
* ``full_recompute_s``: ``aggregates_rebuild()``;
* ``indicators_quarter_s``: every metric for every unit of the city for the second quarter, and
  ``duckdb_quarter_s``: the same figures as one DuckDB query over the dossiers exported to Parquet
  (``pip install -e .[bench]``; skipped otherwise);
* ``score766_quarter_s``: the QĐ 766 100-point scorecard (and the TT 01/2018 indices) of every
  unit of the city for the second quarter, one pass (``cchc.indicators.scorecards.unit_scores``);
* ``incremental_10k_s``: ``aggregates_refresh()`` after 10,000 more dossiers.

Usage: ``python bench/indicators.py [--dossiers N]``; ``DATABASE_URL=postgres://…`` for PostgreSQL.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from _common import emit, setup_django, timed

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--dossiers", type=int, default=1_000_000, help="dossiers to generate (default 1,000,000)")
parser.add_argument("--seed", type=int, default=2026)
args = parser.parse_args()
if args.dossiers < 1000:
    sys.exit("--dossiers must be at least 1000")

vendor = setup_django()

from django.db import connection  # noqa: E402

from cchc.calendar.deadlines import DeadlineIndex  # noqa: E402
from cchc.calendar.workdays import WorkCalendar  # noqa: E402
from cchc.indicators import catalogue  # noqa: E402
from cchc.indicators.scorecards import unit_scores  # noqa: E402
from cchc.indicators.selectors import totals_for_units  # noqa: E402
from cchc.indicators.services import aggregates_rebuild, aggregates_refresh  # noqa: E402
from cchc.procedures.models import Dossier, Procedure  # noqa: E402
from cchc.procedures.services import dossiers_ingest, procedures_import  # noqa: E402
from cchc.units.demo import load_demo  # noqa: E402
from cchc.units.models import Unit, UnitKind  # noqa: E402
from cchc.units.selectors import data_scopes  # noqa: E402

YEAR = 2026
QUARTER = (date(YEAR, 4, 1), date(YEAR, 6, 30))
WORKDIR = Path(tempfile.mkdtemp(prefix="cchc-bench-dossiers-"))
rng = random.Random(args.seed)
index = DeadlineIndex(WorkCalendar.official())


def build_catalogue(city: Unit) -> tuple[list[tuple], list[tuple]]:
    sectors = ["Xây dựng", "Đất đai", "Hộ tịch", "Chứng thực", "Đăng ký kinh doanh", "Giao thông", "Y tế", "Giáo dục",
               "Lao động", "Văn hóa", "Nông nghiệp", "Tài nguyên nước", "Công thương", "Tư pháp", "Bảo trợ xã hội"]
    records = []
    for number in range(1, 201):
        level = "province" if number <= 100 else "commune"
        records.append((number + 1, {
            "code": f"1.{number:06d}", "name": f"Thủ tục minh họa số {number}", "sector": sectors[number % len(sectors)],
            "level": level, "processing_time": str(rng.choice([0, 1, 3, 5, 5, 7, 10, 15, 20])),
            "processing_unit": "working_day", "online_level": rng.choice(["full", "partial", "partial", "none"]),
            "fee": str(rng.choice([0, 0, 15000, 50000, 100000])), "paper_result": rng.choice(["1", "1", "0"]),
        }))
    procedures_import(records=records, unit=city, actor=None)
    rows = list(Procedure.objects.values_list("code", "level", "processing_time", "fee"))
    return [r for r in rows if r[1] == "province"], [r for r in rows if r[1] == "commune"]


def receiving_units(on: date) -> tuple[list[str], list[str]]:
    units = Unit.objects.valid_on(on)
    departments = list(units.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.INSPECTORATE, UnitKind.STEERING_OFFICE])
                       .values_list("code", flat=True))
    communes = list(units.filter(kind__in=[UnitKind.COMMUNE, UnitKind.WARD]).values_list("code", flat=True))
    return departments, communes


def working_days_of(first: date, last: date) -> list[date]:
    days, day = [], first
    while day <= last:
        if index.calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


HEADER = ["code", "procedure", "unit", "received_at", "channel", "status", "finished_at", "supplement_requests",
          "supplement_requested_at", "supplement_completed_at", "fee_amount", "paid_online", "components_digitised",
          "electronic_result", "apology_issued_on", "reused_digitised_data", "shared_data", "population_data"]


def dossier_row(serial: int, unit: str, procedure: tuple, day: date, horizon: date) -> list:
    code, _level, limit, fee = procedure
    limit = int(limit)
    received = datetime(day.year, day.month, day.day, rng.randint(7, 16), rng.randint(0, 59))
    channel = rng.choices(["online", "direct", "postal"], weights=[45, 50, 5])[0]
    due = index.add_working_days(day, limit)
    draw = rng.random()
    supplements, requested, completed, pause = 0, "", "", 0
    if draw < 0.08:
        supplements = 2 if draw < 0.004 else 1
        ask = index.add_working_days(day, 1)
        pause = rng.randint(1, 10)
        requested, completed = ask.isoformat(), (ask + timedelta(days=pause)).isoformat()
    outcome = rng.random()
    if outcome < 0.48:
        finish = index.add_working_days(day, rng.randint(0, max(0, limit - 1)))
    elif outcome < 0.95:
        finish = due
    elif outcome < 0.98:
        finish = index.add_working_days(due, rng.randint(1, 6))
    else:
        finish = index.add_working_days(day, rng.randint(1, limit + 2))
    finish = finish + timedelta(days=pause)
    finish = max(finish, day) if not completed else max(finish, date.fromisoformat(completed))
    status = "withdrawn" if outcome >= 0.98 else rng.choice(["resolved", "result_returned"])
    finished = datetime(finish.year, finish.month, finish.day, rng.randint(8, 16), rng.randint(0, 59))
    if finished < received:
        finished = received + timedelta(hours=1)
    if finish > horizon:
        status, finished = "in_progress", None
    late = finished is not None and outcome >= 0.95 and outcome < 0.98
    paid = channel == "online" and float(fee) > 0 and rng.random() < 0.55
    return [
        f"000.00.{serial // 10_000_000:02d}.H92-{day:%y%m%d}-{serial % 10_000_000:07d}", code, unit,
        received.isoformat(sep=" "), channel, status, finished.isoformat(sep=" ") if finished else "", supplements,
        requested, completed, fee, "1" if paid else "0", "1" if rng.random() < 0.7 else "0",
        "1" if rng.random() < 0.6 else "0", (due - timedelta(days=1)).isoformat() if late and rng.random() < 0.5 else "",
        "1" if rng.random() < 0.4 else "0", "1" if rng.random() < 0.2 else "0", "1" if rng.random() < 0.5 else "0",
    ]


def write_dossiers(path: Path, count: int, days: list[date], horizon: date, start_serial: int, catalogue_rows) -> None:
    province, commune = catalogue_rows
    departments, communes = receiving_units(days[0])
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for serial in range(start_serial, start_serial + count):
            if rng.random() < 0.3:
                unit, procedure = rng.choice(departments), rng.choice(province)
            else:
                unit, procedure = rng.choice(communes), rng.choice(commune)
            writer.writerow(dossier_row(serial, unit, procedure, rng.choice(days), horizon))


def ingest_file(path: Path, sender: Unit) -> int:
    with path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        result = dossiers_ingest(records=enumerate(reader, start=2), actor=None, unit=sender, name=path.name)
    return result.created + result.updated


def copy_rows_per_s() -> float | None:
    if vendor != "postgresql":
        return None
    table = Dossier._meta.db_table
    dump = WORKDIR / "dossiers.copy"
    with connection.cursor() as cursor:
        with dump.open("wb") as out, cursor.cursor.copy(f"COPY {table} TO STDOUT") as copy:
            for block in copy:
                out.write(block)
        cursor.execute(f"CREATE TABLE bench_copy (LIKE {table} INCLUDING ALL)")
        count = Dossier.objects.count()
        started = time.perf_counter()
        with dump.open("rb") as source, cursor.cursor.copy("COPY bench_copy FROM STDIN") as copy:
            while block := source.read(1 << 20):
                copy.write(block)
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_copy")
    return count / seconds


def all_indicators(units: list[Unit]) -> int:
    totals = totals_for_units(units=units, date_from=QUARTER[0], date_to=QUARTER[1])
    values = {pk: {spec.code: spec.compute(t) for spec in catalogue.METRICS} for pk, t in totals.items()}
    return len(values)


DUCKDB_SQL = """
WITH t AS (
  SELECT m.target_id,
    SUM(CASE WHEN d.received_on BETWEEN $from AND $to AND d.channel = 'direct' THEN 1 ELSE 0 END) AS received_direct,
    SUM(CASE WHEN d.received_on BETWEEN $from AND $to AND d.channel = 'online' THEN 1 ELSE 0 END) AS received_online,
    SUM(CASE WHEN d.received_on BETWEEN $from AND $to AND d.channel = 'postal' THEN 1 ELSE 0 END) AS received_postal,
    SUM(CASE WHEN d.received_on BETWEEN $from AND $to AND d.counts_online THEN 1 ELSE 0 END) AS online_counted,
    SUM(CASE WHEN d.received_on BETWEEN $from AND $to AND d.paid_online AND d.owes_fee THEN 1 ELSE 0 END) AS paid_online,
    SUM(CASE WHEN d.received_on BETWEEN $from AND $to AND d.owes_fee THEN 1 ELSE 0 END) AS owes_fee,
    SUM(CASE WHEN d.received_on BETWEEN $from AND $to AND d.counts_digitised THEN 1 ELSE 0 END) AS digitised,
    SUM(CASE WHEN d.finished_on BETWEEN $from AND $to AND d.outcome = 'early' THEN 1 ELSE 0 END) AS early,
    SUM(CASE WHEN d.finished_on BETWEEN $from AND $to AND d.outcome = 'on_time' THEN 1 ELSE 0 END) AS on_time,
    SUM(CASE WHEN d.finished_on BETWEEN $from AND $to AND d.outcome = 'late' THEN 1 ELSE 0 END) AS late,
    SUM(CASE WHEN d.finished_on BETWEEN $from AND $to AND d.outcome = 'returned' THEN 1 ELSE 0 END) AS returned,
    SUM(CASE WHEN d.finished_on BETWEEN $from AND $to AND d.outcome IN ('early', 'on_time', 'late') THEN d.resolution_days ELSE 0 END) AS days,
    SUM(CASE WHEN d.finished_on BETWEEN $from AND $to AND d.needs_electronic_result AND d.outcome IN ('early', 'on_time', 'late') THEN 1 ELSE 0 END) AS paper,
    SUM(CASE WHEN d.finished_on BETWEEN $from AND $to AND d.needs_electronic_result AND d.electronic_result AND d.outcome IN ('early', 'on_time', 'late') THEN 1 ELSE 0 END) AS electronic,
    SUM(CASE WHEN d.finished_on BETWEEN $from AND $to AND d.outcome = 'late' AND d.apology_issued_on IS NOT NULL THEN 1 ELSE 0 END) AS apology,
    SUM(CASE WHEN d.received_on < $from AND (d.finished_on IS NULL OR d.finished_on >= $from) THEN 1 ELSE 0 END) AS carried_over,
    SUM(CASE WHEN d.received_on <= $to AND (d.finished_on IS NULL OR d.finished_on > $to) THEN 1 ELSE 0 END) AS open_at_end,
    SUM(CASE WHEN d.received_on <= $to AND (d.finished_on IS NULL OR d.finished_on > $to) AND d.overdue_from <= $to THEN 1 ELSE 0 END) AS overdue_at_end
  FROM dossiers d JOIN members m ON m.unit_id = d.unit_id
  WHERE d.received_on <= $to
  GROUP BY m.target_id
)
SELECT *, (early + on_time) / NULLIF(early + on_time + late, 0) AS on_time_rate,
  (early + on_time + open_at_end - overdue_at_end) / NULLIF(early + on_time + late + open_at_end, 0) AS on_time_rate_766,
  (early + on_time) / NULLIF(early + on_time + late + overdue_at_end, 0) AS on_time_rate_due,
  early / NULLIF(early + on_time + late, 0) AS early_share, late / NULLIF(early + on_time + late, 0) AS late_share,
  days / NULLIF(early + on_time + late, 0) AS average_days,
  online_counted / NULLIF(received_direct + received_online + received_postal, 0) AS online_share,
  received_direct / NULLIF(received_direct + received_online + received_postal, 0) AS direct_share,
  received_postal / NULLIF(received_direct + received_online + received_postal, 0) AS postal_share,
  paid_online / NULLIF(owes_fee, 0) AS payment_share, electronic / NULLIF(paper, 0) AS electronic_share,
  digitised / NULLIF(received_direct + received_online + received_postal, 0) AS digitisation_share,
  apology / NULLIF(late, 0) AS apology_share
FROM t
"""


def duckdb_quarter_s(units: list[Unit]) -> float | None:
    try:
        import duckdb
    except ModuleNotFoundError:
        return None
    columns = ["unit_id", "received_on", "finished_on", "channel", "outcome", "overdue_from", "resolution_days",
               "counts_online", "owes_fee", "paid_online", "counts_digitised", "needs_electronic_result",
               "electronic_result", "apology_issued_on", "reused_digitised_data", "shared_data", "population_data"]
    export = WORKDIR / "dossiers.csv"
    with export.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in Dossier.objects.values_list(*columns).iterator(chunk_size=20000):
            writer.writerow(["" if v is None else (int(v) if isinstance(v, bool) else v) for v in row])
    # the bench province has no splits: every unit of a scope counts whole
    scopes = data_scopes(units=units, date_from=QUARTER[0], date_to=QUARTER[1], carried_over=True)
    members = {pk: scope.ids for pk, scope in scopes.items()}
    db = duckdb.connect()
    db.execute(f"COPY (SELECT * FROM read_csv_auto('{export}', header=true)) TO '{WORKDIR / 'dossiers.parquet'}' (FORMAT parquet)")
    db.execute(f"CREATE VIEW dossiers AS SELECT * FROM read_parquet('{WORKDIR / 'dossiers.parquet'}')")
    db.execute("CREATE TABLE members (target_id BIGINT, unit_id BIGINT)")
    db.executemany("INSERT INTO members VALUES (?, ?)", [(t, u) for t, ids in members.items() for u in ids])
    params = {"from": QUARTER[0], "to": QUARTER[1]}
    db.execute(DUCKDB_SQL, params).fetchall()  # warm the file cache like the database's
    started = time.perf_counter()
    rows = db.execute(DUCKDB_SQL, params).fetchall()
    seconds = time.perf_counter() - started
    assert len(rows) <= len(units)
    return seconds


def main() -> None:
    load_demo(communes=100, departments=20, divisions=3)
    city = Unit.objects.get(code="92")
    catalogue_rows = build_catalogue(city)
    year_days = working_days_of(date(YEAR, 1, 1), date(YEAR, 12, 31))
    main_file = WORKDIR / "dossiers.csv"
    write_dossiers(main_file, args.dossiers, year_days, date(YEAR, 12, 31), 1, catalogue_rows)
    emit("database", vendor)
    emit("dossiers", args.dossiers)

    seconds, stored = timed(ingest_file, main_file, city)
    emit("ingest_s", seconds)
    emit("ingest_rows_per_s", round(stored / seconds))
    copy_rate = copy_rows_per_s()
    if copy_rate is not None:
        emit("copy_rows_per_s", round(copy_rate))
        emit("ingest_share_of_copy", f"{100 * stored / seconds / copy_rate:.1f}%")

    full, _ = timed(aggregates_rebuild)
    emit("full_recompute_s", full)

    units = list(Unit.objects.overlapping(*QUARTER))
    quarter, count = timed(all_indicators, units)
    emit("indicators_quarter_units", count)
    emit("indicators_quarter_s", quarter)
    scores_seconds, scores = timed(unit_scores, units=units, date_from=QUARTER[0], date_to=QUARTER[1])
    emit("score766_quarter_units", len(scores))
    emit("score766_quarter_s", scores_seconds)
    duck = duckdb_quarter_s(units)
    if duck is None:
        emit("duckdb_quarter_s", "skipped (pip install duckdb)")
    else:
        emit("duckdb_quarter_s", duck)
        emit("indicators_vs_duckdb", f"{quarter / duck:.2f}x")

    extra = WORKDIR / "extra.csv"
    next_days = working_days_of(date(YEAR + 1, 1, 4), date(YEAR + 1, 1, 6))
    write_dossiers(extra, 10_000, next_days, date(YEAR + 1, 1, 6), 90_000_000, catalogue_rows)
    ingest_file(extra, city)
    incremental, _ = timed(aggregates_refresh)
    emit("incremental_10k_s", incremental)
    emit("incremental_share_of_full", f"{100 * incremental / full:.1f}%")


main()
