"""The supplement rules through dossier ingestion, the counting-rule options, and the data migration that
re-derives stored dossiers (tthc_indicators.md §2.4, §3.1)."""

import importlib
from datetime import date

from django.apps import apps
from django.test import TestCase

from cchc.core.testing.personas import build_world
from cchc.indicators.selectors import totals_for_units
from cchc.indicators.services import aggregates_rebuild, aggregates_refresh
from cchc.procedures.models import CountingRules, Dossier, DossierChangeMark
from cchc.procedures.services import counting_rules_save
from cchc.procedures.tests.factories import make_dossiers, make_procedure

rederive = importlib.import_module("cchc.procedures.migrations.0008_rederive_supplement_outcomes").rederive

# The example: 5 working days, received Mon 03/03/2025 → due Mon 10/03; supplement asked Wed 05/03,
# completed Mon 10/03 (3 working days: Thu 06, Fri 07, Mon 10); finished Fri 14/03.
EXAMPLE = {"code": "ISSUE-11", "received_at": "03/03/2025 09:00", "supplement_requested_at": "05/03/2025 10:00",
           "supplement_completed_at": "10/03/2025 14:00", "finished_at": "14/03/2025 15:00"}
Q1 = (date(2025, 1, 1), date(2025, 3, 31))


def figures(code):
    dossier = Dossier.objects.get(code=code)
    return dossier.due_date, dossier.outcome, dossier.resolution_days, dossier.overdue_from


class SupplementCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.procedure = make_procedure(cls.world.province)


class TestIngestion(SupplementCase):
    def test_the_pause_is_counted_in_working_days(self):
        # Due moves 3 working days → Thu 13/03; finished Fri 14/03: late. Worked 9 − 3 = 6 working days.
        make_dossiers(self.world.dept_a, self.procedure, EXAMPLE)
        self.assertEqual(figures("ISSUE-11"), (date(2025, 3, 10), "late", 6, date(2025, 3, 14)))

    def test_the_restart_reading_is_an_option_of_the_counting_rules(self):
        # NĐ 61 Điều 19: Mon 10/03 + 5 working days → Mon 17/03; finished Fri 14/03: early, 4 working days since.
        counting_rules_save(rules=CountingRules(effective_from=date(2025, 1, 1), supplement_rule="restart"), actor=None)
        make_dossiers(self.world.dept_a, self.procedure, EXAMPLE)
        self.assertEqual(figures("ISSUE-11"), (date(2025, 3, 10), "early", 4, date(2025, 3, 18)))

    def test_a_pause_over_a_weekend_counts_its_working_days_only(self):
        # Asked Fri 07/03, completed Mon 10/03: one working day (Mon 10). Due Mon 10/03 moves to Tue 11/03.
        # Finished Tue 11/03: on time, (03/03, 11/03] = 6 working days less 1 = 5.
        make_dossiers(self.world.dept_a, self.procedure, {
            "code": "WEEKEND", "received_at": "03/03/2025 09:00", "supplement_requested_at": "07/03/2025 10:00",
            "supplement_completed_at": "10/03/2025 08:30", "finished_at": "11/03/2025 16:00"})
        self.assertEqual(figures("WEEKEND"), (date(2025, 3, 10), "on_time", 5, date(2025, 3, 12)))

    def test_a_pause_over_tet_reads_the_administrators_calendar(self):
        # Tết 2025 from the stored adjustments (Sat 25/01 – Sun 02/02). Received Wed 22/01 → due Wed 05/02
        # (Thu 23, Fri 24, Mon 03, Tue 04, Wed 05). Asked Thu 23/01, completed Mon 03/02: 2 working days
        # (Fri 24, Mon 03) although 11 calendar days. Due moves to Fri 07/02; finished Tue 11/02: late,
        # (22/01, 11/02] = 9 working days less 2 = 7; overdue from Sat 08/02.
        tet = {"received_at": "22/01/2025 09:00", "supplement_requested_at": "23/01/2025 10:00",
               "supplement_completed_at": "03/02/2025 09:00", "finished_at": "11/02/2025 15:00"}
        make_dossiers(self.world.dept_a, self.procedure, {"code": "TET", **tet})
        self.assertEqual(figures("TET"), (date(2025, 2, 5), "late", 7, date(2025, 2, 8)))
        # The restart reading: Mon 03/02 + 5 working days → Mon 10/02; finished Tue 11/02: late, 6 days since.
        counting_rules_save(rules=CountingRules(effective_from=date(2025, 1, 1), supplement_rule="restart"), actor=None)
        make_dossiers(self.world.dept_a, self.procedure, {"code": "TET-RESTART", **tet})
        self.assertEqual(figures("TET-RESTART"), (date(2025, 2, 5), "late", 6, date(2025, 2, 11)))

    def test_two_requests_make_a_completed_supplement_late_only_when_the_rules_say_every_dossier(self):
        twice = {"received_at": "03/03/2025", "supplement_requests": "2", "supplement_requested_at": "04/03/2025",
                 "supplement_completed_at": "05/03/2025", "finished_at": "06/03/2025"}
        counting_rules_save(rules=CountingRules(effective_from=date(2025, 6, 1), too_many_supplements_applies_to="all"),
                            actor=None)
        make_dossiers(self.world.dept_a, self.procedure, {"code": "MARCH", **twice},
                      {"code": "JUNE", **twice, "received_at": "02/06/2025", "supplement_requested_at": "03/06/2025",
                       "supplement_completed_at": "04/06/2025", "finished_at": "05/06/2025"})
        self.assertEqual(dict(Dossier.objects.values_list("code", "outcome")), {"MARCH": "early", "JUNE": "late"})


class TestDataMigration(SupplementCase):
    def test_it_rederives_stored_dossiers_and_marks_their_days_for_the_refresh(self):
        make_dossiers(self.world.dept_a, self.procedure, EXAMPLE,
                      {"code": "PLAIN", "received_at": "03/03/2025", "finished_at": "07/03/2025"})
        # What the former calendar-day pause stored: 14/03 − 5 days = 09/03 < 10/03 → early, (03/03, 09/03] = 4 days,
        # overdue from 10/03 + 5 days + 1 = 16/03.
        Dossier.objects.filter(code="ISSUE-11").update(outcome="early", resolution_days=4, overdue_from=date(2025, 3, 16))
        aggregates_rebuild()
        before = totals_for_units(units=[self.world.dept_a], date_from=Q1[0], date_to=Q1[1])[self.world.dept_a.pk].counts
        self.assertEqual((before.resolved_early, before.resolved_late), (2, 0))

        rederive(apps, None)

        self.assertEqual(figures("ISSUE-11"), (date(2025, 3, 10), "late", 6, date(2025, 3, 14)))
        self.assertEqual(figures("PLAIN"), (date(2025, 3, 10), "early", 4, date(2025, 3, 11)))
        unit = self.world.dept_a.pk
        # The finished day and both overdue days of the changed dossier; nothing for the unchanged one.
        self.assertEqual(
            set(DossierChangeMark.objects.values_list("unit_id", "day")),
            {(unit, date(2025, 3, 14)), (unit, date(2025, 3, 16))},
        )
        aggregates_refresh()
        after = totals_for_units(units=[self.world.dept_a], date_from=Q1[0], date_to=Q1[1])[unit].counts
        self.assertEqual((after.resolved_early, after.resolved_late), (1, 1))
        self.assertFalse(DossierChangeMark.objects.exists())

    def test_a_second_run_and_an_empty_database_change_nothing(self):
        rederive(apps, None)
        self.assertFalse(DossierChangeMark.objects.exists())
        make_dossiers(self.world.dept_a, self.procedure, EXAMPLE)
        DossierChangeMark.objects.all().delete()
        stored = list(Dossier.objects.values())
        rederive(apps, None)
        self.assertEqual(list(Dossier.objects.values()), stored)
        self.assertFalse(DossierChangeMark.objects.exists())
