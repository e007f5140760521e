"""The incremental refresh recomputes the marked unit-days with one set-based statement per step,
so that its cost follows the number of marked unit-days, and gives what a full rebuild gives."""

from __future__ import annotations

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from cchc.core.testing.personas import build_world
from cchc.indicators.models import ProcedureDayAggregate, UnitDayAggregate
from cchc.indicators.services import aggregates_rebuild, aggregates_refresh
from cchc.procedures.models import DossierChangeMark
from cchc.procedures.tests.factories import make_dossiers, make_procedure


def aggregates():
    columns = [f.attname for f in UnitDayAggregate._meta.concrete_fields if f.attname != "id"]
    per_procedure = [f.attname for f in ProcedureDayAggregate._meta.concrete_fields if f.attname != "id"]
    return (
        sorted(UnitDayAggregate.objects.values_list(*columns)),
        sorted(ProcedureDayAggregate.objects.values_list(*per_procedure)),
    )


class TestIncrementalRefresh(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.procedure = make_procedure(cls.world.province)

    def test_marked_unit_days_are_recomputed_set_wise_and_match_a_rebuild(self):
        unit = self.world.province
        moved = {"code": "MOVED", "received_at": "19/03/2025 09:00", "finished_at": "22/03/2025 10:00"}
        make_dossiers(unit, self.procedure, *[
            {"received_at": f"{day:02d}/03/2025 09:00", "finished_at": f"{day + 3:02d}/03/2025 10:00"} for day in range(3, 19)
        ], moved)
        aggregates_refresh()
        # New days, a day with figures already (05/03), and a finish moved off a day that then has none (22/03).
        make_dossiers(unit, self.procedure, *[
            {"received_at": f"{day:02d}/04/2025 09:00", "channel": "online"} for day in range(1, 25)
        ], {"received_at": "05/03/2025 10:00", "status": "withdrawn", "finished_at": "20/03/2025 10:00"},
            {**moved, "finished_at": "25/03/2025 10:00"})
        self.assertGreater(DossierChangeMark.objects.count(), 20)
        with CaptureQueriesContext(connection) as queries:
            aggregates_refresh()
        repeated = [q["sql"] for q in queries.captured_queries if q["sql"].split(" ", 2)[1:2] == ["times:"]]
        self.assertEqual(repeated, [], "a statement run once per marked unit-day")
        writes = [q["sql"] for q in queries.captured_queries
                  if q["sql"].startswith(("DELETE", "INSERT", "WITH")) and "dayaggregate" in q["sql"]]
        # SQLite: a delete and an insert per aggregate table; PostgreSQL: one statement for both tables.
        self.assertEqual(len(writes), 1 if connection.vendor == "postgresql" else 4)
        refreshed = aggregates()
        self.assertFalse(UnitDayAggregate.objects.filter(unit=unit, day="2025-03-22").exists())
        aggregates_rebuild()
        self.assertEqual(refreshed, aggregates())
        self.assertFalse(DossierChangeMark.objects.exists())
