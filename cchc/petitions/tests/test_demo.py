"""The demo petitions (every step, once) and the benchmark's bulk published petitions."""

from collections import Counter

from django.test import TestCase
from django.urls import reverse

from cchc.petitions import bench_support, demo
from cchc.petitions.models import Petition, PetitionEvent
from cchc.units.demo import load_demo
from cchc.units.models import Unit


class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(communes=24, departments=6, divisions=3)
        demo.load(created=True)

    def test_every_step_is_shown_and_a_second_run_changes_nothing(self):
        self.assertEqual(Counter(Petition.objects.values_list("status", flat=True)), Counter({
            "published": 3, "accepted": 2, "pending_approval": 1, "received": 2, "rejected": 1, "awaiting_info": 1}))
        transferred = PetitionEvent.objects.get(kind="transferred")
        self.assertEqual((transferred.from_unit.code, transferred.to_unit.code), ("92", "92-SXD"))
        self.assertEqual(Petition.objects.filter(rating__isnull=False).count(), 3)
        before = (Petition.objects.count(), PetitionEvent.objects.count())
        demo.load(created=False)
        self.assertEqual((Petition.objects.count(), PetitionEvent.objects.count()), before)

    def test_the_public_list_shows_the_demo_answers(self):
        page = self.client.get(reverse("petitions_public:answers")).content.decode()
        self.assertEqual(page.count('<article class="pakn-item">'), 3)
        self.assertNotIn("Nguyễn Văn Hùng", page)
        self.assertNotIn("0901 234 567", page)


class BenchSupportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(communes=1, departments=6, divisions=1)

    def test_it_writes_published_petitions_with_distinct_codes_that_look_up(self):
        unit = Unit.objects.get(code="92-SXD")
        codes = bench_support.published_petitions(unit=unit, count=25)
        self.assertEqual((len(set(codes)), Petition.objects.filter(status="published", unit=unit).count()), (25, 25))
        self.assertEqual(PetitionEvent.objects.count(), 50)
        found = self.client.post(reverse("petitions_public:lookup"), {"code": codes[7]})
        self.assertContains(found, "Đơn vị đã tiếp thu, rà soát")
