"""Persona matrix for every inspections endpoint, and what the endpoints answer."""

from __future__ import annotations

from django.urls import reverse

from cchc.core.testing.openapi import assert_matches_schema
from cchc.core.testing.scoped_cases import PersonaApiCase
from cchc.inspections.tests.test_pages import InspectionsWorld
from cchc.plans.tests import test_pages as plans_pages


def matrix(default: int, **statuses) -> dict[str, int]:
    return plans_pages.matrix(default, anonymous=401, **statuses)


EVERYONE = matrix(200)
READ_INSPECTED = matrix(200, outsider=404, commune=404)
POST_ONLY = matrix(405)
#: a write of the inspecting unit on a row the division reads
EDIT = matrix(403, admin=200, head=200, focal=200, outsider=404, commune=404)
#: creating a row for the department: a field naming a row outside the caller's reach is unknown (400)
CREATE_FOR_DEPARTMENT = matrix(403, admin=201, head=201, focal=201, staff=400, outsider=400, commune=400)


class TestPlanList(InspectionsWorld, PersonaApiCase):
    url_name = "inspection-plan-list"
    expected = EVERYONE
    write_expected = CREATE_FOR_DEPARTMENT

    def write_data(self):
        return {"unit": self.world.dept_a.pk, "year": 2026, "title": "Kiểm tra CCHC năm 2026", "coverage_basis": "divisions",
                "coverage_target": "100", "team": ["focal", "head"], "team_lead": "focal",
                "checklist": [{"area": "procedures", "text": ""}, {"text": "Công khai TTHC"}]}

    def test_a_created_plan_answers_its_checklist_and_coverage(self):
        body = self.send("focal", "post", self.write_data()).json()
        self.assertEqual([(c["area"], c["text"]) for c in body["checklist"]],
                         [("procedures", "Cải cách thủ tục hành chính"), ("", "Công khai TTHC")])
        self.assertEqual((body["team"], body["team_lead"]), (["head", "focal"], "focal"))
        self.assertEqual(body["coverage"], {"inspected": 0, "expected": 2, "planned": 0, "percent": "0.00", "target": "100.00",
                                            "meets_target": False})

    def test_a_person_outside_the_unit_is_refused_in_the_same_words_as_a_missing_one(self):
        for name in ("outsider", "nobody-at-all"):
            with self.subTest(name=name):
                before = self.state()
                response = self.send("focal", "post", {**self.write_data(), "team": ["focal", name]})
                self.assertEqual(response.json(), {"team": [f"{name} không phải người có thể tham gia đoàn kiểm tra của Sở Xây dựng."]})
                self.assertEqual(self.state(), before)

    def test_the_list_is_the_one_the_schema_describes(self):
        assert_matches_schema(self.send("focal"))


class TestPlanDetail(InspectionsWorld, PersonaApiCase):
    url_name = "inspection-plan-detail"
    expected = READ_INSPECTED
    write_method = "patch"
    write_expected = EDIT

    def url(self):
        return reverse(self.url_name, args=[self.plan.pk])

    def write_data(self):
        return {"coverage_basis": "subordinate", "coverage_target": "60"}

    def test_the_live_coverage(self):
        self.assertEqual(self.send("staff").json()["coverage"], {"inspected": 1, "expected": 2, "planned": 2, "percent": "50.00",
                                                                 "target": "40.00", "meets_target": True})


class TestInspectionList(InspectionsWorld, PersonaApiCase):
    url_name = "inspection-list"
    expected = EVERYONE
    write_expected = matrix(403, admin=201, head=201, focal=201, outsider=400, commune=400)

    def write_data(self):
        return {"plan": self.plan.pk, "unit": self.world.division_a.pk, "planned_month": 11}

    def test_the_inspected_division_lists_only_its_own_inspection(self):
        self.assertEqual([i["id"] for i in self.send("staff").json()["results"]], [self.division.pk])
        self.assertEqual([i["id"] for i in self.send("focal").json()["results"]], [self.office.pk, self.division.pk])

    def test_a_unit_outside_the_reach_is_refused_naming_the_field(self):
        response = self.send("focal", "post", {**self.write_data(), "unit": self.world.division_b.pk})
        self.assertEqual(list(response.json()), ["unit"])


class TestInspectionDetail(InspectionsWorld, PersonaApiCase):
    url_name = "inspection-detail"
    expected = READ_INSPECTED

    def url(self):
        return reverse(self.url_name, args=[self.division.pk])

    def test_it_matches_the_schema(self):
        assert_matches_schema(self.send("staff"))


class TestInspectionRecord(InspectionsWorld, PersonaApiCase):
    url_name = "inspection-record"
    expected = POST_ONLY
    write_expected = EDIT

    def url(self):
        return reverse(self.url_name, args=[self.division.pk])

    def write_data(self):
        return {"inspected_on": "2025-05-16", "team": ["focal", "staff"], "team_lead": "focal", "summary": "Thực hiện tốt"}

    def test_a_date_outside_the_plan_year_is_refused(self):
        before = self.state()
        response = self.send("focal", "post", {**self.write_data(), "inspected_on": "2024-12-30"})
        self.assertEqual(response.json(), {"inspected_on": ["Ngày kiểm tra 30/12/2024 nằm ngoài năm của kế hoạch (2025)."]})
        self.assertEqual(self.state(), before)


class TestInspectionAnswer(InspectionsWorld, PersonaApiCase):
    url_name = "inspection-answer"
    expected = POST_ONLY
    write_expected = EDIT

    def url(self):
        return reverse(self.url_name, args=[self.division.pk])

    def write_data(self):
        return {"item": self.plan.checklist.first().pk, "result": "met", "note": "Đầy đủ",
                "evidence": {"document_number": "12/KH-QLXD"}}


class TestInspectionFindings(InspectionsWorld, PersonaApiCase):
    url_name = "inspection-findings"
    expected = POST_ONLY
    write_expected = matrix(403, admin=201, head=201, focal=201, outsider=404, commune=404)

    def url(self):
        return reverse(self.url_name, args=[self.division.pk])

    def write_data(self):
        return {"finding": "Chưa số hóa hồ sơ", "recommendation": "Số hóa hồ sơ", "due_working_days": 15}

    def test_an_empty_finding_is_refused_naming_the_field(self):
        before = self.state()
        response = self.send("focal", "post", {**self.write_data(), "finding": ""})
        self.assertEqual(response.json(), {"finding": ["Nhập tồn tại, hạn chế mà cuộc kiểm tra phát hiện."]})
        self.assertEqual(self.state(), before)

    def test_a_recommendation_due_before_the_inspection_is_refused(self):
        response = self.send("focal", "post", {"finding": "Chưa số hóa", "recommendation": "Số hóa", "due_date": "2025-05-14"})
        self.assertEqual(response.json(), {"due_date": ["Thời hạn 14/05/2025 trước ngày kiểm tra (15/05/2025)."]})


class TestItemList(InspectionsWorld, PersonaApiCase):
    url_name = "remediation-item-list"
    expected = EVERYONE

    def test_the_division_sees_the_recommendations_assigned_to_it(self):
        self.assertEqual([i["text"] for i in self.send("staff").json()["results"]],
                         ["Cập nhật niêm yết đầy đủ TTHC", "Sắp xếp hồ sơ lưu trữ"])
        self.assertEqual(self.send("outsider").json()["results"], [])

    def test_the_overdue_filter(self):
        response = self.client_for("focal").get(self.url(), {"state": "overdue"})
        self.assertEqual([i["text"] for i in response.json()["results"]], ["Cập nhật niêm yết đầy đủ TTHC"])


class TestItemDetail(InspectionsWorld, PersonaApiCase):
    url_name = "remediation-item-detail"
    expected = READ_INSPECTED

    def url(self):
        return reverse(self.url_name, args=[self.closed.pk])

    def test_it_answers_the_closure_and_its_evidence(self):
        body = self.send("staff").json()
        self.assertEqual((body["status"], body["closed_on"], body["decisions"][0]["evidence"]["document_number"]),
                         ("closed", "2025-06-02", "31/BB-ĐKT"))
        assert_matches_schema(self.send("staff"))


class TestItemProgress(InspectionsWorld, PersonaApiCase):
    url_name = "remediation-item-progress"
    expected = POST_ONLY
    write_expected = matrix(403, admin=201, head=201, focal=201, staff=201, outsider=404, commune=404)

    def url(self):
        return reverse(self.url_name, args=[self.item.pk])

    def write_data(self):
        return {"status": "completed", "percent": 100, "reported_on": "2025-05-28", "note": "Đã cập nhật",
                "evidence": [{"document_number": "5/BC-QLXD"}]}

    def test_the_item_follows_the_report(self):
        body = self.send("staff", "post", self.write_data()).json()
        self.assertEqual((body["progress"], body["percent"], body["completed_on"], body["status"]),
                         ("completed", 100, "2025-05-28", "open"))


class TestItemClose(InspectionsWorld, PersonaApiCase):
    url_name = "remediation-item-close"
    expected = POST_ONLY
    write_expected = EDIT

    def url(self):
        return reverse(self.url_name, args=[self.item.pk])

    def write_data(self):
        return {"closed_on": "2025-05-30", "note": "Đạt", "evidence": {"document_number": "32/BB-ĐKT"}}

    def test_closing_without_evidence_is_refused(self):
        before = self.state()
        response = self.send("focal", "post", {"closed_on": "2025-05-30"})
        self.assertEqual(list(response.json()), ["file"])
        self.assertEqual(self.state(), before)


class TestItemReopen(InspectionsWorld, PersonaApiCase):
    url_name = "remediation-item-reopen"
    expected = POST_ONLY
    write_expected = EDIT

    def url(self):
        return reverse(self.url_name, args=[self.closed.pk])

    def write_data(self):
        return {"reopened_on": "2025-06-05", "reason": "Còn hồ sơ năm 2024 chưa sắp xếp"}
