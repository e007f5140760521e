"""The empty questionnaire and the thanks page are rendered once and kept (``cchc.core.pagecache``): a
later anonymous visitor costs one query and gets his own CSRF token, which the answer still needs; a
change to what the page shows shows at once; a signed-in user or a visitor with a message waiting
always gets his own rendering."""

from __future__ import annotations

import datetime as dt
import re

from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from cchc.core.testing.personas import PASSWORD, build_world
from cchc.surveys import services
from cchc.surveys.models import Response
from cchc.surveys.tests.test_public import PublicWorld

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def token_of(response) -> str:
    return TOKEN.search(response.content.decode()).group(1)


def without_token(response) -> str:
    return TOKEN.sub("", response.content.decode())


class KeptAnswerPageTests(PublicWorld, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.extra_data(cls.world)

    def setUp(self):
        cache.clear()
        self.url = reverse("surveys_public:answer", args=[self.point.token])

    def visitor(self):
        return self.client_class(enforce_csrf_checks=True)

    def test_a_later_visitor_gets_the_kept_page_for_one_query_with_his_own_token(self):
        first_visitor, second_visitor = self.visitor(), self.visitor()
        first = first_visitor.get(self.url)
        with self.assertNumQueries(1):
            second = second_visitor.get(self.url)
        self.assertTrue(first.templates)
        self.assertFalse(second.templates)
        self.assertEqual(without_token(first), without_token(second))
        self.assertNotEqual(token_of(first), token_of(second))
        self.assertIn("csrftoken", second.cookies)
        self.assertEqual(second["Cache-Control"], "no-store")
        answered = second_visitor.post(self.url, {**self.answer_data(), "csrfmiddlewaretoken": token_of(second)})
        self.assertRedirects(answered, reverse("surveys_public:thanks", args=[self.point.token]), fetch_redirect_response=False)
        self.assertEqual(Response.objects.count(), 1)

    def test_the_form_still_refuses_a_post_without_the_visitors_own_token(self):
        first_visitor, second_visitor = self.visitor(), self.visitor()
        first = first_visitor.get(self.url)
        second_visitor.get(self.url)
        self.assertEqual(second_visitor.post(self.url, self.answer_data()).status_code, 403)
        self.assertEqual(second_visitor.post(self.url, {**self.answer_data(), "csrfmiddlewaretoken": token_of(first)}).status_code, 403)
        self.assertEqual(Response.objects.count(), 0)

    def test_an_edited_questionnaire_shows_at_once(self):
        self.assertContains(self.visitor().get(self.url), "Kết quả đúng quy định.")
        questionnaire = self.campaign.questionnaire
        services.questionnaire_update(questionnaire=questionnaire, actor=self.world.users["focal"], title=questionnaire.title,
                                      structure="# A. Công chức\nCông chức có thái độ giao tiếp lịch sự.\n# B. Kết quả\n"
                                                "Kết quả trả đúng hẹn.", instructions=questionnaire.instructions)
        page = self.visitor().get(self.url)
        self.assertTrue(page.templates)
        self.assertContains(page, "Kết quả trả đúng hẹn.")
        self.assertNotContains(page, "Kết quả đúng quy định.")
        items = list(questionnaire.items.order_by("number").values_list("pk", flat=True))
        self.assertEqual(re.findall(r'name="item_(\d+)"', page.content.decode())[::5], [str(pk) for pk in items])

    def test_a_changed_campaign_or_unit_shows_at_once(self):
        self.visitor().get(self.url)
        unit = self.world.division_a
        unit.name = "Phòng Quản lý đô thị"
        unit.save()
        self.assertContains(self.visitor().get(self.url), "Phòng Quản lý đô thị")
        self.campaign.ends_on = timezone.localdate() - dt.timedelta(days=1)
        self.campaign.save()
        self.assertEqual(self.visitor().get(self.url).status_code, 410)

    def test_a_signed_in_user_neither_fills_nor_reads_the_kept_page(self):
        officer = self.client_class()
        self.assertTrue(officer.login(username="focal", password=PASSWORD))
        self.assertTrue(officer.get(self.url).templates)
        self.assertTrue(self.visitor().get(self.url).templates)  # the officer's rendering was not kept
        self.assertTrue(officer.get(self.url).templates)

    def test_a_visitor_with_a_message_waiting_gets_his_own_rendering(self):
        self.visitor().get(self.url)
        visitor = self.visitor()
        visitor.cookies["messages"] = "anything"
        self.assertTrue(visitor.get(self.url).templates)

    def test_the_thanks_page_is_kept_and_sets_no_cookie(self):
        url = reverse("surveys_public:thanks", args=[self.point.token])
        self.assertTrue(self.visitor().get(url).templates)
        with self.assertNumQueries(1):
            kept = self.visitor().get(url)
        self.assertFalse(kept.templates)
        self.assertContains(kept, "Phòng Quản lý xây dựng")
        self.assertEqual(dict(kept.cookies), {})
