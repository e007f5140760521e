"""plan_create, plan_update, plan_issue, plan_amend: validation, versions and the audit trail."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.test import TestCase

from cchc.core.testing.personas import build_world
from cchc.plans import selectors, services
from cchc.plans.choices import PlanStatus
from cchc.plans.models import Plan, PlanVersion
from cchc.plans.tests.factories import department_plan, province_plan
from cchc.plans.versions import diff_snapshots


class PlanLifecycleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.head = cls.world.users["head"]

    def assertRefused(self, field, message, call):
        before = (Plan.objects.count(), PlanVersion.objects.count())
        with self.assertRaises(ValidationError) as caught:
            call()
        self.assertIn(field, caught.exception.message_dict)
        self.assertIn(message, " ".join(caught.exception.message_dict[field]))
        self.assertEqual((Plan.objects.count(), PlanVersion.objects.count()), before)

    def test_issuing_keeps_version_one_and_records_who_did_it(self):
        plan = department_plan(self.world)
        self.assertEqual(plan.status, PlanStatus.ISSUED)
        self.assertEqual((plan.number, plan.issued_on, plan.signer_title), ("12/KH-SXD", dt.date(2024, 12, 20), "Giám đốc"))
        version = plan.versions.get()
        self.assertEqual((version.number, version.kind, version.decision_number), (1, "issue", "12/KH-SXD"))
        self.assertEqual(version.created_by, self.head)
        self.assertEqual(len(version.snapshot["tasks"]), 3)
        self.assertEqual(plan.history.latest().history_user, self.head)

    def test_it_refuses_to_issue_without_number_signers_title_or_tasks(self):
        plan = services.plan_create(unit=self.world.dept_a, year=2025, title="Kế hoạch", actor=self.head)
        self.assertRefused("signer_title", "chức vụ người ký", lambda: services.plan_issue(
            plan=plan, number="1/KH", issued_on=dt.date(2025, 1, 2), signer_name="A", signer_title=" ", actor=self.head))
        self.assertRefused("number", "chưa có nhiệm vụ", lambda: services.plan_issue(
            plan=plan, number="1/KH", issued_on=dt.date(2025, 1, 2), signer_name="A", signer_title="Giám đốc", actor=self.head))
        plan.refresh_from_db()
        self.assertEqual(plan.status, PlanStatus.DRAFT)

    def test_an_issue_date_years_away_is_refused(self):
        plan = department_plan(self.world, issued=False)
        self.assertRefused("issued_on", "năm 2025", lambda: services.plan_issue(
            plan=plan, number="1/KH", issued_on=dt.date(2022, 1, 2), signer_name="A", signer_title="B", actor=self.head))

    def test_an_amendment_needs_a_decision_number(self):
        plan = department_plan(self.world)
        self.assertRefused("decision_number", "số quyết định", lambda: services.plan_amend(
            plan=plan, decision_number="  ", decided_on=dt.date(2025, 6, 1), actor=self.head))
        self.assertEqual(Plan.objects.get(pk=plan.pk).status, PlanStatus.ISSUED)

    def test_an_amendment_becomes_version_two_and_the_diff_shows_what_changed(self):
        plan = department_plan(self.world)
        task = plan.tasks.get(number="1")
        services.task_update(task=task, timeframe="Quý III/2025", actor=self.world.users["focal"])
        version = services.plan_amend(plan=plan, decision_number="45/QĐ-SXD", decided_on=dt.date(2025, 6, 1), note="Lùi hạn",
                                      actor=self.head)
        self.assertEqual((version.number, version.kind, Plan.objects.get(pk=plan.pk).status), (2, "amendment", "amended"))
        first = plan.versions.get(number=1)
        diff = diff_snapshots(first.snapshot, version.snapshot)
        self.assertEqual([(c.kind, c.label) for c in diff.tasks], [("changed", "1. Rà soát văn bản quy phạm pháp luật")])
        self.assertEqual({(f.field, f.old, f.new) for f in diff.tasks[0].fields},
                         {("timeframe", "Quý II/2025", "Quý III/2025"), ("due_date", "2025-06-30", "2025-09-30")})

    def test_an_amendment_cannot_be_dated_before_the_previous_version(self):
        plan = department_plan(self.world)
        self.assertRefused("decided_on", "20/12/2024", lambda: services.plan_amend(
            plan=plan, decision_number="1/QĐ", decided_on=dt.date(2024, 12, 1), actor=self.head))

    def test_a_draft_is_not_amended(self):
        plan = department_plan(self.world, issued=False)
        self.assertRefused("decision_number", "dự thảo", lambda: services.plan_amend(
            plan=plan, decision_number="1/QĐ", decided_on=dt.date(2025, 1, 1), actor=self.head))

    def test_the_superior_plan_must_be_of_a_unit_above_and_the_same_year(self):
        superior = province_plan(self.world)
        plan = services.plan_create(unit=self.world.dept_a, year=2025, title="KH", parent_plan=superior, actor=self.head)
        self.assertEqual(plan.parent_plan, superior)
        self.assertRefused("parent_plan", "2026", lambda: services.plan_create(
            unit=self.world.dept_a, year=2026, title="KH", parent_plan=superior, actor=self.head))
        self.assertRefused("parent_plan", "không phải cấp trên", lambda: services.plan_create(
            unit=self.world.dept_b, year=2025, title="KH", parent_plan=plan, actor=self.head))

    def test_a_unit_has_one_plan_a_year_a_second_is_refused_and_named(self):
        issued = department_plan(self.world)
        self.assertRefused("year", "12/KH-SXD, đã ban hành", lambda: services.plan_create(
            unit=self.world.dept_a, year=2025, title="Kế hoạch CCHC năm 2025 (lần 2)", actor=self.head))
        self.assertRefused("year", "sửa đổi", lambda: services.plan_create(
            unit=self.world.dept_a, year=2025, title="KH", actor=self.head))
        self.assertEqual(list(Plan.objects.filter(unit=self.world.dept_a).values_list("pk", flat=True)), [issued.pk])
        other_year = services.plan_create(unit=self.world.dept_a, year=2026, title="KH 2026", actor=self.head)
        self.assertEqual(other_year.year, 2026)

    def test_a_plan_for_a_year_when_the_unit_did_not_exist_is_refused(self):
        self.assertRefused("year", "không tồn tại", lambda: services.plan_create(
            unit=self.world.commune_new, year=2024, title="KH", actor=self.head))

    def test_legal_bases_need_a_number(self):
        self.assertRefused("legal_bases", "số văn bản", lambda: services.plan_create(
            unit=self.world.dept_a, year=2025, title="KH", legal_bases=[{"issuer": "UBND tỉnh"}], actor=self.head))

    def test_snapshot_has_header_areas_tasks_and_targets(self):
        plan = department_plan(self.world)
        services.target_create(plan=plan, text="100% TTHC được công khai", actor=self.head)
        snapshot = selectors.plan_snapshot(plan)
        self.assertEqual(snapshot["header"]["legal_bases"][0]["number"], "218/KH-UBND")
        self.assertEqual([a["code"] for a in snapshot["areas"]], ["institutions", "procedures"])
        self.assertEqual(snapshot["targets"], ["100% TTHC được công khai"])
