"""The demo surveys: campaigns with answers whose tallies match the answers, and a second run changing nothing."""

from django.test import TestCase

from cchc.surveys import demo, selectors, services
from cchc.surveys.models import Answer, Campaign, Response
from cchc.units.demo import load_demo


class DemoSurveysTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(communes=2, departments=3, divisions=2)
        demo.load(created=True)

    def test_the_campaigns_have_answers_through_every_channel(self):
        ward = Campaign.objects.get(title__startswith="Khảo sát sự hài lòng của người dân")
        self.assertEqual((ward.responses.count(), Answer.objects.filter(response__campaign=ward).count()), (160, 160 * 9))
        self.assertEqual(set(Response.objects.values_list("channel", flat=True)), {"qr", "link", "kiosk", "paper"})
        found = selectors.campaign_results(ward, units=list(ward.targets.all()))
        self.assertEqual((found.responses, found.overall.answers), (160, 1440))

    def test_tallies_match_a_rebuild_and_a_second_run_changes_nothing(self):
        campaign = Campaign.objects.get(title__startswith="Khảo sát sự hài lòng của người dân")
        self.assertEqual(campaign.responses.count(), 160)
        before = services.tally_totals(campaign)
        services.tallies_rebuild(campaign=campaign)
        self.assertEqual(services.tally_totals(campaign), before)
        count = Response.objects.count()
        demo.load(created=False)
        self.assertEqual(Response.objects.count(), count)
