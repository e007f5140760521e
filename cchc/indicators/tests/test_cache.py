"""Figures are cached per aggregates refresh: a refresh and a reorganisation are seen at once."""

from datetime import date

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from cchc.core.testing.personas import build_world
from cchc.indicators.selectors import monthly_trend, totals_for_units
from cchc.indicators.services import aggregates_refresh
from cchc.procedures.tests.factories import make_dossiers, make_procedure
from cchc.units.services import unit_merge

Q1 = (date(2025, 1, 1), date(2025, 3, 31))


def received(unit, window=Q1):
    return totals_for_units(units=[unit], date_from=window[0], date_to=window[1])[unit.pk].counts.received


class TestFiguresCache(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.procedure = make_procedure(cls.world.province)
        make_dossiers(cls.world.dept_a, cls.procedure, {"code": "A-1", "received_at": "03/03/2025 09:00"})
        make_dossiers(cls.world.dept_b, cls.procedure, {"code": "B-1", "received_at": "04/03/2025 09:00"},
                      {"code": "B-2", "received_at": "05/03/2025 09:00"})
        aggregates_refresh()

    def test_the_aggregates_are_read_once_per_refresh_and_window(self):
        self.assertEqual(received(self.world.dept_a), 1)
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(received(self.world.dept_b), 2)
        tables = " ".join(query["sql"] for query in captured.captured_queries)
        self.assertNotIn("indicators_unitdayaggregate", tables)

    def test_a_refresh_is_seen_at_once(self):
        self.assertEqual(received(self.world.dept_a), 1)
        self.assertEqual(sum(p.totals.counts.received for p in monthly_trend(unit=self.world.dept_a, date_from=Q1[0],
                                                                            date_to=Q1[1])), 1)
        make_dossiers(self.world.dept_a, self.procedure, {"code": "A-2", "received_at": "10/03/2025 09:00"})
        self.assertEqual(received(self.world.dept_a), 1)  # not refreshed yet: the aggregates have not changed
        aggregates_refresh()
        self.assertEqual(received(self.world.dept_a), 2)
        self.assertEqual(sum(p.totals.counts.received for p in monthly_trend(unit=self.world.dept_a, date_from=Q1[0],
                                                                            date_to=Q1[1])), 2)

    def test_a_merger_is_seen_at_once_without_a_refresh(self):
        self.assertEqual(received(self.world.dept_a), 1)
        dept_b, decision = self.world.dept_b, "QĐ 1/QĐ-UBND"
        unit_merge(sources=list(dept_b.children.all()), into=self.world.dept_a, effective=date(2025, 7, 1), decision=decision)
        unit_merge(sources=[dept_b], into=self.world.dept_a, effective=date(2025, 7, 1), decision=decision)
        self.assertEqual(received(self.world.dept_a), 3)
        self.assertEqual([p.totals.counts.received for p in monthly_trend(unit=self.world.dept_a, date_from=Q1[0],
                                                                          date_to=Q1[1])], [3])
