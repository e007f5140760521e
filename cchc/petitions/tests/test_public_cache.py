"""The public home page and the first page of the published answers are rendered once and kept
(``cchc.core.pagecache``): a later anonymous visitor costs one query and gets his own CSRF token for the
lookup form; a unit created, renamed or closed and an answer published show at once; a signed-in user
always gets his own rendering."""

from __future__ import annotations

import datetime as dt
import re

from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from cchc.core.testing.personas import PASSWORD, build_world
from cchc.petitions.models import Petition
from cchc.petitions.tests.world import handle, published, submit
from cchc.units.models import Unit, UnitKind

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class KeptHomePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def setUp(self):
        cache.clear()
        self.url = reverse("petitions_public:home")

    def visitor(self):
        return self.client_class(enforce_csrf_checks=True)

    def test_a_later_visitor_gets_the_kept_page_for_one_query_with_his_own_token(self):
        first = self.visitor().get(self.url)
        visitor = self.visitor()
        with self.assertNumQueries(1):
            second = visitor.get(self.url)
        self.assertTrue(first.templates)
        self.assertFalse(second.templates)
        self.assertEqual(TOKEN.sub("", first.content.decode()), TOKEN.sub("", second.content.decode()))
        token = TOKEN.search(second.content.decode()).group(1)
        self.assertNotEqual(TOKEN.search(first.content.decode()).group(1), token)
        lookup = reverse("petitions_public:lookup")
        self.assertEqual(visitor.post(lookup, {"code": "ACDEF-GHJKM"}).status_code, 403)
        self.assertEqual(visitor.post(lookup, {"code": "ACDEF-GHJKM", "csrfmiddlewaretoken": token}).status_code, 200)

    def test_a_unit_renamed_created_or_closed_shows_at_once(self):
        self.assertContains(self.visitor().get(self.url), "Sở Xây dựng")
        unit = self.world.dept_a
        unit.name = "Sở Xây dựng và Đô thị"
        unit.save()
        self.assertContains(self.visitor().get(self.url), "Sở Xây dựng và Đô thị")
        Unit.objects.create(name="Sở Khoa học và Công nghệ", code="SKHCN", kind=UnitKind.DEPARTMENT, parent=self.world.province,
                            valid_from=dt.date(2020, 1, 1))
        self.assertContains(self.visitor().get(self.url), "Sở Khoa học và Công nghệ")
        unit.valid_to = timezone.localdate() - dt.timedelta(days=1)
        unit.save()
        self.assertNotContains(self.visitor().get(self.url), "Sở Xây dựng và Đô thị")

    def test_a_signed_in_user_neither_fills_nor_reads_the_kept_page(self):
        officer = self.client_class()
        self.assertTrue(officer.login(username="focal", password=PASSWORD))
        self.assertTrue(officer.get(self.url).templates)
        self.assertTrue(self.visitor().get(self.url).templates)
        self.assertTrue(officer.get(self.url).templates)


class KeptAnswersPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.first = published(cls.world.dept_a, cls.world, day=dt.date(2025, 6, 2))

    def setUp(self):
        cache.clear()
        self.url = reverse("petitions_public:answers")

    def test_the_first_page_is_kept_for_one_query(self):
        self.assertTrue(self.client.get(self.url).templates)
        with self.assertNumQueries(1):
            kept = self.client.get(self.url)
        self.assertFalse(kept.templates)
        self.assertContains(kept, self.first.public_answer)
        self.assertEqual(dict(kept.cookies), {})

    def test_an_answer_published_shows_at_once_on_every_kept_page(self):
        by_unit = f"{self.url}?don-vi={self.world.dept_a.pk}"
        for url in (self.url, by_unit):
            self.client.get(url)
        petition = submit(self.world.dept_a, day=dt.date(2025, 6, 3))
        steps = [(step, dt.date(2025, 6, 3)) for step in ("classify", "accept", "answer", "approve")]
        petition = handle(petition, self.world, steps=steps, answer="Đã sửa đường vào bộ phận một cửa.")
        for url in (self.url, by_unit):
            self.assertNotContains(self.client.get(url), "Đã sửa đường vào bộ phận một cửa.")
        handle(petition, self.world, steps=[("publish", dt.date(2025, 6, 4))])
        for url in (self.url, by_unit):
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), "Đã sửa đường vào bộ phận một cửa.")

    def test_a_renamed_unit_shows_at_once(self):
        self.client.get(self.url)
        unit = self.world.dept_a
        unit.name = "Sở Xây dựng và Đô thị"
        unit.save()
        self.assertContains(self.client.get(self.url), "Sở Xây dựng và Đô thị")

    def test_later_pages_and_other_addresses_go_through_the_view(self):
        for url in (f"{self.url}?trang=2", f"{self.url}?trang=x", f"{self.url}?nam=2025"):
            with self.subTest(url=url):
                self.client.get(url)
                self.assertTrue(self.client.get(url).templates)
        self.assertEqual(Petition.objects.published().count(), 1)
