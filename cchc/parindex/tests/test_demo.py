"""The demo city's PAR INDEX, and a suggested score of each rule kind from the demo data, its inputs counted here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.test import TestCase
from django.utils import timezone

from cchc.parindex import selectors, suggestions
from cchc.parindex.models import AssessmentCampaign, CriteriaSet, Result
from cchc.units.demo import load_demo
from cchc.units.management.commands.seed_demo import app_demo_loaders
from cchc.units.models import Unit


class TestDemo(TestCase):
    @classmethod
    def setUpTestData(cls):
        result = load_demo(communes=4, departments=5, divisions=2)
        for loader in app_demo_loaders():
            loader.load(created=result.created)
        cls.sxd = Unit.objects.get(code="92-SXD", valid_to__isnull=True)
        cls.campaign = AssessmentCampaign.objects.get(criteria_set__year=2025, criteria_set__level="department")
        cls.assessment = cls.campaign.assessments.get(unit=cls.sxd)
        cls.criteria = {c.code: c for c in cls.campaign.criteria_set.criteria.all()}

    def suggestion(self, code):
        return suggestions.suggest(self.criteria[code], suggestions.Context(self.sxd, 2025))

    def test_the_sets_follow_the_eight_areas_with_demo_points(self):
        for criteria_set in CriteriaSet.objects.filter(year=2025):
            areas = criteria_set.criteria.filter(parent__isnull=True, kind="criterion").order_by("position")
            self.assertEqual([a.code for a in areas], [str(n) for n in range(1, 9)])
            self.assertEqual((criteria_set.is_demo, criteria_set.total_points, criteria_set.survey_points),
                             (True, Decimal(100), Decimal(32)))

    def test_2024_is_published_and_2025_is_in_progress_in_every_stage(self):
        self.assertEqual(sorted(AssessmentCampaign.objects.filter(status="published").values_list("criteria_set__year", flat=True)),
                         [2024, 2024])
        stages = dict(self.campaign.assessments.values_list("unit__code", "stage"))
        self.assertEqual(stages, {"92-SNV": "explanation", "92-VP": "self", "92-STC": "submitted", "92-TTR": "submitted",
                                  "92-SXD": "self"})
        self.assertTrue(timezone.localdate() <= self.campaign.explanation_due)
        self.assertEqual(Result.objects.filter(campaign__criteria_set__year=2024, unit=self.sxd).count(), 1)

    def test_by_date_the_plan_issued_before_the_year(self):
        from cchc.plans.models import Plan

        plan = Plan.objects.get(unit=self.sxd, year=2025)
        # by hand: issued 26/12/2024, on or before 31/12/2024 → the maximum, 2 points
        self.assertEqual((plan.number, plan.issued_on), ("15/KH-SXD", dt.date(2024, 12, 26)))
        found = self.suggestion("1.1")
        self.assertEqual(found.points, Decimal("2"))
        self.assertEqual(found.text, "Kế hoạch 15/KH-SXD ban hành ngày 26/12/2024: 26/12/2024 trước hoặc đúng 31/12/2024: 2 điểm")
        self.assertEqual(found.links, [("15/KH-SXD", f"/plans/{plan.pk}/")])

    def test_linear_the_share_of_task_periods_done_on_time(self):
        from cchc.plans.models import TaskPeriod

        periods = list(TaskPeriod.objects.filter(task__plan__unit=self.sxd, task__plan__year=2025, due_date__isnull=False)
                       .order_by("due_date", "pk"))
        done = [p for p in periods if p.status == "completed" and p.completed_on <= p.due_date]
        # by hand: the city assigned three tasks (one quarterly: 4 periods) = 6 periods; the demo completed 4 on time
        self.assertEqual((len(periods), len(done)), (6, 4))
        found = self.suggestion("1.2")
        # 4 / 6 = 66,67 %; linear to 100 % on 3 points: 3 × 66,67 / 100 = 2 points
        self.assertEqual(found.points, Decimal("2.00"))
        self.assertIn("4/6 kỳ nhiệm vụ đến hạn trước 31/12/2025 hoàn thành đúng hạn (66,67%)", found.text)

    def test_threshold_the_reports_sent_on_time(self):
        from cchc.reporting.models import Report, ReportingPeriod

        expected = list(ReportingPeriod.objects.filter(calendar__unit__code="92", calendar__year=2025).order_by("deadline"))
        self.assertEqual([p.kind for p in expected], ["q1", "h1", "q3", "year"])

        def on_time(unit):
            sent = {r.period_id: r for r in Report.objects.filter(unit=unit, period__in=expected)}
            return [p.kind for p in expected if p.pk in sent and sent[p.pk].status in ("submitted", "accepted")
                    and sent[p.pk].submitted_on() <= p.deadline]

        # by hand: the demo sends the Q1 and 6-month reports only, each unit in the state its place in the list gives;
        # Sở Xây dựng sent both late: 0 of 4 = 0 %, below every row of the table → 0 points
        self.assertEqual(on_time(self.sxd), [])
        found = self.suggestion("1.3")
        self.assertEqual((found.points, found.text), (Decimal("0"), "0/4 báo cáo phải gửi đã gửi đúng hạn (0%): 0 < 50: 0 điểm"))
        # a department that sent both on time: 2 of 4 = 50 % reaches the row "50: 0,5 points"
        punctual = next(a.unit for a in self.campaign.assessments.select_related("unit").order_by("unit__code")
                        if on_time(a.unit) == ["q1", "h1"])
        found = suggestions.suggest(self.criteria["1.3"], suggestions.Context(punctual, 2025))
        self.assertEqual((found.points, found.text), (Decimal("0.5"), "2/4 báo cáo phải gửi đã gửi đúng hạn (50%): 50 ≥ 50: 0,5 điểm"))

    def test_a_metric_nobody_registers_has_no_data(self):
        found = suggestions.metric(suggestions.Context(self.sxd, 2025), {"metric": "no_such_metric"})
        self.assertEqual((found.value, found.text), (None, "chưa có dữ liệu: hệ thống chưa tính chỉ số “no_such_metric”"))

    def test_a_registered_metric_without_data_is_named_and_scores_nothing(self):
        # 1.4 reads the inspections' coverage; Sở Xây dựng inspected nobody in 2025 in the demo
        found = self.suggestion("1.4")
        self.assertEqual((found.points, found.text),
                         (None, "chưa có dữ liệu về “Tỷ lệ đơn vị trực thuộc được kiểm tra công tác CCHC” năm 2025"))

    def test_the_ranking_of_2024_and_the_unit_page(self):
        campaign = AssessmentCampaign.objects.get(criteria_set__year=2024, criteria_set__level="department")
        ranking = selectors.campaign_ranking(campaign)
        self.assertTrue(ranking.published)
        self.assertEqual([r.rank for r in ranking.rows], sorted(r.rank for r in ranking.rows))
