"""The inspection services: what they write, what they refuse (a Vietnamese message naming the field, nothing written)
and how the linked plan task follows the inspections."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from cchc.core.testing.personas import build_world
from cchc.inspections import services
from cchc.inspections.models import (
    ChecklistAnswer,
    Finding,
    Inspection,
    InspectionPlan,
    RemediationDecision,
    RemediationItem,
    RemediationUpdate,
)
from cchc.inspections.tests.factories import INSPECTED_ON, inspected_world, inspection_plan, pdf
from cchc.plans.models import Evidence, ProgressUpdate
from cchc.plans.tests.factories import department_plan


def state():
    return (
        list(InspectionPlan.objects.order_by("pk").values_list("pk", "title", "coverage_target", "task_id")),
        list(Inspection.objects.order_by("pk").values_list("pk", "status", "inspected_on", "unit_id")),
        Finding.objects.count(), ChecklistAnswer.objects.count(),
        list(RemediationItem.objects.order_by("pk").values_list("pk", "status", "progress", "percent", "due_date", "closed_on")),
        RemediationUpdate.objects.count(), RemediationDecision.objects.count(), Evidence.objects.count(),
        ProgressUpdate.objects.count(),
    )


class InspectionCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.focal, cls.staff = cls.world.users["focal"], cls.world.users["staff"]
        for key, value in inspected_world(cls.world).items():
            setattr(cls, key, value)

    def refused(self, field: str, words: str, call, **kwargs):
        before = state()
        with self.assertRaises(ValidationError) as caught:
            call(**kwargs)
        self.assertEqual(list(caught.exception.message_dict), [field])
        self.assertIn(words, " ".join(caught.exception.message_dict[field]))
        self.assertEqual(state(), before)


class TestPlanAndSchedule(InspectionCase):
    def test_a_recommendation_is_due_the_given_working_days_after_the_inspection(self):
        self.assertEqual((self.item.unit, self.item.due_from, self.item.due_date), (self.world.division_a, INSPECTED_ON,
                                                                                    dt.date(2025, 5, 29)))

    def test_a_unit_outside_the_inspectors_reach_is_refused(self):
        self.refused("unit", "không thuộc", services.inspection_schedule, plan=self.plan, unit=self.world.division_b,
                     planned_month=6, actor=self.focal)

    def test_the_inspecting_unit_itself_is_not_inspected_by_its_own_plan(self):
        self.refused("unit", "không thuộc", services.inspection_schedule, plan=self.plan, unit=self.world.dept_a,
                     actor=self.focal)

    def test_a_second_planned_inspection_of_the_same_unit_is_refused(self):
        self.refused("unit", "đã có", services.inspection_schedule, plan=self.plan, unit=self.world.office_a, actor=self.focal)

    def test_a_second_plan_for_the_same_year_is_refused(self):
        self.refused("year", "đã có kế hoạch kiểm tra năm 2025", services.inspection_plan_create, unit=self.world.dept_a,
                     year=2025, title="Kế hoạch khác", coverage_target="40", actor=self.focal)

    def test_a_coverage_target_above_100_is_refused(self):
        self.refused("coverage_target", "100%", services.inspection_plan_update, plan=self.plan, coverage_target="140",
                     actor=self.focal)

    def test_a_team_member_from_another_branch_is_refused(self):
        self.refused("team", "Outsider", services.inspection_plan_update, plan=self.plan,
                     team=[self.focal, self.world.users["outsider"]], actor=self.focal)

    def test_a_task_of_another_year_is_refused(self):
        other = department_plan(self.world, year=2026).tasks.get(number="1")
        self.refused("task", "2026", services.inspection_plan_update, plan=self.plan, task=other, actor=self.focal)


class TestRecord(InspectionCase):
    def test_a_date_outside_the_plan_year_is_refused(self):
        self.refused("inspected_on", "ngoài năm", services.inspection_record, inspection=self.office,
                     inspected_on=dt.date(2026, 1, 5), actor=self.focal)

    def test_a_date_in_the_future_is_refused(self):
        future = timezone.localdate() + dt.timedelta(days=1)
        inspection = self.office
        inspection.plan.year = future.year  # only in memory: the year check passes, the future check answers
        self.refused("inspected_on", "chưa diễn ra", services.inspection_record, inspection=inspection, inspected_on=future,
                     actor=self.focal)

    def test_findings_wait_for_the_inspection_to_be_recorded(self):
        self.refused("finding", "Ghi nhận cuộc kiểm tra", services.finding_add, inspection=self.office,
                     finding="Chưa niêm yết", actor=self.focal)

    def test_an_empty_finding_is_refused(self):
        self.refused("finding", "tồn tại", services.finding_add, inspection=self.division, finding="  ",
                     recommendation="Khắc phục", due_working_days=5, actor=self.focal)

    def test_a_recommendation_due_before_the_inspection_is_refused(self):
        self.refused("due_date", "trước ngày kiểm tra", services.finding_add, inspection=self.division,
                     finding="Hồ sơ chưa số hóa", recommendation="Số hóa hồ sơ", due_date=dt.date(2025, 5, 1), actor=self.focal)

    def test_a_recommendation_needs_a_time_to_carry_it_out(self):
        self.refused("due_working_days", "số ngày làm việc", services.finding_add, inspection=self.division,
                     finding="Hồ sơ chưa số hóa", recommendation="Số hóa hồ sơ", actor=self.focal)

    def test_recording_again_moves_the_working_day_due_dates(self):
        services.inspection_record(inspection=self.division, inspected_on=dt.date(2025, 5, 22), actor=self.focal)
        self.item.refresh_from_db()
        self.assertEqual((self.item.due_from, self.item.due_date), (dt.date(2025, 5, 22), dt.date(2025, 6, 5)))

    def test_a_checklist_answer_keeps_its_evidence_under_the_inspected_unit(self):
        line = self.plan.checklist.get(position=2)
        answer = services.checklist_answer_record(inspection=self.division, item=line, result="partly", note="Thiếu 3 TTHC",
                                                  evidence=services.EvidenceInput(file=pdf("anh-niem-yet.pdf")),
                                                  actor=self.focal)
        self.assertEqual((answer.result, answer.evidence.unit, answer.evidence.file_name),
                         ("partly", self.world.division_a, "anh-niem-yet.pdf"))

    def test_a_line_of_another_plans_checklist_is_refused(self):
        other = inspection_plan(self.world, year=2024)
        self.refused("item", "danh mục", services.checklist_answer_record, inspection=self.division,
                     item=other.checklist.first(), result="met", actor=self.focal)


class TestRemediation(InspectionCase):
    def report(self, **kwargs):
        values = {"item": self.item, "status": "completed", "percent": 100, "reported_on": dt.date(2025, 5, 27),
                  "note": "Đã cập nhật niêm yết", "actor": self.staff,
                  "evidence": [services.EvidenceInput(file=pdf(), document_number="5/BC-QLXD")]}
        return services.remediation_progress_record(**{**values, **kwargs})

    def test_the_division_reports_completion_with_evidence(self):
        update = self.report()
        self.item.refresh_from_db()
        self.assertEqual((self.item.progress, self.item.percent, self.item.completed_on, self.item.status),
                         ("completed", 100, dt.date(2025, 5, 27), "open"))
        self.assertEqual([e.document_number for e in update.evidence.all()], ["5/BC-QLXD"])

    def test_completing_late_needs_a_reason(self):
        self.refused("lateness_reason", "29/05/2025", self.report, reported_on=dt.date(2025, 6, 3))
        self.report(reported_on=dt.date(2025, 6, 3), lateness_reason="Chờ bộ TTHC mới của tỉnh")
        self.assertEqual(RemediationItem.objects.get(pk=self.item.pk).completed_on, dt.date(2025, 6, 3))

    def test_a_report_before_the_inspection_is_refused(self):
        self.refused("reported_on", "trước ngày kiểm tra", self.report, reported_on=dt.date(2025, 5, 2))

    def test_closing_without_evidence_is_refused(self):
        self.report(evidence=[])
        self.refused("file", "tài liệu kiểm chứng", services.remediation_close, item=self.item, closed_on=dt.date(2025, 5, 28),
                     actor=self.focal)

    def test_closing_with_the_units_evidence_then_reopening(self):
        self.report()
        services.remediation_close(item=self.item, closed_on=dt.date(2025, 5, 28), note="Đã kiểm tra lại", actor=self.focal)
        self.assertEqual((self.item.status, self.item.closed_on), ("closed", dt.date(2025, 5, 28)))
        self.refused("status", "đã được đóng", self.report)
        self.refused("reason", "lý do", services.remediation_reopen, item=self.item, reason=" ", actor=self.focal)
        services.remediation_reopen(item=self.item, reason="Niêm yết chưa đủ 3 TTHC", actor=self.focal)
        self.item.refresh_from_db()
        self.assertEqual((self.item.status, self.item.closed_on), ("open", None))
        self.assertEqual(list(self.item.decisions.values_list("kind", flat=True)), ["reopen", "close"])

    def test_the_inspector_may_close_with_evidence_of_his_own(self):
        decision = services.remediation_close(
            item=self.item, closed_on=dt.date(2025, 5, 28), actor=self.focal,
            evidence=services.EvidenceInput(document_number="30/BB-ĐKT", title="Biên bản kiểm tra lại"))
        self.assertEqual((decision.evidence.unit, decision.evidence.document_number), (self.world.division_a, "30/BB-ĐKT"))


class TestTheLinkedTaskFollows(InspectionCase):
    def progress(self):
        return list(ProgressUpdate.objects.filter(period__task=self.task).order_by("pk").values_list("unit_id", "status",
                                                                                                       "percent"))

    def test_each_recorded_inspection_is_reported_on_the_task(self):
        self.task.refresh_from_db()
        self.assertEqual((self.task.status, self.task.percent), ("in_progress", 50))
        latest = ProgressUpdate.objects.filter(period__task=self.task).latest("pk")
        self.assertEqual((latest.unit, latest.reported_on), (self.world.dept_a, INSPECTED_ON))
        self.assertIn("1/2", latest.note)
        self.assertIn("chưa khắc phục 1", latest.note)

    def test_the_task_completes_once_every_inspection_is_done_and_every_recommendation_closed(self):
        services.inspection_record(inspection=self.office, inspected_on=dt.date(2025, 6, 10), actor=self.focal)
        self.task.refresh_from_db()
        self.assertEqual((self.task.status, self.task.percent), ("in_progress", 99))
        services.remediation_progress_record(item=self.item, status="completed", percent=100, reported_on=dt.date(2025, 5, 27),
                                             evidence=[services.EvidenceInput(document_number="5/BC-QLXD")], actor=self.staff)
        services.remediation_close(item=self.item, closed_on=dt.date(2025, 6, 12), actor=self.focal)
        self.task.refresh_from_db()
        self.assertEqual((self.task.status, self.task.percent), ("completed", 100))
        latest = ProgressUpdate.objects.filter(period__task=self.task).latest("pk")
        self.assertEqual((latest.reported_on, latest.lateness_reason), (dt.date(2025, 6, 12), ""))
        self.assertIn("đã khắc phục 1, chưa khắc phục 0", latest.note)
