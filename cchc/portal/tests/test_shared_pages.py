"""The portal's pages answered whole from the shared copy (``cchc.portal.middleware``): one query for an
anonymous visitor, a change shown in the same request cycle, and never a copy made for, or served to, a
signed-in user, nor one that sets a cookie."""

from __future__ import annotations

from django.core.cache import cache as django_cache
from django.http import HttpResponse
from django.test import RequestFactory, TestCase
from django.urls import reverse

from cchc.core.testing.personas import PASSWORD, build_world
from cchc.portal import cache, middleware, services
from cchc.portal.tests.support import PortalWorld


def from_view(response) -> bool:
    """Whether the portal's view answered (False: the middleware answered from the shared copy)."""
    return getattr(response, "portal_shared", False)


class SharedPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        PortalWorld.extra_data(cls.world)
        cls.province_url = reverse("portal:province")
        cls.plan_url = reverse("portal:plan", args=[PortalWorld.department.pk])
        cls.unit_url = reverse("portal:unit", args=[cls.world.dept_a.pk])

    def signed_in(self, username="head"):
        client = self.client_class()
        self.assertTrue(client.login(username=username, password=PASSWORD))
        return client

    def stored(self, path: str):
        return django_cache.get(middleware._key(cache.current(), path))

    def test_an_anonymous_visitor_after_the_first_gets_the_copy_for_one_query(self):
        for url in (self.province_url, self.unit_url, self.plan_url, reverse("portal:open_data")):
            with self.subTest(url=url):
                first = self.client.get(url)
                with self.assertNumQueries(1):
                    second = self.client.get(url)
                self.assertEqual((first.status_code, second.status_code), (200, 200))
                self.assertEqual((from_view(first), from_view(second)), (True, False))
                self.assertEqual(first.content, second.content)
                self.assertEqual(first["ETag"], second["ETag"])

    def test_the_copy_carries_the_security_headers(self):
        self.client.get(self.province_url)
        second = self.client.get(self.province_url)
        self.assertFalse(from_view(second))
        for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
            self.assertTrue(second.has_header(header), header)
        self.assertEqual(second["Content-Type"], "text/html; charset=utf-8")
        self.assertEqual(second["Cache-Control"], "public, no-cache")

    def test_an_open_data_table_keeps_its_type_and_licence(self):
        url = reverse("portal:table_csv", args=[2025, "ke-hoach"])
        first = self.client.get(url)
        second = self.client.get(url)
        self.assertFalse(from_view(second))
        for header in ("Content-Type", "Content-Disposition", "Link", "Access-Control-Allow-Origin"):
            self.assertEqual(second[header], first[header], header)

    def test_withdrawing_a_plan_takes_it_off_the_copies_in_the_same_request_cycle(self):
        self.client.get(self.plan_url)
        self.assertContains(self.client.get(self.province_url), self.plan_url)
        self.assertFalse(from_view(self.client.get(self.province_url)))
        response = self.signed_in().post(reverse("publishing:plan", args=[PortalWorld.department.pk]), {"action": "unpublish"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.get(self.plan_url).status_code, 404)
        again = self.client.get(self.province_url)
        self.assertTrue(from_view(again))
        self.assertNotContains(again, self.plan_url)

    def test_a_browser_with_the_copy_gets_304(self):
        etag = self.client.get(self.plan_url)["ETag"]
        response = self.client.get(self.plan_url, headers={"If-None-Match": etag})
        self.assertEqual((response.status_code, response.content, response["ETag"]), (304, b"", etag))
        services.plan_publish(plan=PortalWorld.commune, actor=self.world.users["admin"], published=False)
        self.assertEqual(self.client.get(self.plan_url, headers={"If-None-Match": etag}).status_code, 200)

    def test_head_is_answered_from_the_copy(self):
        self.client.get(self.province_url)
        with self.assertNumQueries(1):
            response = self.client.head(self.province_url)
        self.assertEqual(response.status_code, 200)

    def test_a_signed_in_officer_neither_fills_nor_reads_the_copy(self):
        officer = self.signed_in()
        first = officer.get(self.province_url)
        self.assertEqual(first.status_code, 200)
        self.assertIsNone(self.stored(self.province_url))
        self.client.get(self.province_url)  # an anonymous visitor fills it
        self.assertIsNotNone(self.stored(self.province_url))
        self.assertTrue(from_view(officer.get(self.province_url)))

    def test_a_page_asked_with_a_query_string_goes_through_the_view(self):
        url = self.province_url + "?nam=2025"
        self.client.get(url)
        self.assertTrue(from_view(self.client.get(url)))
        self.assertIsNone(self.stored(self.province_url))

    def test_a_page_not_found_is_not_kept(self):
        url = reverse("portal:plan", args=[PortalWorld.draft.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertIsNone(self.stored(url))

    def test_pages_outside_the_portal_are_left_alone(self):
        for url in (reverse("portal:search") + "?q=xay", reverse("petitions_public:home"), reverse("accounts:login")):
            with self.subTest(url=url):
                self.client.get(url)
                self.assertIsNone(self.stored(url.split("?")[0]))


class StorableTests(TestCase):
    """What may be kept for everybody, whatever a view answers."""

    def response(self, **headers) -> HttpResponse:
        response = HttpResponse("<p>page</p>")
        response.portal_shared = True
        response["ETag"] = '"abc"'
        for name, value in headers.items():
            response[name] = value
        return response

    def test_a_marked_page_without_cookie_is_kept(self):
        request = RequestFactory().get("/cong-khai/")
        self.assertTrue(middleware.storable(request, self.response()))
        self.assertTrue(middleware.storable(request, self.response(Vary="Cookie")))

    def test_an_answer_that_sets_a_cookie_is_never_kept(self):
        response = self.response()
        response.set_cookie("csrftoken", "x")
        self.assertFalse(middleware.storable(RequestFactory().get("/cong-khai/"), response))

    def test_an_unmarked_answer_or_another_variation_is_never_kept(self):
        request = RequestFactory().get("/cong-khai/")
        unmarked = self.response()
        del unmarked.portal_shared
        self.assertFalse(middleware.storable(request, unmarked))
        self.assertFalse(middleware.storable(request, self.response(Vary="Cookie, Accept-Language")))
        self.assertFalse(middleware.storable(RequestFactory().head("/cong-khai/"), self.response()))

    def test_a_request_with_a_session_cookie_is_not_eligible(self):
        factory = RequestFactory()
        self.assertTrue(middleware.eligible(factory.get("/cong-khai/")))
        factory.cookies["sessionid"] = "anything"
        self.assertFalse(middleware.eligible(factory.get("/cong-khai/")))

    def test_only_marked_views_are_eligible(self):
        factory = RequestFactory()
        self.assertFalse(middleware.eligible(factory.get("/cong-khai/tim-kiem/")))
        self.assertFalse(middleware.eligible(factory.get("/cong-khai/phan-anh/")))
        self.assertFalse(middleware.eligible(factory.post("/cong-khai/")))
        self.assertFalse(middleware.eligible(factory.get("/cong-khai/", {"nam": "2025"})))
