"""The survey metrics registered for the indicators app: ratio of sums up the tree, None without data,
QĐ 766 5.4 filled from the one-stop ratings; and the home page's to-do item."""

from __future__ import annotations

import datetime as dt

from django.test import TestCase
from django.utils import timezone

from cchc.core import todo
from cchc.core.testing.personas import build_world
from cchc.indicators import sources
from cchc.indicators.formulas import Ratio
from cchc.indicators.selectors import metric_values
from cchc.surveys import services
from cchc.surveys.tests.world import answer, answer_example, builtin, campaign_of


class SurveyMetricsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        w = cls.world
        cls.campaign = campaign_of(w)
        answer_example(cls.campaign, w.dept_a)                      # 7 of 12 answers are 4–5
        answer(cls.campaign, w.division_a, (5, 5, 5))               # 3 of 3
        commune = services.campaign_create(unit=w.commune_new, questionnaire=builtin("phuong-9-muc"), title="Khảo sát xã",
                                           starts_on=dt.date(2025, 7, 1), ends_on=timezone.localdate(), targets=[w.commune_new],
                                           actor=w.users["commune"])
        answer(commune, w.commune_new, (1, 2, 3, 4, 5, 5, 5, 2, 2))  # 4 of 9
        onestop = services.campaign_create(unit=w.dept_b, questionnaire=builtin("mot-cua-ho-so"), title="Đánh giá một cửa",
                                           starts_on=dt.date(2025, 7, 1), ends_on=timezone.localdate(), targets=[w.dept_b],
                                           actor=w.users["outsider"])
        answer(onestop, w.dept_b, (5, 4, 3, 2, 1, 5, 4, 3))           # 4 of 8
        cls.today = timezone.localdate()

    def values(self, code, *units, date_from=None):
        return sources.values(code, units=units, date_from=date_from or self.today.replace(day=1), date_to=self.today)

    def test_both_metrics_are_registered_and_one_fills_766_indicator_5_4(self):
        self.assertEqual(sources.get("survey_satisfaction_share").score766, "")
        self.assertEqual(sources.by_score766()["5.4"].code, "onestop_satisfaction_share")

    def test_a_parent_is_the_ratio_of_the_sums_of_its_units(self):
        w = self.world
        found = self.values("survey_satisfaction_share", w.province, w.dept_a, w.division_a, w.commune_new, w.dept_b)
        # Sở Xây dựng: 7/12 + its division's 3/3 = 10/15; the province adds the commune's 4/9 = 14/24
        self.assertEqual(found, {w.province.pk: Ratio(14, 24), w.dept_a.pk: Ratio(10, 15), w.division_a.pk: Ratio(3, 3),
                                 w.commune_new.pk: Ratio(4, 9), w.dept_b.pk: None})
        self.assertEqual(self.values("onestop_satisfaction_share", w.province, w.dept_b, w.dept_a),
                         {w.province.pk: Ratio(4, 8), w.dept_b.pk: Ratio(4, 8), w.dept_a.pk: None})

    def test_a_window_without_answers_has_no_value(self):
        w = self.world
        found = sources.values("survey_satisfaction_share", units=[w.province], date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 1, 31))
        self.assertEqual(found, {w.province.pk: None})

    def test_the_par_rules_read_it_by_code(self):
        w = self.world
        found = metric_values(metric_code="survey_satisfaction_share", units=[w.dept_a], date_from=self.today.replace(day=1),
                              date_to=self.today)
        self.assertEqual(found[w.dept_a.pk], Ratio(10, 15))

    def test_open_campaigns_without_answers_are_a_todo_item(self):
        w = self.world
        services.campaign_create(unit=w.dept_a, questionnaire=builtin(), title="Đợt chưa có phiếu", starts_on=self.today,
                                 ends_on=self.today, targets=[w.dept_a], actor=w.users["focal"])
        items = [i for i in todo.items_for(w.users["focal"]) if i.group == "surveys"]
        self.assertEqual([(i.count, i.url) for i in items], [(1, "/surveys/?state=no_answers")])
        self.assertEqual([i for i in todo.items_for(w.users["viewer"]) if i.group == "surveys"], [])
