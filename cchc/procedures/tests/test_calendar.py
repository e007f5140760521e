"""Calendar adjustments and counting rules are versioned by effective date; stored due dates keep their rule."""

from datetime import date

from django.test import TestCase

from cchc.core.testing.personas import build_world
from cchc.procedures.models import CalendarAdjustment, CountingRules, Dossier
from cchc.procedures.services import calendar_adjustment_save, counting_rules_save
from cchc.procedures.tests.factories import make_dossiers, make_procedure


class TestVersionedCalendar(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.procedure = make_procedure(cls.world.province)

    def test_a_later_correction_keeps_stored_due_dates_and_applies_from_its_date(self):
        # Mon 03/03/2025 + 5 working days → Mon 10/03/2025.
        make_dossiers(self.world.dept_a, self.procedure, {"code": "BEFORE", "received_at": "03/03/2025"})
        before = Dossier.objects.select_related("due_rule").get(code="BEFORE")
        self.assertEqual(before.due_date, date(2025, 3, 10))
        calendar_adjustment_save(
            adjustment=CalendarAdjustment(day=date(2025, 3, 7), kind="day_off", reason="Nghỉ bù (thử nghiệm)",
                                          source="Thông báo thử nghiệm", effective_from=date(2025, 3, 3)),
            actor=self.world.users["admin"],
        )
        make_dossiers(self.world.dept_a, self.procedure, {"code": "BEFORE", "received_at": "03/03/2025"},
                      {"code": "AFTER", "received_at": "03/03/2025 10:00"})
        before.refresh_from_db()
        after = Dossier.objects.select_related("due_rule").get(code="AFTER")
        self.assertEqual(before.due_date, date(2025, 3, 10))
        self.assertEqual(after.due_date, date(2025, 3, 11))
        self.assertNotEqual(after.due_rule_id, before.due_rule_id)
        self.assertIn("2025-03-07", after.due_rule.days_off)
        self.assertEqual(CalendarAdjustment.history.filter(day=date(2025, 3, 7)).get().history_user, self.world.users["admin"])

    def test_counting_rules_apply_to_dossiers_received_from_their_date(self):
        counting_rules_save(rules=CountingRules(effective_from=date(2025, 6, 1), late_after_supplement_requests=None),
                            actor=None)
        # Asked twice and never completed: the default rules (pending supplements) make MARCH late; from June the
        # rule is off and JUNE's clock stands at the request day Tue 03/06, before its due date Mon 09/06: early.
        # (The supplements used to be completed here; a completed one no longer triggers the rule by default.)
        twice = {"supplement_requests": "2", "supplement_requested_at": "04/03/2025"}
        make_dossiers(self.world.dept_a, self.procedure,
                      {"code": "MARCH", "received_at": "03/03/2025", "finished_at": "06/03/2025", **twice},
                      {"code": "JUNE", "received_at": "02/06/2025", "finished_at": "05/06/2025", **twice,
                       "supplement_requested_at": "03/06/2025"})
        outcomes = dict(Dossier.objects.values_list("code", "outcome"))
        self.assertEqual(outcomes, {"MARCH": "late", "JUNE": "early"})
