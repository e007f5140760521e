"""Persona matrix for every petitions endpoint, the national portal's push, and what the endpoints answer."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from cchc.core.testing.openapi import assert_matches_schema
from cchc.core.testing.scoped_cases import PersonaApiCase
from cchc.petitions.models import Petition
from cchc.petitions.tests import test_pages
from cchc.petitions.tests.test_pages import PetitionsWorld


def matrix(default: int, **statuses) -> dict[str, int]:
    return test_pages.matrix(default, anonymous=401, **statuses)


EVERYONE = matrix(200)
READ = matrix(404, admin=200, steering=200, viewer=200, head=200, focal=200)
POST_ONLY = matrix(405)
ITEM = {"external_code": "DVCQG-2025-000123", "unit": "TN-SXD", "received_at": "2025-06-06T09:00:00+07:00",
        "content": "Phản ánh về thời gian cấp giấy phép xây dựng.", "category": "regulation", "contact_phone": "0912345678"}


class TestPetitionList(PetitionsWorld, PersonaApiCase):
    url_name = "petition-list"
    expected = EVERYONE

    def test_the_department_sees_its_six_the_outsider_none(self):
        self.assertEqual(self.send("focal").json()["count"], 6)
        self.assertEqual(self.send("outsider").json()["count"], 0)
        response = self.client_for("focal").get(self.url(), {"status": "pending_approval"})
        self.assertEqual([p["id"] for p in response.json()["results"]], [self.pending.pk])
        assert_matches_schema(response)


class TestPetitionDetail(PetitionsWorld, PersonaApiCase):
    url_name = "petition-detail"
    expected = READ

    def url(self):
        return reverse(self.url_name, args=[self.received.pk])

    def test_contact_details_only_for_those_who_handle_it(self):
        self.assertEqual(self.send("focal").json()["contact_email"], "ngoc.tran@example.vn")
        self.assertEqual({k: v for k, v in self.send("viewer").json().items() if k.startswith("contact_") or k == "tracking_code"},
                         {"tracking_code": "", "contact_name": "", "contact_phone": "", "contact_email": "", "contact_address": ""})
        self.assertEqual(self.send("focal").json()["tracking_code"], self.received.tracking_code)
        response = self.send("focal")
        self.assertEqual((response.json()["decide_due"], response.json()["resolve_due"], response.json()["overdue"]),
                         ("2025-06-10", "2025-06-27", True))
        assert_matches_schema(response)


class TestPetitionHistory(PetitionsWorld, PersonaApiCase):
    url_name = "petition-history"
    expected = READ

    def url(self):
        return reverse(self.url_name, args=[self.pending.pk])

    def test_every_step_with_who_and_when(self):
        response = self.send("head")
        self.assertEqual([(e["kind"], e["actor"]) for e in response.json()],
                         [("received", ""), ("classified", "focal"), ("accepted", "focal"), ("answer_drafted", "focal")])
        assert_matches_schema(response)


class TestPetitionBatch(PetitionsWorld, PersonaApiCase):
    url_name = "petition-batch"
    expected = POST_ONLY
    #: the outsider and the commune may record petitions, but not for Sở Xây dựng: the item is refused
    write_expected = matrix(403, admin=200, head=200, focal=200, outsider=400, commune=400)

    def write_data(self):
        return {"items": [ITEM]}

    def state(self):
        return test_pages.petitions_state()

    def test_a_resent_batch_records_nothing_twice(self):
        first = self.send("focal", "post", self.write_data())
        self.assertEqual(first.json()["unchanged"], 0)
        assert_matches_schema(first, method="post")
        again = self.send("focal", "post", {"items": [ITEM, {**ITEM, "content": "sửa"}]})
        self.assertEqual(again.status_code, 400)  # the same code twice in one batch
        again = self.send("focal", "post", self.write_data())
        self.assertEqual(again.json(), {"created": [], "unchanged": 1})
        petition = Petition.objects.get(external_code=ITEM["external_code"])
        self.assertEqual((petition.channel, petition.category, petition.received_on, petition.resolve_due, petition.created_by.username),
                         ("national_portal", "regulation", dt.date(2025, 6, 6), dt.date(2025, 6, 27), "focal"))

    def test_bad_items_are_refused_by_position_and_nothing_is_written(self):
        before = self.state()
        response = self.send("focal", "post", {"items": [ITEM, {**ITEM, "external_code": "B", "content": "<script>x</script>"},
                                                         {**ITEM, "external_code": "C", "content": "=HYPERLINK(\"a\")" + "x" * 20000}]})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"items": {
            "1": ["Nội dung: không nhận thẻ HTML và mã lệnh (như <script>)."],
            "2": ["Nội dung: tối đa 5000 ký tự (văn bản này có 20015 ký tự)."],
        }})
        self.assertEqual(self.state(), before)
