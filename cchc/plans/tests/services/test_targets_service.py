"""target_create and target_record_value: reading the text, recording values, met / at risk / missed."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase

from cchc.core.testing.personas import build_world
from cchc.plans import services
from cchc.plans.tests.factories import department_plan


class TargetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.focal = cls.world.users["focal"]
        cls.plan = department_plan(cls.world)

    def test_the_text_is_read_into_comparator_value_and_unit(self):
        target = services.target_create(plan=self.plan, text="≥98% hồ sơ giải quyết đúng hạn", metric_code="ontime_rate",
                                        actor=self.focal)
        self.assertEqual((target.comparator, target.value, target.value_unit, target.metric_text, target.needs_review),
                         (">=", Decimal("98"), "%", "hồ sơ giải quyết đúng hạn", False))
        self.assertIsNone(target.status)

    def test_a_target_the_parser_cannot_read_is_kept_and_flagged(self):
        target = services.target_create(plan=self.plan, text="Giảm 20% thời gian giải quyết", actor=self.focal)
        self.assertEqual((target.needs_review, target.comparator, target.value), (True, "", None))
        self.assertEqual(target.text, "Giảm 20% thời gian giải quyết")

    def test_a_value_during_the_year_is_at_risk_and_at_the_end_missed_or_met(self):
        target = services.target_create(plan=self.plan, text="Tỷ lệ số hóa kết quả giải quyết TTHC đạt trên 70%", actor=self.focal)
        services.target_record_value(target=target, value=Decimal("65.5"), period_end=dt.date(2025, 6, 30), actor=self.focal)
        self.assertEqual(target.status, "at_risk")
        services.target_record_value(target=target, value=Decimal("68"), period_end=dt.date(2025, 12, 31), actor=self.focal)
        self.assertEqual(target.status, "missed")
        services.target_record_value(target=target, value=Decimal("71"), period_end=dt.date(2025, 12, 31), actor=self.focal)
        self.assertEqual(target.status, "met")
        self.assertEqual(target.history.count(), 4)

    def test_impossible_values_and_dates_are_refused(self):
        target = services.target_create(plan=self.plan, text="100% văn bản được ký số", actor=self.focal)
        for value, day, field in ((Decimal("120"), dt.date(2025, 6, 30), "value"), (Decimal("-1"), dt.date(2025, 6, 30), "value"),
                                  (Decimal("90"), dt.date(2026, 1, 31), "period_end")):
            with self.subTest(value=value), self.assertRaises(ValidationError) as caught:
                services.target_record_value(target=target, value=value, period_end=day, actor=self.focal)
            self.assertIn(field, caught.exception.message_dict)
        target.refresh_from_db()
        self.assertIsNone(target.current_value)
