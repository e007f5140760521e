"""The public home page is rendered once and kept (``cchc.core.pagecache``): a later anonymous visitor costs
one query and gets his own CSRF token for the lookup form; a unit created, renamed or closed shows at once;
a signed-in user always gets his own rendering."""

from __future__ import annotations

import datetime as dt
import re

from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from cchc.core.testing.personas import PASSWORD, build_world
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
