"""A plan target linked to a metric shows its live value, the gap and met / at risk / missed."""

from datetime import date
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from cchc.core.testing.personas import build_world
from cchc.indicators.selectors import measured_targets, metric_value
from cchc.indicators.services import targets_measure
from cchc.plans.models import Target
from cchc.plans.services import plan_create, target_create
from cchc.procedures.tests.world import add_dossiers


class TestTargetsMeasured(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        add_dossiers(cls.world)
        plan = plan_create(unit=cls.world.dept_a, year=2025, title="Kế hoạch CCHC năm 2025", actor=None)
        target_create(plan=plan, text="≥98% hồ sơ TTHC được giải quyết đúng hạn", metric_code="ontime_rate", actor=None)
        target_create(plan=plan, text="Không quá 60% hồ sơ giải quyết quá hạn", metric_code="late_share", actor=None)
        target_create(plan=plan, text=">70% hồ sơ, kết quả được số hóa", metric_code="digitised_results_rate", actor=None)

    def measure(self, date_to):
        rows = measured_targets(user=self.world.users["focal"], unit=self.world.dept_a, date_from=date(2025, 1, 1), date_to=date_to)
        return [(m.target.metric_code, m.display, m.gap, m.status) for m in rows]

    def test_during_the_year_a_shortfall_is_at_risk(self):
        self.assertEqual(self.measure(date(2025, 3, 31)), [
            ("ontime_rate", "50,00%", Decimal("-48.00"), "at_risk"),
            ("late_share", "50,00%", Decimal("-10.00"), "met"),
            ("digitised_results_rate", "—", None, None),
        ])

    def test_at_the_years_end_a_shortfall_is_missed(self):
        self.assertEqual(self.measure(date(2025, 12, 31))[0][3], "missed")

    def test_the_dashboard_shows_the_targets(self):
        self.client.force_login(self.world.users["head"])
        response = self.client.get(reverse("indicators:dashboard", args=[self.world.dept_a.pk]),
                                   {"period": "custom", "date_from": "01/01/2025", "date_to": "31/03/2025"})
        self.assertContains(response, "≥98% hồ sơ TTHC được giải quyết đúng hạn")
        self.assertContains(response, '<span class="badge warn">có nguy cơ không đạt</span>', html=True)

    def test_the_full_online_share_counts_the_catalogue_that_applies(self):
        ratio = metric_value(metric_code="full_online_rate", unit=self.world.commune_new, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))
        self.assertEqual((ratio.numerator, ratio.denominator), (0, 1))

    def test_the_nightly_measure_records_values_through_the_plans_app(self):
        self.assertEqual(targets_measure(on=date(2025, 3, 31)), 2)
        target = Target.objects.get(metric_code="ontime_rate")
        self.assertEqual((target.current_value, target.measured_on, target.status), (Decimal("50.00"), date(2025, 3, 31), "at_risk"))
        self.assertEqual(targets_measure(on=date(2025, 3, 31)), 0)
