"""Petition answers on the public portal: publishing the approved answer puts it on the unit's page and
in the open data in the same request; the head withdraws it from every public page at once (the
portal, the list of answers and its export, the lookup by tracking code); an officer publishes it
again; the petition as typed and the petitioner's details never show."""

from __future__ import annotations

import datetime as dt
import io
import json

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from cchc.core.testing.personas import PASSWORD, build_world
from cchc.core.testing.scoped_cases import PersonaPageCase
from cchc.petitions import handling
from cchc.petitions.choices import Status
from cchc.petitions.models import Petition
from cchc.petitions.portal_section import KIND
from cchc.petitions.tests.test_pages import (
    APPROVE,
    APPROVE_POST,
    EDIT,
    EDIT_POST,
    PetitionsWorld,
    petitions_state,
)
from cchc.petitions.tests.world import CONTACT, handle, submit
from cchc.portal.models import Publication

DAY = dt.date(2025, 9, 9)
CONTENT = "Tôi là Trần Thị Bích Ngọc, số 0912 345 678, phản ánh hồ sơ cấp phép xây dựng bị trả lại nhiều lần."
ANSWER = "Sở Xây dựng đã rà soát, hướng dẫn bổ sung hồ sơ một lần và trả kết quả đúng hạn."


def answered(world) -> Petition:
    """A petition to Sở Xây dựng with contact details, answered, approved and published on ``DAY``."""
    petition = submit(world.dept_a, day=DAY, content=CONTENT, **CONTACT)
    return handle(petition, world, answer=ANSWER, steps=[(step, DAY) for step in ("classify", "accept", "answer", "approve", "publish")])


class PortalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.petition = answered(cls.world)

    def setUp(self):
        cache.clear()
        self.head = self.client_class()
        self.head.login(username="head", password=PASSWORD)
        self.focal = self.client_class()
        self.focal.login(username="focal", password=PASSWORD)

    def unit_page(self):
        return self.client.get(reverse("portal:unit", args=[self.world.dept_a.pk]) + f"?nam={DAY.year}")

    def table(self) -> list[dict]:
        return json.loads(self.client.get(reverse("portal:table_json", args=[DAY.year, "tra-loi-phan-anh"])).content)["rows"]

    def lookup(self):
        return self.client.post(reverse("petitions_public:lookup"), {"code": self.petition.tracking_code})

    def exported(self) -> list:
        """Every cell of the public list of answers as XLSX."""
        book = load_workbook(io.BytesIO(self.client.get(reverse("petitions_public:answers") + "?xuat=xlsx").content))
        return [cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]

    def withdraw(self, client=None, note: str = "Trả lời còn nêu tên người phản ánh."):
        return (client or self.head).post(reverse("petitions:withdraw", args=[self.petition.pk]),
                                          {"version": self.petition.events.count(), "note": note})

    def test_publishing_the_answer_puts_it_on_the_unit_page_and_in_the_open_data(self):
        decision = Publication.objects.get(kind=KIND)
        self.assertEqual((decision.unit_id, decision.year, decision.object_id, decision.published_by.username),
                         (self.world.dept_a.pk, DAY.year, self.petition.pk, "focal"))
        page = self.unit_page()
        self.assertContains(page, ANSWER)
        self.assertContains(page, "phản ánh hồ sơ cấp phép xây dựng bị trả lại nhiều lần")
        self.assertContains(page, f'href="/cong-khai/phan-anh/tra-loi/?don-vi={self.world.dept_a.pk}"')
        for private in (*CONTACT.values(), "0912 345 678", CONTENT):
            self.assertNotContains(page, private)
        self.assertEqual([(row["ma_don_vi"], row["ngay_cong_khai"], row["tra_loi"]) for row in self.table()],
                         [("TN-SXD", DAY.isoformat(), ANSWER)])
        self.assertNotIn("Trần Thị Bích Ngọc", json.dumps(self.table(), ensure_ascii=False))

    def test_the_head_withdraws_it_from_every_public_page_at_once(self):
        self.unit_page()
        self.assertFalse(self.unit_page().templates)  # served from the cache
        self.assertContains(self.client.get(reverse("petitions_public:answers")), ANSWER)
        self.assertContains(self.lookup(), ANSWER)
        self.assertIn(ANSWER, self.exported())
        response = self.withdraw()
        self.assertEqual(response.status_code, 302)
        self.assertNotContains(self.unit_page(), ANSWER)
        self.assertNotContains(self.client.get(reverse("petitions_public:answers")), ANSWER)
        self.assertNotIn(ANSWER, self.exported())
        found = self.lookup()
        self.assertNotContains(found, ANSWER)
        self.assertContains(found, "Trả lời đang được điều chỉnh, tạm thời không công khai")
        self.assertEqual(self.table(), [])
        self.petition.refresh_from_db()
        self.assertEqual((self.petition.status, self.petition.published_on), (Status.PUBLISHED, DAY))  # the indicators keep it
        self.assertEqual(list(self.petition.events.values_list("kind", "note").order_by("-pk")[:1]),
                         [("withdrawn", "Trả lời còn nêu tên người phản ánh.")])

    def test_an_officer_publishes_it_again_with_the_summary_corrected(self):
        self.withdraw()
        self.assertEqual(self.client.get(reverse("petitions_public:answers")).context["rows"], [])
        self.assertNotContains(self.unit_page(), ANSWER)
        self.assertFalse(self.unit_page().templates)  # the page without the answer is cached
        response = self.focal.post(reverse("petitions:republish", args=[self.petition.pk]), {
            "version": self.petition.events.count(), "summary": "Phản ánh về hồ sơ cấp phép xây dựng, gọi 0987 654 321."})
        self.assertEqual(response.status_code, 302)
        self.assertContains(self.unit_page(), "Phản ánh về hồ sơ cấp phép xây dựng, gọi [đã ẩn].")
        self.assertEqual([row["tom_tat"] for row in self.table()], ["Phản ánh về hồ sơ cấp phép xây dựng, gọi [đã ẩn]."])

    def test_an_officer_may_not_withdraw_and_a_withdrawal_needs_a_reason(self):
        before = (petitions_state(), list(Publication.objects.values_list("pk", flat=True)))
        self.assertEqual(self.withdraw(client=self.focal).status_code, 403)
        self.assertEqual(self.withdraw(note=" ").status_code, 200)
        with self.assertRaises(PermissionDenied):
            handling.petition_withdraw(petition=self.petition, note="Lý do", actor=self.world.users["focal"])
        self.assertEqual((petitions_state(), list(Publication.objects.values_list("pk", flat=True))), before)


class PublishedWorld(PetitionsWorld):
    """``PetitionsWorld`` and two published answers of Sở Xây dựng, the second withdrawn by the head."""

    @classmethod
    def extra_data(cls, world):
        super().extra_data(world)
        cls.on_portal = answered(world)
        cls.withdrawn = answered(world)
        handling.petition_withdraw(petition=cls.withdrawn, note="Cần sửa tóm tắt.", actor=world.users["head"])

    def state(self):
        return petitions_state(), list(Publication.objects.order_by("pk").values_list("kind", "object_id"))


class TestWithdraw(PublishedWorld, PersonaPageCase):
    url_name = "petitions:withdraw"
    expected = APPROVE
    write_expected = APPROVE_POST

    def url(self):
        return reverse(self.url_name, args=[self.on_portal.pk])

    def write_data(self):
        return {"version": self.on_portal.events.count(), "note": "Trả lời còn thông tin cá nhân."}

    def test_the_detail_page_offers_it_to_the_head_only(self):
        detail = reverse("petitions:detail", args=[self.on_portal.pk])
        self.assertContains(self.client_for("head").get(detail), self.url())
        self.assertNotContains(self.client_for("focal").get(detail), self.url())


class TestRepublish(PublishedWorld, PersonaPageCase):
    url_name = "petitions:republish"
    expected = EDIT
    write_expected = EDIT_POST

    def url(self):
        return reverse(self.url_name, args=[self.withdrawn.pk])

    def write_data(self):
        return {"version": self.withdrawn.events.count(), "summary": "Phản ánh về hồ sơ cấp phép xây dựng."}

    def test_an_answer_on_the_portal_cannot_be_published_twice(self):
        response = self.client_for("focal").post(reverse(self.url_name, args=[self.on_portal.pk]), {
            "version": self.on_portal.events.count(), "summary": "Tóm tắt khác."})
        self.assertContains(response, "Trả lời này đang được công khai.")
        self.assertEqual(Petition.objects.get(pk=self.on_portal.pk).public_summary, self.on_portal.public_summary)
