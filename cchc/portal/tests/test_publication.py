"""Publication is a decision: the portal's cached pages follow it, and any change they show, in the same
request cycle, on every app server (the key is read from the database on each request)."""

from __future__ import annotations

import datetime as dt
import json

from django.db.models import F
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from cchc.core.testing.personas import PASSWORD, build_world
from cchc.indicators.models import AggregateRefresh
from cchc.plans import services as plan_services
from cchc.plans.tests.factories import YEAR
from cchc.portal import services
from cchc.portal.models import PortalVersion, Publication
from cchc.portal.tests.support import PortalWorld


def rendered(response) -> bool:
    """Whether the page was rendered for this request (False: it came from the cache)."""
    return bool(response.templates)


class CachedPortalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        PortalWorld.extra_data(cls.world)
        cls.plan = PortalWorld.department
        cls.unit_url = reverse("portal:unit", args=[cls.world.dept_a.pk]) + f"?nam={YEAR}"
        cls.plan_url = reverse("portal:plan", args=[cls.plan.pk])
        cls.province_url = reverse("portal:province") + f"?nam={YEAR}"

    def setUp(self):
        self.head = self.client_class()
        self.head.login(username="head", password=PASSWORD)

    def ranked_units(self) -> list[str]:
        page = self.client.get(self.province_url)
        rankings = {section.key: ranking for section, ranking in page.context["rankings"]}
        return [row.unit_name for row in rankings["plans"].rows] if "plans" in rankings else []

    def test_a_page_is_rendered_once_then_served_from_the_cache(self):
        first, second = self.client.get(self.plan_url), self.client.get(self.plan_url)
        self.assertEqual((rendered(first), rendered(second)), (True, False))
        self.assertEqual(first.content, second.content)

    def test_withdrawing_a_plan_takes_it_off_every_page_in_the_same_request_cycle(self):
        for url in (self.unit_url, self.plan_url, self.province_url):
            self.client.get(url)
            self.assertFalse(rendered(self.client.get(url)), f"{url} is not cached")
        response = self.head.post(reverse("publishing:plan", args=[self.plan.pk]), {"action": "unpublish"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.get(self.plan_url).status_code, 404)
        self.assertNotContains(self.client.get(self.unit_url), self.plan_url)
        self.assertEqual(self.ranked_units(), ["Xã Mới"])
        rows = json.loads(self.client.get(reverse("portal:table_json", args=[YEAR, "ke-hoach"])).content)["rows"]
        self.assertEqual([row["so_ky_hieu"] for row in rows], ["5/KH-UBND"])

    def test_publishing_again_brings_it_back_at_once(self):
        services.plan_publish(plan=self.plan, actor=self.world.users["head"], published=False)
        self.assertEqual(self.client.get(self.plan_url).status_code, 404)
        self.assertEqual(self.ranked_units(), ["Xã Mới"])
        self.head.post(reverse("publishing:plan", args=[self.plan.pk]), {"action": "publish"})
        self.assertEqual(self.client.get(self.plan_url).status_code, 200)
        self.assertEqual(self.ranked_units(), ["Xã Mới", "Sở Xây dựng"])

    def test_progress_on_a_published_plan_shows_at_once(self):
        self.assertEqual(self.client.get(self.plan_url).context["percent"], 33)
        self.assertFalse(rendered(self.client.get(self.plan_url)))
        second = self.plan.tasks.get(number="2")  # quarterly, led by Phòng Quản lý xây dựng
        plan_services.progress_record(period=second.periods.order_by("due_date").first(), unit=self.world.division_a,
                                      status="completed", percent=100, reported_on=dt.date(YEAR, 3, 20),
                                      actor=self.world.users["staff"])
        page = self.client.get(self.plan_url)
        # task 2: one quarter of four completed → 25 %; the plan: (100 + 25 + 0) / 3 → 42 %
        self.assertEqual((rendered(page), page.context["percent"]), (True, 42))

    def test_a_change_made_by_another_app_server_reaches_this_ones_cache(self):
        self.client.get(self.plan_url)
        PortalVersion.objects.filter(pk=1).update(value=F("value") + 1)  # another process bumped the version
        self.assertTrue(rendered(self.client.get(self.plan_url)))

    def test_a_refresh_of_the_indicator_aggregates_renews_the_pages(self):
        self.client.get(self.unit_url)
        AggregateRefresh.objects.create(kind="refresh", started_at=timezone.now(), seconds=0.1)
        self.assertTrue(rendered(self.client.get(self.unit_url)))

    def test_a_renamed_unit_shows_its_new_name_at_once(self):
        self.assertEqual(self.ranked_units(), ["Xã Mới", "Sở Xây dựng"])
        commune = self.world.commune_new
        commune.name = "Xã Mới Đổi Tên"
        commune.save()
        self.assertEqual(self.ranked_units(), ["Xã Mới Đổi Tên", "Sở Xây dựng"])

    def test_a_browser_that_has_the_page_gets_304_until_it_changes(self):
        etag = self.client.get(self.plan_url)["ETag"]
        self.assertEqual(self.client.get(self.plan_url, headers={"If-None-Match": etag}).status_code, 304)
        services.plan_publish(plan=PortalWorld.commune, actor=self.world.users["admin"], published=False)
        again = self.client.get(self.plan_url, headers={"If-None-Match": etag})
        self.assertEqual(again.status_code, 200)
        self.assertNotEqual(again["ETag"], etag)

    def test_the_officers_pending_message_stays_out_of_the_public_page(self):
        self.head.post(reverse("publishing:plan", args=[self.plan.pk]), {"action": "unpublish"})
        public = self.head.get(self.province_url)
        self.assertNotContains(public, 'class="messages"')
        self.assertContains(self.head.get(reverse("publishing:list")), 'class="messages"')

    def test_withdrawing_a_scorecard_takes_it_off_the_ranking(self):
        admin = self.world.users["admin"]
        for unit in (self.world.dept_a, self.world.dept_b):
            services.scorecard_publish(unit=unit, year=YEAR, actor=admin)
        rankings = {s.key: r for s, r in self.client.get(self.province_url).context["rankings"]}
        self.assertEqual(sorted(row.unit_name for row in rankings["scorecard"].rows), ["Sở Tài chính", "Sở Xây dựng"])
        self.head.post(reverse("publishing:scorecard", args=[self.world.dept_a.pk]), {"action": "unpublish", "year": YEAR})
        rankings = {s.key: r for s, r in self.client.get(self.province_url).context["rankings"]}
        self.assertEqual([row.unit_name for row in rankings["scorecard"].rows], ["Sở Tài chính"])


class PublicationServiceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        PortalWorld.extra_data(cls.world)

    def test_publishing_twice_keeps_one_decision_and_the_first_date(self):
        first = Publication.objects.get(kind="plan", object_id=PortalWorld.department.pk)
        again = services.plan_publish(plan=PortalWorld.department, actor=self.world.users["admin"])
        self.assertEqual((again.pk, again.published_at, again.published_by), (first.pk, first.published_at, self.world.users["head"]))

    def test_the_history_keeps_who_withdrew(self):
        services.plan_publish(plan=PortalWorld.department, actor=self.world.users["admin"], published=False)
        record = Publication.history.filter(object_id=PortalWorld.department.pk).order_by("-history_id").first()
        self.assertEqual((record.history_type, record.history_user), ("-", self.world.users["admin"]))

    def test_only_the_head_may_decide(self):
        from django.core.exceptions import PermissionDenied

        before = Publication.objects.count()
        for persona in ("focal", "steering", "outsider"):
            with self.subTest(persona=persona), self.assertRaises(PermissionDenied):
                services.plan_publish(plan=PortalWorld.department, actor=self.world.users[persona], published=False)
        self.assertEqual(Publication.objects.count(), before)
