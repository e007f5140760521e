"""The public layout's site name and the public rate limit."""


from django.core.cache import cache
from django.test import RequestFactory, TestCase, override_settings

from cchc.core import public_site, ratelimit
from cchc.core.testing.personas import build_world


class TestPublicSite(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def setUp(self):
        cache.clear()

    def test_the_site_is_named_after_the_province_at_the_top(self):
        self.assertEqual(public_site.site_name(), self.world.province.name)

    def test_only_public_pages_get_the_name(self):
        factory = RequestFactory()
        self.assertEqual(public_site.context(factory.get("/plans/")), {})
        self.assertEqual(public_site.context(factory.get("/cong-khai/x/")), {"public_site_name": self.world.province.name})


class TestRateLimit(TestCase):
    def setUp(self):
        cache.clear()
        self.factory = RequestFactory()

    def request(self, address):
        return self.factory.get("/cong-khai/", REMOTE_ADDR=address)

    def test_the_limit_counts_per_address_and_scope(self):
        first = self.request("10.0.0.1")
        self.assertEqual([ratelimit.allow(first, "s", limit=3, per=60) for _ in range(5)], [True, True, True, False, False])
        self.assertTrue(ratelimit.allow(self.request("10.0.0.2"), "s", limit=3, per=60))
        self.assertTrue(ratelimit.allow(first, "other", limit=3, per=60))

    def test_the_key_hides_the_address_and_changes_daily(self):
        key = ratelimit.client_key(self.request("10.0.0.1"))
        self.assertNotIn("10.0.0.1", key)
        self.assertEqual(key, ratelimit.client_key(self.request("10.0.0.1")))
        with override_settings(SECRET_KEY="another-secret-key-for-this-test-only-0123456789"):
            self.assertNotEqual(key, ratelimit.client_key(self.request("10.0.0.1")))

    def test_too_many_is_a_vietnamese_429(self):
        response = ratelimit.too_many(self.request("10.0.0.1"))
        self.assertEqual(response.status_code, 429)
        self.assertIn("Quá nhiều yêu cầu", response.content.decode())
        self.assertEqual(response["Retry-After"], "60")
