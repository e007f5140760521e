"""QĐ 766 indicators 5.1–5.3 from petitions, hand-computed, summed up the tree (ratio of sums), in the
scorecard, the metric values plan targets read, and the metric catalogue page."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django.test import TestCase
from django.urls import reverse

from cchc.core.testing.personas import build_world
from cchc.indicators import sources
from cchc.indicators.formulas import Ratio
from cchc.indicators.scorecards import unit_score
from cchc.indicators.selectors import metric_values
from cchc.petitions import services
from cchc.petitions.tests.world import handle, published, recorded, submit

Q1 = (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
CODES = ("petition_classified_share", "petition_on_time_share", "petition_satisfaction_share")


class MetricTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = w = build_world()
        # A: Sở Xây dựng, 06/01, regulation, published the same day, rated satisfied.
        a = published(w.dept_a, w, day=dt.date(2025, 1, 6))
        services.petition_rate(petition=a, value="satisfied")
        # B: Sở Xây dựng, 23/01 (before Tết), conduct, rejected Tue 04/02: reject-by was Mon 03/02 → late.
        handle(submit(w.dept_a, day=dt.date(2025, 1, 23)), w, category="conduct",
               steps=[("classify", dt.date(2025, 1, 24)), ("reject", dt.date(2025, 2, 4))])
        # C: Phòng QLXD, 03/03, "other", still in progress on 31/03: resolve-by 24/03 → late.
        handle(recorded(w.division_a, w, day=dt.date(2025, 3, 3)), w, category="other",
               steps=[("classify", dt.date(2025, 3, 3)), ("accept", dt.date(2025, 3, 4))])
        # D: Phòng QLXD, 17/03, not classified, resolve-by 07/04 → on time on 31/03.
        recorded(w.division_a, w, day=dt.date(2025, 3, 17))
        # E: Sở Xây dựng, 10/02, regulation, published on time, rated dissatisfied.
        e = published(w.dept_a, w, day=dt.date(2025, 2, 10))
        services.petition_rate(petition=e, value="dissatisfied")
        # F: Sở Tài chính, 05/02, regulation, published on time, not rated.
        published(w.dept_b, w, day=dt.date(2025, 2, 5))
        # G: Xã Cũ Một (merged into Xã Mới on 01/7/2025), 10/03, regulation, published on time.
        published(w.commune_old_1, w, day=dt.date(2025, 3, 10))
        # H: Sở Xây dựng, 07/04: outside the first quarter.
        submit(w.dept_a, day=dt.date(2025, 4, 7))

    def values(self, units, window=Q1):
        return {code: sources.values(code, units=units, date_from=window[0], date_to=window[1]) for code in CODES}

    def test_each_unit_sums_its_own_and_its_subtrees_petitions(self):
        w = self.world
        found = self.values([w.province, w.dept_a, w.division_a, w.dept_b, w.home_affairs])
        # Sở Xây dựng: A B E + its division's C D = 5; classified A B E; on time A D E; satisfied A D.
        # Phòng QLXD: C D; Sở Tài chính: F; the province: the 5, F and G = 7; Sở Nội vụ: none.
        self.assertEqual(found, {
            "petition_classified_share": {w.province.pk: Ratio(5, 7), w.dept_a.pk: Ratio(3, 5), w.division_a.pk: Ratio(0, 2),
                                          w.dept_b.pk: Ratio(1, 1), w.home_affairs.pk: None},
            "petition_on_time_share": {w.province.pk: Ratio(5, 7), w.dept_a.pk: Ratio(3, 5), w.division_a.pk: Ratio(1, 2),
                                       w.dept_b.pk: Ratio(1, 1), w.home_affairs.pk: None},
            "petition_satisfaction_share": {w.province.pk: Ratio(4, 7), w.dept_a.pk: Ratio(2, 5), w.division_a.pk: Ratio(1, 2),
                                            w.dept_b.pk: Ratio(1, 1), w.home_affairs.pk: None},
        })

    def test_a_merged_communes_petitions_count_for_its_successor_in_the_year(self):
        w = self.world
        year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
        self.assertEqual(self.values([w.commune_new], year)["petition_on_time_share"], {w.commune_new.pk: Ratio(1, 1)})
        # in the third quarter the old commune no longer existed: the successor has no petition
        q3 = (dt.date(2025, 7, 1), dt.date(2025, 9, 30))
        self.assertEqual(self.values([w.commune_new], q3)["petition_on_time_share"], {w.commune_new.pk: None})

    def test_the_qd766_scorecard_takes_group_5_from_petitions(self):
        card = unit_score(unit=self.world.dept_a, date_from=Q1[0], date_to=Q1[1]).scorecard.by_code()
        self.assertEqual({code: card[code].ratio for code in ("5.1", "5.2", "5.3", "5.4")},
                         {"5.1": Ratio(3, 5), "5.2": Ratio(3, 5), "5.3": Ratio(2, 5), "5.4": None})
        self.assertEqual(card["5.2"].points, Fraction(18, 5))  # 60% × 6 points

    def test_targets_read_the_same_values(self):
        found = metric_values(metric_code="petition_on_time_share", units=[self.world.dept_a, self.world.home_affairs],
                              date_from=Q1[0], date_to=Q1[1])
        self.assertEqual(found, {self.world.dept_a.pk: Ratio(3, 5), self.world.home_affairs.pk: Ratio(0, 0)})

    def test_the_metric_catalogue_lists_the_petition_indicators(self):
        self.client.force_login(self.world.users["viewer"])
        page = self.client.get(reverse("indicators:metric_list")).content.decode()
        for code in CODES:
            self.assertIn(f"<code>{code}</code>", page)
        self.assertIn("Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn (QĐ 766 chỉ số 5.2)", page)

    def test_the_scorecard_page_shows_group_5(self):
        self.client.force_login(self.world.users["head"])
        page = self.client.get(reverse("indicators:scorecard", args=[self.world.dept_a.pk]),
                               {"period": "custom", "date_from": "01/01/2025", "date_to": "31/03/2025"}).content.decode()
        for value in ("3/5", "60,00%", "2/5", "40,00%"):
            self.assertIn(value, page)
