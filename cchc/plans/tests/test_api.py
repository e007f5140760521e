"""Persona matrix for every plans endpoint, and what the endpoints answer."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.urls import reverse

from cchc.core.testing.openapi import assert_matches_schema
from cchc.core.testing.scoped_cases import PersonaApiCase
from cchc.plans import services
from cchc.plans.choices import ReformArea
from cchc.plans.models import Plan, ProgressUpdate, Target, Task
from cchc.plans.tests import test_pages
from cchc.plans.tests.test_pages import PlansWorld


def matrix(default: int, **statuses) -> dict[str, int]:
    return test_pages.matrix(default, anonymous=401, **statuses)


EVERYONE = matrix(200)
#: an issued plan is also read by the divisions of its unit
READ_PLAN = matrix(200, outsider=404, commune=404)
READ_TASK = matrix(200, outsider=404, commune=404)
#: POST-only actions answer 405 to a GET from anyone signed in
POST_ONLY = matrix(405)
APPROVE = matrix(403, admin=200, head=200, staff=404, outsider=404, commune=404)
#: creating a row in the department's plan: the unit or plan field is unknown outside the reach (400)
CREATE_IN_DEPARTMENT = matrix(403, admin=201, head=201, focal=201, staff=400, outsider=400, commune=400)


class TestPlanList(PlansWorld, PersonaApiCase):
    url_name = "plan-list"
    expected = EVERYONE
    write_expected = CREATE_IN_DEPARTMENT

    def write_data(self):
        return {"unit": self.world.dept_a.pk, "year": 2027, "title": "Kế hoạch CCHC năm 2027",
                "legal_bases": [{"number": "218/KH-UBND", "date": "2026-12-19", "issuer": "UBND tỉnh"}]}

    def test_it_filters_by_unit_and_year(self):
        response = self.client_for("steering").get(self.url(), {"unit": self.world.dept_a.pk, "year": 2025})
        self.assertEqual([p["number"] for p in response.json()["results"]], ["12/KH-SXD"])

    def test_a_created_plan_is_a_draft_with_its_legal_bases(self):
        response = self.send("focal", "post", self.write_data())
        self.assertEqual((response.json()["status"], response.json()["legal_bases"][0]["number"]), ("draft", "218/KH-UBND"))

    def test_a_superior_plan_of_a_sibling_is_refused_in_vietnamese(self):
        sibling = services.plan_create(unit=self.world.office_a, year=2025, title="Kế hoạch của Văn phòng",
                                       actor=self.world.users["focal"])
        area = services.area_create(plan=sibling, code=ReformArea.DIRECTION, title="Chỉ đạo", actor=self.world.users["focal"])
        services.task_create(plan=sibling, area=area, title="Kế hoạch tuyên truyền", timeframe="Quý I/2025",
                             actor=self.world.users["focal"])
        services.plan_issue(plan=sibling, number="1/KH-VP", issued_on=dt.date(2024, 12, 20), signer_title="Chánh Văn phòng",
                            actor=self.world.users["head"])
        response = self.send("focal", "post", {**self.write_data(), "unit": self.world.division_a.pk, "year": 2025,
                                               "parent_plan": sibling.pk})
        self.assertEqual(response.status_code, 400)
        self.assertIn("không phải cấp trên", response.json()["parent_plan"][0])


    def test_a_plan_out_of_reach_reads_as_not_found(self):
        """Sở Tài chính's plan is neither readable by Sở Xây dựng's officer nor above it: the answer is
        the one a missing id gets, and names neither the plan nor its unit."""
        other = issued_plan_of(self.world.dept_b)
        for parent in (other.pk, 999_999):
            with self.subTest(parent=parent):
                before = self.state()
                response = self.send("focal", "post", {**self.write_data(), "year": 2025, "parent_plan": parent})
                self.assertEqual(response.json(), {"parent_plan": [f"Khóa chính “{parent}” không hợp lệ - đối tượng không tồn tại."]})
                self.assertEqual(self.state(), before)


def issued_plan_of(unit) -> Plan:
    """An issued 2025 plan of ``unit`` with one task."""
    admin = get_user_model().objects.get(username="admin")
    plan = services.plan_create(unit=unit, year=2025, title="Kế hoạch CCHC năm 2025 của Sở Tài chính", actor=admin)
    area = services.area_create(plan=plan, code=ReformArea.PROCEDURES, title="Cải cách TTHC", actor=admin)
    services.task_create(plan=plan, area=area, title="Nhiệm vụ riêng của Sở Tài chính", due_date=dt.date(2025, 9, 30), actor=admin)
    services.plan_issue(plan=plan, number="9/KH-STC", issued_on=dt.date(2025, 1, 5), signer_title="Giám đốc", actor=admin)
    return plan


class TestPlanDetail(PlansWorld, PersonaApiCase):
    url_name = "plan-detail"
    expected = READ_PLAN
    write_method = "patch"
    write_expected = matrix(403, admin=200, head=200, focal=200, outsider=404, commune=404)

    def url(self):
        return reverse(self.url_name, args=[self.plan.pk])

    def write_data(self):
        return {"title": "Kế hoạch CCHC năm 2025 (sửa)", "parent_plan": self.superior.pk}


class TestPlanIssue(PlansWorld, PersonaApiCase):
    url_name = "plan-issue"
    expected = POST_ONLY
    write_expected = APPROVE

    def url(self):
        return reverse(self.url_name, args=[self.draft.pk])

    def write_data(self):
        return {"number": "99/KH-SXD", "issued_on": "2025-12-20", "signer_name": "Trần Văn Bình", "signer_title": "Giám đốc"}

    def test_issuing_answers_version_one(self):
        response = self.send("head", "post", self.write_data())
        self.assertEqual({k: response.json()[k] for k in ("number", "kind", "decision_number", "created_by")},
                         {"number": 1, "kind": "issue", "decision_number": "99/KH-SXD", "created_by": "head"})
        self.assertEqual(Plan.objects.get(pk=self.draft.pk).status, "issued")


class TestPlanAmend(PlansWorld, PersonaApiCase):
    url_name = "plan-amend"
    expected = POST_ONLY
    write_expected = {**APPROVE, "staff": 403}

    def url(self):
        return reverse(self.url_name, args=[self.plan.pk])

    def write_data(self):
        return {"decision_number": "45/QĐ-SXD", "decided_on": "2025-06-01", "note": "Bổ sung chỉ tiêu"}

    def test_an_amendment_without_decision_number_is_refused_naming_the_field(self):
        response = self.send("head", "post", {**self.write_data(), "decision_number": " "})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.json()), ["decision_number"])
        self.assertEqual(self.plan.versions.count(), 1)


class TestPlanVersions(PlansWorld, PersonaApiCase):
    url_name = "plan-versions"
    expected = READ_PLAN

    def url(self):
        return reverse(self.url_name, args=[self.plan.pk])

    def test_it_lists_each_version_with_its_decision(self):
        self.assertEqual([(v["number"], v["decision_number"]) for v in self.send("head").json()], [(1, "12/KH-SXD")])

    def test_the_answer_is_the_list_the_schema_describes(self):
        assert_matches_schema(self.send("head"))


class TestPlanHistory(PlansWorld, PersonaApiCase):
    url_name = "plan-history"
    expected = READ_PLAN

    def url(self):
        return reverse(self.url_name, args=[self.plan.pk])

    def test_every_change_names_who_made_it(self):
        entries = self.send("focal").json()
        self.assertEqual(entries[0]["history_user"], "focal")
        self.assertEqual(entries[0]["fields"], ["parent_plan"])
        self.assertEqual(entries[-1]["history_type"], "+")

    def test_the_answer_is_the_list_the_schema_describes(self):
        assert_matches_schema(self.send("focal"))


class TestTaskList(PlansWorld, PersonaApiCase):
    url_name = "task-list"
    expected = EVERYONE
    write_expected = {**CREATE_IN_DEPARTMENT, "staff": 403}

    def write_data(self):
        return {"plan": self.plan.pk, "area": self.plan.areas.first().pk, "title": "Tập huấn nghiệp vụ", "products": ["Hội nghị"],
                "lead_unit": self.world.division_a.pk, "timeframe": "Quý III/2025"}

    def test_division_staff_list_only_the_tasks_their_division_takes_part_in(self):
        numbers = sorted(t["number"] for t in self.send("staff").json()["results"])
        self.assertEqual(numbers, ["1", "1", "2", "2"])  # tasks 1 and 2 of both the 2025 plan and the 2026 draft

    def test_a_task_of_a_plan_out_of_reach_reads_as_not_found(self):
        other = issued_plan_of(self.world.dept_b).tasks.get()
        for source in (other.pk, 999_999):
            with self.subTest(source=source):
                before = self.state()
                response = self.send("focal", "post", {**self.write_data(), "source_task": source})
                self.assertEqual(response.json(), {"source_task": [f"Khóa chính “{source}” không hợp lệ - đối tượng không tồn tại."]})
                self.assertEqual(self.state(), before)

    def test_the_timeframe_is_read_and_periods_are_made(self):
        body = self.send("focal", "post", {**self.write_data(), "timeframe": "Hàng quý"}).json()
        self.assertEqual((body["due_date"], body["recurrence"], len(body["periods"])), (None, "quarterly", 4))

    def test_bad_input_names_the_field_in_vietnamese_and_writes_nothing(self):
        for data, field in (
            ({"due_date": "2026-03-01", "timeframe": ""}, "due_date"),
            ({"lead_unit": self.world.division_a.pk, "coordinating_units": [self.world.division_a.pk]}, "coordinating_units"),
            ({"lead_unit": self.world.province.pk}, "lead_unit"),
        ):
            with self.subTest(field=field):
                count = Task.objects.count()
                response = self.send("admin", "post", {**self.write_data(), **data})
                self.assertEqual((response.status_code, list(response.json())), (400, [field]))
                self.assertEqual(Task.objects.count(), count)


class TestTaskDetail(PlansWorld, PersonaApiCase):
    url_name = "task-detail"
    expected = READ_TASK
    write_method = "patch"
    write_expected = matrix(403, admin=200, head=200, focal=200, outsider=404, commune=404)

    def url(self):
        return reverse(self.url_name, args=[self.task.pk])

    def write_data(self):
        return {"area": self.task.area_id, "timeframe": "Quý III/2025"}

    def test_a_task_with_no_recurrence_matches_the_schema(self):
        Task.objects.filter(pk=self.task.pk).update(recurrence="")
        response = self.send("focal")
        self.assertEqual(response.json()["recurrence"], "")
        assert_matches_schema(response)

    def test_new_periods_of_a_changed_timeframe_are_in_the_answer(self):
        """The view reads the task with its periods prefetched: the answer shows the periods as saved."""
        response = self.send("focal", "patch", {"timeframe": "Hàng quý"})
        periods = response.json()["periods"]
        saved = list(self.task.periods.order_by("due_date", "pk").values_list("pk", "label"))
        self.assertEqual([(p["id"], p["label"]) for p in periods], saved)
        self.assertEqual(len(saved), 5)  # four quarters, and the old single period kept for its report
        assert_matches_schema(response, method="patch")

    def test_a_changed_timeframe_moves_the_due_date(self):
        body = self.send("focal", "patch", {**self.write_data(), "budget_amount": "15000000"}).json()
        self.assertEqual((body["due_date"], body["budget_amount"], body["coordinating_units"]),
                         ("2025-09-30", "15000000", [self.world.division_a.pk]))


class TestTaskHistory(PlansWorld, PersonaApiCase):
    url_name = "task-history"
    expected = READ_TASK

    def url(self):
        return reverse(self.url_name, args=[self.task.pk])

    def test_the_answer_is_the_list_the_schema_describes(self):
        response = self.send("focal")
        self.assertIsInstance(response.json(), list)
        assert_matches_schema(response)


class TestTaskCascade(PlansWorld, PersonaApiCase):
    url_name = "task-cascade"
    expected = POST_ONLY
    write_expected = matrix(404, admin=200, steering=200, viewer=403)

    def url(self):
        return reverse(self.url_name, args=[self.superior.tasks.get(number="2").pk])

    def write_data(self):
        return {"units": [self.world.dept_a.pk, self.world.dept_b.pk]}

    def state(self):
        return super().state(), list(Plan.objects.values_list("pk", "parent_plan_id"))

    def test_each_unit_gets_a_linked_copy(self):
        body = self.send("steering", "post", self.write_data()).json()
        source = self.superior.tasks.get(number="2").pk
        self.assertEqual([(t["source_task"], t["lead_unit"]) for t in body],
                         [(source, self.world.dept_a.pk), (source, self.world.dept_b.pk)])


class TestTargetList(PlansWorld, PersonaApiCase):
    url_name = "target-list"
    expected = EVERYONE
    write_expected = {**CREATE_IN_DEPARTMENT, "staff": 403}

    def write_data(self):
        return {"plan": self.plan.pk, "text": "≥98% hồ sơ giải quyết đúng hạn", "metric_code": "ontime_rate"}

    def test_the_target_text_is_read(self):
        body = self.send("focal", "post", self.write_data()).json()
        self.assertEqual((body["comparator"], body["value"], body["value_unit"], body["status"]), (">=", "98.00", "%", None))


class TestTargetDetail(PlansWorld, PersonaApiCase):
    url_name = "target-detail"
    expected = READ_PLAN

    def url(self):
        return reverse(self.url_name, args=[self.target.pk])


class TestTargetRecordValue(PlansWorld, PersonaApiCase):
    url_name = "target-record-value"
    expected = POST_ONLY
    write_expected = matrix(403, admin=200, head=200, focal=200, outsider=404, commune=404)

    def url(self):
        return reverse(self.url_name, args=[self.target.pk])

    def write_data(self):
        return {"value": "96.5", "period_end": "2025-12-31"}

    def test_a_value_below_target_at_the_years_end_is_missed(self):
        self.assertEqual(self.send("focal", "post", self.write_data()).json()["status"], "missed")


class TestTargetReportMeasurement(PlansWorld, PersonaApiCase):
    url_name = "target-report-measurement"
    expected = POST_ONLY
    write_expected = matrix(403, admin=201, head=201, focal=201, outsider=404, commune=404)

    def url(self):
        return reverse(self.url_name, args=[self.target.pk])

    def write_data(self):
        return {"period_start": "2025-01-01", "period_end": "2025-06-30", "numerator": "45", "denominator": 50,
                "document_number": "9/BC-SXD"}

    def state(self):
        return test_pages.manual_state()

    def test_the_value_and_status_follow_the_report(self):
        body = self.send("focal", "post", self.write_data()).json()
        self.assertEqual((body["numerator"], body["denominator"], body["value"]), ("45.00", "50.00", "90.00"))
        target = Target.objects.get(pk=self.target.pk)
        self.assertEqual((target.current_value, target.status), (90, "at_risk"))

    def test_a_numerator_above_its_denominator_names_the_field_and_writes_nothing(self):
        before = self.state()
        response = self.send("focal", "post", {**self.write_data(), "numerator": "51"})
        self.assertEqual((response.status_code, response.json()["numerator"]), (400, ["Tử số (51) không được lớn hơn mẫu số (50)."]))
        self.assertEqual(self.state(), before)


class TestProgressList(PlansWorld, PersonaApiCase):
    url_name = "progress-list"
    expected = EVERYONE
    write_expected = matrix(403, admin=201, head=201, focal=201, staff=201, outsider=400, commune=400)

    def write_data(self):
        return {"period": self.task.periods.get().pk, "unit": self.world.division_a.pk, "status": "in_progress", "percent": 70,
                "reported_on": "2025-06-20", "note": "Đã rà soát 12 văn bản",
                "evidence": [{"document_number": "9/BC-QLXD", "document_date": "2025-06-20", "issuer": "Phòng QLXD"}]}

    def test_a_report_with_its_evidence_record(self):
        body = self.send("staff", "post", self.write_data()).json()
        self.assertEqual((body["task"], body["percent"], body["created_by"]), (self.task.pk, 70, "staff"))
        self.assertEqual([(e["document_number"], e["url"]) for e in body["evidence"]], [("9/BC-QLXD", None)])

    def test_a_percent_over_100_and_a_late_completion_without_reason_are_refused(self):
        for data, field in (({"percent": 120}, "percent"),
                            ({"unit": self.world.office_a.pk, "status": "completed", "reported_on": "2025-07-10"}, "lateness_reason")):
            with self.subTest(field=field):
                response = self.send("focal", "post", {**self.write_data(), **data})
                self.assertEqual((response.status_code, list(response.json())), (400, [field]))
        self.assertEqual(ProgressUpdate.objects.count(), 1)


class TestProgressDetail(PlansWorld, PersonaApiCase):
    url_name = "progress-detail"
    expected = READ_TASK

    def url(self):
        return reverse(self.url_name, args=[ProgressUpdate.objects.get().pk])
