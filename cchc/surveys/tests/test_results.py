"""Results worked out by hand: distribution, mean, satisfaction share and weighted score, per item,
group, unit, field and profile, from the tallies and from a rebuild of them."""

from __future__ import annotations

from decimal import Decimal

from django.core.management import CommandError
from django.test import SimpleTestCase, TestCase
from django.utils import timezone

from cchc.core.testing.personas import build_world
from cchc.indicators.formulas import Ratio
from cchc.surveys import results, selectors, services
from cchc.surveys.models import Response, Tally
from cchc.surveys.tests.world import answer, answer_example, campaign_of, unit_questionnaire

LIKERT = [{"value": v, "letter": str(v), "label": str(v), "weight": v} for v in (5, 4, 3, 2, 1)]
WEIGHTED = [{"value": i, "letter": "ABCDE"[i - 1], "label": "ABCDE"[i - 1], "weight": w}
            for i, w in enumerate([100, 60, 20, 0, None], start=1)]


class SummariseTests(SimpleTestCase):
    def test_likert_mean_and_satisfaction_share(self):
        # answers 5, 4, 1, 3: mean 13/4 = 3.25; answers 4–5: 2 of 4 = 50 %
        summary = results.summarise([1, 0, 1, 1, 1], LIKERT, "likert5")
        self.assertEqual((summary.valid, summary.mean.rounded(2), summary.satisfied.percent()), (4, Decimal("3.25"), Decimal("50.00")))
        self.assertEqual([(c["value"], n) for c, n, _share in summary.distribution], [(5, 1), (4, 1), (3, 1), (2, 0), (1, 1)])
        self.assertEqual(summary.headline_text(), "50,00%")

    def test_weighted_score_leaves_out_an_option_without_weight(self):
        # A, A, B, C, D, E: (2×100 + 60 + 20 + 0) / 5 valid answers = 56 %; E ("không biết") not counted
        summary = results.summarise([2, 1, 1, 1, 1], WEIGHTED, "weighted")
        self.assertEqual((summary.valid, summary.score, summary.score.percent()), (5, Ratio(280, 500), Decimal("56.00")))
        self.assertIsNone(summary.satisfied)
        self.assertEqual(summary.mean_text(), "—")

    def test_no_answer_has_no_value_rather_than_zero(self):
        summary = results.summarise([0, 0, 0, 0, 0], LIKERT, "likert5")
        self.assertEqual((summary.headline_text(), summary.mean_text()), ("—", "—"))

    def test_options_are_checked(self):
        self.assertEqual(results.check_options([{"label": "Tốt", "weight": 100}]), ["Cần từ 2 đến 5 phương án trả lời (A–E)."])
        self.assertEqual(results.check_options([{"label": "Tốt", "weight": 120}, {"label": "", "weight": 0}]),
                         ["Phương án A: trọng số phải là số nguyên từ 0 đến 100, hoặc để trống.", "Phương án B: thiếu nội dung."])


class CampaignResultsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.campaign = campaign_of(cls.world)
        answer_example(cls.campaign, cls.world.dept_a)

    def found(self):
        return selectors.campaign_results(self.campaign, units=[self.world.dept_a, self.world.division_a])

    def check(self, found):
        """R1 5,4,3 (nam) · R2 4,2,5 (nữ) · R3 1,5,5 (nam, Hộ tịch) · R4 3,3,4 (not given)."""
        rows = {row.label[:1]: row.summary for row in found.items}
        self.assertEqual(rows["1"].counts, (1, 0, 1, 1, 1))
        self.assertEqual((rows["1"].mean.rounded(2), rows["1"].satisfied.percent()), (Decimal("3.25"), Decimal("50.00")))
        self.assertEqual((rows["2"].counts, rows["2"].mean.rounded(2), rows["2"].satisfied.percent()),
                         ((0, 1, 1, 1, 1), Decimal("3.50"), Decimal("50.00")))
        self.assertEqual((rows["3"].counts, rows["3"].mean.rounded(2), rows["3"].satisfied.percent()),
                         ((0, 0, 1, 1, 2), Decimal("4.25"), Decimal("75.00")))
        group_a, group_b = found.groups
        # items 1 and 2: [1,1,2,2,2], 27/8 = 3.375 → 3.38 (half up), 4/8
        self.assertEqual((group_a.summary.counts, group_a.summary.mean.rounded(2), group_a.summary.satisfied),
                         ((1, 1, 2, 2, 2), Decimal("3.38"), Ratio(4, 8)))
        self.assertEqual(group_b.summary.counts, (0, 0, 1, 1, 2))
        # everything: [1,1,3,3,4], 44/12 = 3.67, 7/12 = 58.33 %
        self.assertEqual((found.responses, found.overall.counts, found.overall.mean_text(), found.overall.headline_text()),
                         (4, (1, 1, 3, 3, 4), "3,67", "58,33%"))
        label, by_sex = found.by_profile["sex"]
        self.assertEqual(label, "Giới tính")
        self.assertEqual([(r.label, r.summary.responses, r.summary.counts, r.summary.headline_text()) for r in by_sex], [
            ("Nam", 2, (1, 0, 1, 1, 3), "66,67%"), ("Nữ", 1, (0, 1, 0, 1, 1), "66,67%"), ("Không trả lời", 1, (0, 0, 2, 1, 0), "33,33%"),
        ])
        self.assertEqual([(r.label, r.summary.responses, r.summary.headline_text()) for r in found.by_sector],
                         [("Hộ tịch", 1, "66,67%"), ("Xây dựng", 3, "55,56%")])
        self.assertEqual([(r.label, r.summary.responses) for r in found.by_unit],
                         [("Sở Xây dựng", 4), ("Phòng Quản lý xây dựng", 0)])
        self.assertEqual([(r.label, r.summary.responses) for r in found.by_month], [(f"{timezone.localdate():%m/%Y}", 4)])

    def test_results_by_hand(self):
        self.check(self.found())

    def test_a_rebuild_of_the_tallies_gives_the_same_results(self):
        before = services.tally_totals(self.campaign)
        written = services.tallies_rebuild(campaign=self.campaign)
        self.assertEqual(services.tally_totals(self.campaign), before)
        # 4 responses of one unit and month in 4 distinct (field, profile) keys: 4 response rows + 12 item rows
        self.assertEqual((written, Tally.objects.filter(campaign=self.campaign).count()), (16, 16))
        self.check(self.found())

    def test_a_surveyed_unit_reads_only_its_own_results(self):
        staff = self.world.users["staff"]
        self.assertEqual(selectors.result_units(staff, self.campaign), [self.world.division_a])
        found = selectors.campaign_results(self.campaign, units=selectors.result_units(staff, self.campaign))
        self.assertEqual((found.responses, found.overall.counts), (0, (0, 0, 0, 0, 0)))

    def test_a_month_window_without_answers_is_empty(self):
        found = selectors.campaign_results(self.campaign, units=[self.world.dept_a], month_from=timezone.localdate().replace(day=1, year=2030))
        self.assertEqual(found.responses, 0)


class WeightedCampaignTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        options = [{"label": "Rất tốt", "weight": 100}, {"label": "Tốt", "weight": 60}, {"label": "Chưa tốt", "weight": 20},
                   {"label": "Kém", "weight": 0}, {"label": "Không biết", "weight": None}]
        questionnaire = unit_questionnaire(cls.world, structure="# Chung\nĐánh giá chung", scale="weighted", options=options)
        cls.campaign = campaign_of(cls.world, questionnaire)
        for choice in (1, 1, 2, 3, 4, 5):
            answer(cls.campaign, cls.world.dept_a, [choice])

    def test_weighted_score_by_hand(self):
        found = selectors.campaign_results(self.campaign, units=[self.world.dept_a])
        self.assertEqual((found.overall.counts, found.overall.valid, found.overall.headline_text()), ((2, 1, 1, 1, 1), 5, "56,00%"))
        self.assertIsNone(found.overall.mean)


class TallyRowsTests(TestCase):
    """Two first responses of one key written at the same moment each create the key's rows; every later
    response must still be counted once, and the results must equal a rebuild from the answers."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.campaign = campaign_of(cls.world)

    def test_a_key_with_two_rows_counts_each_response_once(self):
        unit = self.world.dept_a
        answer(self.campaign, unit, (5, 4, 3), sex="nam")
        answer(self.campaign, unit, (4, 4, 2), sex="nam")
        # the second response as if written at the same moment as the first: its own rows for the same key
        rows = list(Tally.objects.filter(campaign=self.campaign).order_by("pk"))
        Tally.objects.filter(pk__in=[row.pk for row in rows]).update(responses=0, n1=0, n2=0, n3=0, n4=0, n5=0)
        first_only = {None: {"responses": 1}, **{pk: {f"n{c}": 1} for pk, c in zip(self.items(), (5, 4, 3), strict=True)}}
        second_only = {None: {"responses": 1}, **{pk: {f"n{c}": 1} for pk, c in zip(self.items(), (4, 4, 2), strict=True)}}
        for row in rows:
            Tally.objects.filter(pk=row.pk).update(**first_only[row.item_id])
            Tally.objects.create(**{f.attname: getattr(row, f.attname) for f in Tally._meta.concrete_fields if f.attname != "id"}
                                 | {"responses": 0, "n1": 0, "n2": 0, "n3": 0, "n4": 0, "n5": 0, **second_only[row.item_id]})
        self.assertEqual(Tally.objects.filter(campaign=self.campaign).count(), 2 * 4)
        for choices in ((3, 3, 3), (5, 5, 5), (1, 2, 4)):
            answer(self.campaign, unit, choices, sex="nam")
        kept = services.tally_totals(self.campaign)
        self.assertEqual(kept, {"responses": 5, "n1": 1, "n2": 2, "n3": 4, "n4": 4, "n5": 4})
        found = selectors.campaign_results(self.campaign, units=[unit])
        services.tallies_rebuild(campaign=self.campaign)
        self.assertEqual(services.tally_totals(self.campaign), kept)
        rebuilt = selectors.campaign_results(self.campaign, units=[unit])
        self.assertEqual((found.responses, found.overall.counts), (rebuilt.responses, rebuilt.overall.counts))

    def test_the_command_recounts_tallies_a_race_inflated(self):
        import io

        from django.core.management import call_command

        for choices in ((5, 4, 3), (4, 4, 2)):
            answer(self.campaign, self.world.dept_a, choices, sex="nam")
        # the state two simultaneous first answers left: a second row of the same key, raised by later answers too
        for row in list(Tally.objects.filter(campaign=self.campaign)):
            Tally.objects.create(**{f.attname: getattr(row, f.attname) for f in Tally._meta.concrete_fields if f.attname != "id"})
        self.assertEqual(services.tally_totals(self.campaign)["responses"], 4)
        out = io.StringIO()
        call_command("survey_tallies", stdout=out)
        self.assertEqual(services.tally_totals(self.campaign), {"responses": 2, "n1": 0, "n2": 1, "n3": 1, "n4": 3, "n5": 1})
        self.assertIn(f"{self.campaign.title}: 4 → 2 phiếu.", out.getvalue())
        with self.assertRaisesMessage(CommandError, "Không có đợt khảo sát mã 0."):
            call_command("survey_tallies", "--campaign", "0", stdout=io.StringIO())

    def test_one_response_writes_its_rows_in_two_statements(self):
        month = answer(self.campaign, self.world.dept_a, (5, 4, 3)).month
        choices = dict(zip(self.items(), (1, 2, 3), strict=True))
        response = Response(campaign=self.campaign, unit=self.world.dept_a, month=month, sector="Tư pháp", channel="qr")
        with self.assertNumQueries(2):  # no rows yet for this key: the locking read, then one INSERT
            services._tally_add(response, choices)
        with self.assertNumQueries(2):  # every row there: the locking read, then one UPDATE
            services._tally_add(response, choices)
        self.assertEqual(Tally.objects.filter(campaign=self.campaign, sector="Tư pháp", item__isnull=True).get().responses, 2)

    def items(self):
        return list(self.campaign.questionnaire.items.order_by("number").values_list("pk", flat=True))
