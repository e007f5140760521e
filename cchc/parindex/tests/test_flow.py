"""The whole life of a scorecard through the services: score, submit, appraise, explain, settle, publish."""

from __future__ import annotations

from decimal import Decimal

from django.test import TestCase

from cchc.core.testing.personas import build_world
from cchc.parindex import selectors, services
from cchc.parindex.choices import Stage
from cchc.parindex.models import Score
from cchc.parindex.tests.factories import advance, campaign, criterion


class TestFlow(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.campaign = campaign(cls.world)
        cls.assessment = cls.campaign.assessments.get(unit=cls.world.dept_a)

    def test_the_departments_of_the_province_are_expected(self):
        self.assertEqual(sorted(self.campaign.assessments.values_list("unit__name", flat=True)),
                         ["Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng"])

    def test_a_score_changed_in_the_second_round_counts(self):
        world = self.world
        assessment = advance(self.assessment, world, Stage.EXPLANATION)
        services.explanation_save(assessment=assessment, criterion=criterion(assessment, "2.2"),
                                  text="Đã công khai đủ 20 TTHC trên Cổng DVC, xem quyết định kèm theo", actor=world.users["focal"])
        services.explanations_lock(assessment=assessment, actor=world.users["head"])
        services.appraisal_save(assessment=assessment, criterion=criterion(assessment, "2.2"), points="19,5",
                                comment="Chấp nhận một phần giải trình", actor=world.users["steering"])
        services.appraisal_lock(assessment=assessment, actor=world.users["steering"])
        score = Score.objects.get(assessment=assessment, criterion__code="2.2")
        self.assertEqual((score.self_points, score.appraised_points, score.final_points), (Decimal("18"), Decimal("15"), Decimal("19.5")))
        page = selectors.assessment_page(assessment)
        # 4 + 6 + 8 + 28 + 19,5 = 65,5 appraised, no survey points yet: 65,5 / 100
        self.assertEqual((page.result.appraised, page.result.index), (Decimal("65.5"), Decimal("65.50")))
