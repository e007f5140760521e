"""Every list endpoint of the API pages through one class: a limit or offset too large for a
database integer is bounded before a query is sent, never a server error."""

from __future__ import annotations

from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from cchc.core.pagination import Pagination
from cchc.core.testing.personas import build_world
from cchc.plans.tests.test_pages import PlansWorld

HUGE = "9223372036854775808"  # 2**63: one more than the largest PostgreSQL bigint


def api_list_url_names(patterns=None) -> list[str]:
    """The name of every router URL that lists rows (``<basename>-list`` answering GET)."""
    names = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            names += api_list_url_names(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name and entry.name.endswith("-list"):
            actions = getattr(entry.callback, "actions", {}) or {}
            if actions.get("get") == "list" and entry.pattern.regex.groups == 0:
                names.append(entry.name)
    return sorted(set(names))


class TestHugeLimitAndOffset(PlansWorld, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.extra_data(cls.world)

    def setUp(self):
        self.client.force_login(self.world.users["admin"])

    def test_the_walk_finds_the_list_endpoints(self):
        names = api_list_url_names()
        self.assertGreaterEqual(len(names), 11)
        self.assertTrue({"plan-list", "task-list", "unit-list", "dossier-list"} <= set(names))

    def test_no_list_endpoint_fails_on_a_huge_limit_or_offset(self):
        for name in api_list_url_names():
            paged = resolve(reverse(name)).func.cls.pagination_class is not None
            for query in ({"limit": HUGE}, {"offset": HUGE}, {"limit": HUGE, "offset": HUGE}, {"limit": HUGE, "offset": "1"}):
                with self.subTest(name=name, query=query):
                    response = self.client.get(reverse(name), query)
                    # a list that does not page (indicator values) needs its own parameters: 400
                    self.assertEqual(response.status_code, 200 if paged else 400, f"{name} {query}")

    def test_a_huge_limit_is_cut_to_the_largest_page(self):
        response = self.client.get(reverse("unit-list"), {"limit": HUGE})
        body = response.json()
        self.assertEqual(len(body["results"]), min(body["count"], Pagination.max_limit))
        self.assertEqual(Pagination.max_limit, 1000)

    def test_an_offset_past_the_end_is_an_empty_page(self):
        response = self.client.get(reverse("unit-list"), {"offset": HUGE})
        body = response.json()
        self.assertEqual((body["results"], body["next"]), ([], None))
        self.assertGreater(body["count"], 0)

    def test_the_first_page_is_unchanged(self):
        response = self.client.get(reverse("unit-list"), {"limit": "2"})
        body = response.json()
        self.assertEqual(len(body["results"]), 2)
        self.assertIn("offset=2", body["next"])
