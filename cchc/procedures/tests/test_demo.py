"""The demo catalogue and dossiers load once and give the dashboard real figures."""

from datetime import date

from django.db.models import F
from django.test import TestCase

from cchc.indicators.selectors import metric_value
from cchc.procedures import demo
from cchc.procedures.models import Dossier, Procedure
from cchc.units.demo import load_demo
from cchc.units.models import Unit


class TestDemo(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo()
        demo.load(created=True)

    def test_the_catalogue_and_the_dossiers_are_marked_demo(self):
        self.assertEqual(Procedure.objects.filter(is_demo=True).count(), 30)
        self.assertGreater(Dossier.objects.filter(is_demo=True).count(), 3000)
        self.assertFalse(Dossier.objects.filter(is_demo=False).exists())

    def test_old_communes_received_dossiers_before_the_merger_only(self):
        old = Unit.objects.get(code="94-TD01")
        self.assertTrue(Dossier.objects.filter(unit=old).exists())
        self.assertFalse(Dossier.objects.filter(unit=old, received_on__gte=date(2025, 7, 1)).exists())

    def test_no_apology_letter_is_dated_before_its_dossier_was_received_or_after_its_due_date(self):
        letters = Dossier.objects.filter(apology_issued_on__isnull=False)
        self.assertGreater(letters.count(), 10)
        self.assertFalse(letters.filter(apology_issued_on__lt=F("received_on")).exists())
        self.assertFalse(letters.filter(apology_issued_on__gt=F("due_date")).exists())

    def test_a_second_load_changes_nothing(self):
        before = (Procedure.objects.count(), Dossier.objects.count())
        demo.load(created=False)
        self.assertEqual((Procedure.objects.count(), Dossier.objects.count()), before)

    def test_the_city_has_an_on_time_rate_for_2025(self):
        city = Unit.objects.get(code="92", valid_to__isnull=True)
        ratio = metric_value(metric_code="on_time_rate", unit=city, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))
        self.assertGreater(ratio.denominator, 2000)
        self.assertGreater(ratio.percent(), 90)

    def test_the_city_scorecard_measures_every_group_but_satisfaction(self):
        from cchc.indicators.scorecards import unit_score

        city = Unit.objects.get(code="92", valid_to__isnull=True)
        card = unit_score(unit=city, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)).scorecard
        measured = {g.group: [i.rule.code for i in g.indicators if i.points is not None] for g in card.groups}
        self.assertEqual(measured, {
            1: ["1.1", "1.2", "1.3"], 2: ["2.1", "2.2"], 3: ["3.1", "3.2", "3.3", "3.5", "3.6"],
            4: ["4.1", "4.2", "4.3", "4.4", "4.5"], 5: [],
        })
        self.assertEqual(card.not_measurable, 24)
