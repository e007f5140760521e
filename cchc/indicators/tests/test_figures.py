"""Hand-computed figures: supplement pause, double supplement, due date across Tết, merged communes,
the carry-over balance, and the real report figures of tthc_indicators.md §3.3."""

from datetime import date

from django.test import TestCase

from cchc.core.testing.personas import build_world
from cchc.indicators import catalogue
from cchc.indicators.catalogue import Totals
from cchc.indicators.models import IndicatorValue, ProcedureDayAggregate, UnitDayAggregate
from cchc.indicators.selectors import balance_check, metric_value, metric_values, totals_for_units
from cchc.indicators.services import aggregates_rebuild, aggregates_refresh, indicator_values_record
from cchc.procedures.models import Dossier, DossierChangeMark
from cchc.procedures.tests.factories import make_dossiers, make_procedure

Q1 = (date(2025, 1, 1), date(2025, 3, 31))
Q3 = (date(2025, 7, 1), date(2025, 9, 30))


def value(code, unit, window):
    return metric_value(metric_code=code, unit=unit, date_from=window[0], date_to=window[1])


class TestReportFiguresRecompute(TestCase):
    def test_vinh_phuc_on_time_over_dossiers_that_came_due(self):
        # 19,255 returned early or on time of 19,944 that came due; 689 overdue without result.
        totals = Totals(resolved_on_time=19255, in_progress_overdue=689)
        ratio = catalogue.compute("on_time_rate_due", totals)
        self.assertEqual((ratio.numerator, ratio.denominator), (19255, 19944))
        self.assertEqual(str(ratio.percent()), "96.55")
        self.assertEqual(catalogue.display("on_time_rate_due", ratio), "96,55%")

    def test_dak_nong_early_share_recomputes_to_48_12_not_the_printed_48_2(self):
        totals = Totals(carried_over=8606, received_online=19838, received_direct=190319, resolved_early=99558,
                        resolved_on_time=106018, resolved_late=1309, in_progress_within=11878)
        self.assertEqual(str(catalogue.compute("early_share", totals).percent()), "48.12")
        self.assertEqual(str(catalogue.compute("on_time_rate", totals).percent()), "99.37")
        self.assertEqual(str(catalogue.compute("late_share", totals).percent()), "0.63")
        self.assertEqual(totals.balance_discrepancy, 0)

    def test_no_denominator_shows_a_dash(self):
        self.assertEqual(catalogue.display("on_time_rate", catalogue.compute("on_time_rate", Totals())), "—")


class FiguresCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.procedure = make_procedure(cls.world.province)


class TestDossierRules(FiguresCase):
    def test_the_citizens_supplement_time_does_not_count(self):
        # 5 working days from Mon 03/03/2025 → due Mon 10/03. Supplement asked Wed 05/03, given Wed 12/03:
        # 5 working days (Thu 06, Fri 07, Mon 10, Tue 11, Wed 12), so the due date moves to Mon 17/03.
        # Finished Fri 14/03 < 17/03 → early; worked (03/03, 14/03] = 9 working days − 5 = 4; open, it would be
        # overdue from Tue 18/03. (Same figures as with the former calendar-day pause: 14/03 − 7 days = 07/03.)
        make_dossiers(self.world.dept_a, self.procedure, {
            "code": "PAUSE", "received_at": "03/03/2025 09:00", "supplement_requested_at": "05/03/2025",
            "supplement_completed_at": "12/03/2025", "finished_at": "14/03/2025 15:00",
        })
        dossier = Dossier.objects.get(code="PAUSE")
        self.assertEqual((dossier.due_date, dossier.outcome, dossier.resolution_days), (date(2025, 3, 10), "early", 4))
        self.assertEqual(dossier.overdue_from, date(2025, 3, 18))

    def test_more_than_one_supplement_request_is_late_while_the_supplement_is_pending(self):
        # [F766] 2.1 states the rule for a supplement the citizen has not brought (tthc_indicators.md §3.1):
        # asked twice, the last time Tue 04/03, never completed; finished Thu 06/03 → late.
        make_dossiers(self.world.dept_a, self.procedure, {
            "code": "TWICE", "received_at": "03/03/2025", "supplement_requests": "2",
            "supplement_requested_at": "04/03/2025", "finished_at": "06/03/2025",
        })
        self.assertEqual(Dossier.objects.get(code="TWICE").outcome, "late")

    def test_two_requests_with_the_supplement_completed_count_by_the_pause_by_default(self):
        # Changed with the rule "for pending supplements only" (this dossier used to be late). Due Mon 10/03;
        # pause (Tue 04/03, Wed 05/03] = 1 working day → due Tue 11/03; finished Thu 06/03: early,
        # worked (03/03, 06/03] = 3 working days − 1 = 2.
        make_dossiers(self.world.dept_a, self.procedure, {
            "code": "TWICE-DONE", "received_at": "03/03/2025", "supplement_requests": "2",
            "supplement_requested_at": "04/03/2025", "supplement_completed_at": "05/03/2025", "finished_at": "06/03/2025",
        })
        dossier = Dossier.objects.get(code="TWICE-DONE")
        self.assertEqual((dossier.outcome, dossier.resolution_days, dossier.overdue_from), ("early", 2, date(2025, 3, 12)))

    def test_a_dossier_received_before_tet_is_due_after_it_and_keeps_its_rule(self):
        make_dossiers(self.world.dept_a, self.procedure,
                      {"code": "TET-1", "received_at": "24/01/2025 10:00", "finished_at": "07/02/2025 16:00"},
                      {"code": "TET-2", "received_at": "24/01/2025 10:00", "finished_at": "06/02/2025 16:00"},
                      {"code": "TET-3", "received_at": "24/01/2025 10:00", "finished_at": "10/02/2025 08:00"})
        outcomes = dict(Dossier.objects.values_list("code", "outcome"))
        self.assertEqual(outcomes, {"TET-1": "on_time", "TET-2": "early", "TET-3": "late"})
        dossier = Dossier.objects.select_related("due_rule").get(code="TET-1")
        self.assertEqual(dossier.due_date, date(2025, 2, 7))
        self.assertTrue(dossier.due_rule.rule_id.startswith("vn-due/blds2015-147-148/v1/working_day/vn-official@"))
        self.assertIn("2025-01-31", dossier.due_rule.days_off)

    def test_an_appointment_date_from_the_source_system_is_kept_as_given(self):
        make_dossiers(self.world.dept_a, self.procedure, {"code": "GIVEN", "received_at": "03/03/2025", "due_date": "20/03/2025"})
        dossier = Dossier.objects.select_related("due_rule").get(code="GIVEN")
        self.assertEqual((dossier.due_date, dossier.due_rule.rule_id), (date(2025, 3, 20), "source-system/appointment"))


class TestMergedCommune(FiguresCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        make_dossiers(w.commune_old_1, cls.procedure,
                      {"code": "OLD1-Q1", "received_at": "10/03/2025", "finished_at": "14/03/2025"})
        # Wed 25/06/2025 + 5 working days → Wed 02/07/2025; finished 10/07 → late, under Xã Mới's watch.
        make_dossiers(w.commune_old_2, cls.procedure,
                      {"code": "OLD2-JUNE", "received_at": "25/06/2025", "finished_at": "10/07/2025"})
        make_dossiers(w.commune_new, cls.procedure,
                      {"code": "NEW-JULY", "received_at": "15/07/2025", "finished_at": "22/07/2025"})
        aggregates_refresh()

    def test_before_the_merger_the_old_commune_answers_for_its_own_dossiers(self):
        totals = totals_for_units(units=[self.world.commune_old_1], date_from=Q1[0], date_to=Q1[1])
        self.assertEqual(totals[self.world.commune_old_1.pk].counts.resolved_early, 1)
        self.assertEqual(str(value("on_time_rate", self.world.commune_old_1, Q1).percent()), "100.00")

    def test_after_the_merger_the_successor_counts_its_predecessors_dossiers(self):
        totals = totals_for_units(units=[self.world.commune_new], date_from=Q3[0], date_to=Q3[1])[self.world.commune_new.pk]
        self.assertEqual(
            (totals.carried_over, totals.counts.received, totals.resolved_late, totals.counts.resolved_in_time, totals.counts.in_progress),
            (1, 1, 1, 1, 0),
        )
        self.assertEqual(value("on_time_rate", self.world.commune_new, Q3), catalogue.compute("on_time_rate", totals))
        self.assertEqual(str(value("on_time_rate", self.world.commune_new, Q3).percent()), "50.00")

    def test_a_closed_commune_has_no_figure_after_the_merger(self):
        self.assertEqual(value("on_time_rate", self.world.commune_old_2, Q3).display(), "—")

    def test_the_province_sums_without_counting_a_dossier_twice(self):
        year = (date(2025, 1, 1), date(2025, 12, 31))
        values = metric_values(metric_code="resolved", units=[self.world.province, self.world.commune_new], date_from=year[0], date_to=year[1])
        self.assertEqual(values[self.world.province.pk].numerator, 3)
        self.assertEqual(values[self.world.commune_new.pk].numerator, 3)

    def test_the_window_balances(self):
        for window in (Q1, Q3, (date(2025, 6, 1), date(2025, 7, 5))):
            totals = totals_for_units(units=[self.world.province], date_from=window[0], date_to=window[1])[self.world.province.pk]
            self.assertEqual(totals.balance_discrepancy, 0, window)

    def test_open_dossiers_are_within_then_overdue_at_the_end_of_the_window(self):
        w = self.world
        june = totals_for_units(units=[w.commune_old_2], date_from=date(2025, 6, 1), date_to=date(2025, 6, 30))[w.commune_old_2.pk]
        self.assertEqual((june.in_progress_within, june.in_progress_overdue), (1, 0))
        early_july = totals_for_units(units=[w.commune_new], date_from=date(2025, 7, 1), date_to=date(2025, 7, 3))[w.commune_new.pk]
        self.assertEqual((early_july.carried_over, early_july.in_progress_within, early_july.in_progress_overdue), (1, 0, 1))
        on_due = totals_for_units(units=[w.commune_new], date_from=date(2025, 7, 1), date_to=date(2025, 7, 2))[w.commune_new.pk]
        self.assertEqual(on_due.in_progress_within, 1)
        self.assertEqual(str(catalogue.compute("on_time_rate_766", early_july).percent()), "0.00")


class TestRefresh(FiguresCase):
    def snapshot(self):
        fields = ["unit_id", "procedure_id", "day", "received_direct", "resolved_early", "resolved_late", "overdue_opened", "overdue_closed"]
        return (
            sorted(ProcedureDayAggregate.objects.values_list(*fields)),
            sorted(UnitDayAggregate.objects.values_list("unit_id", "day", "received_direct", "resolved_late", "overdue_closed")),
        )

    def test_incremental_refresh_equals_a_full_rebuild_after_updates(self):
        w = self.world
        make_dossiers(w.dept_a, self.procedure, {"code": "A", "received_at": "03/03/2025"},
                      {"code": "B", "received_at": "04/03/2025", "finished_at": "05/03/2025"})
        aggregates_refresh()
        make_dossiers(w.dept_a, self.procedure, {"code": "A", "received_at": "03/03/2025", "finished_at": "20/03/2025"},
                      {"code": "C", "received_at": "06/03/2025", "channel": "online"})
        aggregates_refresh()
        incremental = self.snapshot()
        aggregates_rebuild()
        self.assertEqual(self.snapshot(), incremental)
        self.assertEqual(DossierChangeMark.objects.count(), 0)
        self.assertEqual(value("resolved_late", w.dept_a, Q1).numerator, 1)

    def test_re_sending_a_batch_changes_nothing(self):
        records = [{"code": "SAME", "received_at": "03/03/2025", "finished_at": "05/03/2025", "fee_amount": "75000"}]
        make_dossiers(self.world.dept_a, self.procedure, *records)
        aggregates_refresh()
        before = list(Dossier.objects.values())
        result = make_dossiers(self.world.dept_a, self.procedure, *records)
        self.assertEqual((result.created, result.updated, result.unchanged), (0, 0, 1))
        self.assertEqual(list(Dossier.objects.values()), before)
        self.assertEqual(DossierChangeMark.objects.count(), 0)


class TestBalanceCheck(FiguresCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_dossiers(cls.world.dept_a, cls.procedure,
                      {"code": "OPEN-BEFORE", "received_at": "20/02/2025", "finished_at": "05/03/2025"},
                      {"code": "IN-WINDOW", "received_at": "03/03/2025", "finished_at": "04/03/2025"},
                      {"code": "STILL-OPEN", "received_at": "25/03/2025"},
                      {"code": "WITHDRAWN", "received_at": "10/03/2025", "status": "withdrawn", "finished_at": "11/03/2025"})

    def test_the_dossiers_balance_and_stale_aggregates_are_detected(self):
        march = (date(2025, 3, 1), date(2025, 3, 31))
        stale = balance_check(unit=self.world.dept_a, date_from=march[0], date_to=march[1])
        self.assertEqual((stale.opening, stale.received, stale.finished, stale.closing, stale.discrepancy), (1, 3, 3, 1, 0))
        self.assertFalse(stale.aggregates_match)
        aggregates_refresh()
        self.assertTrue(balance_check(unit=self.world.dept_a, date_from=march[0], date_to=march[1]).aggregates_match)


class TestRecordedValues(FiguresCase):
    def test_values_are_stored_as_numerator_and_denominator_and_re_recording_updates_them(self):
        make_dossiers(self.world.dept_a, self.procedure, {"code": "R1", "received_at": "03/03/2025", "finished_at": "20/03/2025"})
        aggregates_refresh()
        indicator_values_record(unit=self.world.dept_a, date_from=Q1[0], date_to=Q1[1])
        value = IndicatorValue.objects.get(unit=self.world.dept_a, metric__code="on_time_rate", date_from=Q1[0], date_to=Q1[1])
        self.assertEqual((value.numerator, value.denominator), (0, 1))
        make_dossiers(self.world.dept_a, self.procedure, {"code": "R2", "received_at": "04/03/2025", "finished_at": "05/03/2025"})
        aggregates_refresh()
        indicator_values_record(unit=self.world.dept_a, date_from=Q1[0], date_to=Q1[1])
        value.refresh_from_db()
        self.assertEqual((value.numerator, value.denominator), (1, 2))
        self.assertEqual(IndicatorValue.objects.filter(metric__code="on_time_rate").count(), 1)
