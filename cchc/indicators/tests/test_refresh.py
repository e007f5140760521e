"""The incremental refresh adds what the ingestions wrote since the last run (``DossierDelta``: each
dossier as it now is, less what the aggregates counted of it before) and recomputes the unit-days
other writes marked, with one set-based statement per step, so that its cost follows the dossiers
written; it gives exactly what a full rebuild gives."""

from __future__ import annotations

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from cchc.core.testing.personas import build_world
from cchc.indicators.models import ProcedureDayAggregate, UnitDayAggregate
from cchc.indicators.services import aggregates_rebuild, aggregates_refresh
from cchc.procedures.models import Dossier, DossierChangeMark, DossierDelta
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

    def assert_refresh_equals_rebuild(self):
        aggregates_refresh()
        refreshed = aggregates()
        aggregates_rebuild()
        self.assertEqual(refreshed, aggregates())
        self.assertFalse(DossierDelta.objects.exists())
        self.assertFalse(DossierChangeMark.objects.exists())

    def test_written_dossiers_are_added_set_wise_and_match_a_rebuild(self):
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
        # One run of 25 new ids, and MOVED as the aggregates counted it (finished 22/03, early).
        moved_pk = Dossier.objects.get(code="MOVED").pk
        runs = list(DossierDelta.objects.filter(unit_id=None).values_list("first_id", "last_id"))
        self.assertEqual([last - first + 1 for first, last in runs], [25])
        image = DossierDelta.objects.get(first_id=moved_pk)
        self.assertEqual((str(image.finished_on), image.outcome, image.line), ("2025-03-22", "early", ""))
        self.assertFalse(DossierChangeMark.objects.exists())
        with CaptureQueriesContext(connection) as queries:
            aggregates_refresh()
        repeated = [q["sql"] for q in queries.captured_queries if q["sql"].split(" ", 2)[1:2] == ["times:"]]
        self.assertEqual(repeated, [], "a statement run once per dossier or unit-day")
        writes = [q["sql"] for q in queries.captured_queries
                  if q["sql"].startswith(("DELETE", "INSERT", "UPDATE", "WITH")) and "dayaggregate" in q["sql"]]
        # Per aggregate table: the net events added to the rows there, the new rows, the rows left at zero deleted.
        self.assertEqual(len(writes), 6)
        refreshed = aggregates()
        self.assertFalse(UnitDayAggregate.objects.filter(unit=unit, day="2025-03-22").exists())
        aggregates_rebuild()
        self.assertEqual(refreshed, aggregates())
        self.assertFalse(DossierDelta.objects.exists())

    def test_a_dossier_written_twice_between_refreshes_counts_once_as_it_ends(self):
        """New in one file and changed in the next before any refresh; changed twice after one."""
        unit = self.world.province
        make_dossiers(unit, self.procedure, {"code": "OLD", "received_at": "03/03/2025 09:00"})
        aggregates_refresh()
        make_dossiers(unit, self.procedure, {"code": "NEW", "received_at": "04/03/2025 09:00"},
                      {"code": "OLD", "received_at": "03/03/2025 09:00", "finished_at": "05/03/2025 10:00"})
        make_dossiers(unit, self.procedure,
                      {"code": "NEW", "received_at": "04/03/2025 09:00", "finished_at": "06/03/2025 10:00"},
                      {"code": "OLD", "received_at": "03/03/2025 09:00", "finished_at": "20/03/2025 10:00"})
        # OLD has two images (open, then finished 05/03): the first is what the aggregates hold.
        self.assertEqual(DossierDelta.objects.exclude(unit_id=None).count(), 3)
        self.assert_refresh_equals_rebuild()
        totals = UnitDayAggregate.objects.filter(unit=unit)
        self.assertEqual(sum(totals.values_list("received_direct", flat=True)), 2)
        self.assertEqual(sum(totals.values_list("resolved_late", flat=True)), 1)  # OLD, due 10/03
        self.assertEqual(sum(totals.values_list("resolved_early", flat=True)), 1)  # NEW

    def test_marked_unit_days_and_deltas_together(self):
        """A mark (here: a day some other write changed) is recomputed whole; deltas skip its unit-day."""
        unit = self.world.province
        make_dossiers(unit, self.procedure, {"code": "A", "received_at": "03/03/2025 09:00"})
        aggregates_refresh()
        make_dossiers(unit, self.procedure, {"code": "B", "received_at": "03/03/2025 10:00"},
                      {"code": "A", "received_at": "03/03/2025 09:00", "finished_at": "04/03/2025 10:00"})
        DossierChangeMark.objects.create(unit_id=unit.pk, day="2025-03-03")
        self.assert_refresh_equals_rebuild()
        self.assertEqual(UnitDayAggregate.objects.get(unit=unit, day="2025-03-03").received_direct, 2)

    def test_nothing_written_nothing_to_do(self):
        self.assertIsNone(aggregates_refresh().pk)
