"""The plans app's "Việc cần làm" on the home page: each count is the number of rows the link opens."""

import datetime as dt

import time_machine
from django.test import TestCase

from cchc.core import todo
from cchc.core.testing.personas import build_world
from cchc.plans import services
from cchc.plans.tests.factories import department_plan

TODAY = dt.datetime(2025, 8, 15, 9, 0)  # a Friday


def items(user) -> dict[str, tuple[int, str]]:
    return {item.url: (item.count, item.label) for item in todo.items_for(user) if item.url.startswith("/plans/")}


@time_machine.travel(TODAY, tick=False)
class PlansTodoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.plan = department_plan(cls.world)  # tasks 1 (Quý II, office_a leads, division_a helps), 2 (quarterly), 3
        head = cls.world.users["head"]
        area = cls.plan.areas.get(code="procedures")
        services.task_create(plan=cls.plan, area=area, number="4", title="Báo cáo nhanh kết quả kiểm soát TTHC",
                             lead_unit=cls.world.division_a, timeframe="Trước ngày 20/08/2025", actor=head)

    def counts(self, persona: str) -> dict[str, int]:
        return {url: count for url, (count, _label) in items(self.world.users[persona]).items()}

    def listed(self, persona: str, url: str) -> int:
        self.client.force_login(self.world.users[persona])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.context["paginator"].count

    def test_the_focal_officer_counts_overdue_due_soon_and_the_lists_hold_exactly_those_rows(self):
        # overdue on 15/08/2025: task 1 (due 30/06) and the first two quarters of task 2; task 4 is due on 20/08,
        # three working days away; task 3 is ongoing with no due date
        counts = self.counts("focal")
        self.assertEqual(counts, {"/plans/my-tasks/?show=overdue": 3, "/plans/my-tasks/?show=due_soon": 1,
                                  "/plans/my-tasks/?show=review": 0})
        for url, count in counts.items():
            self.assertEqual(self.listed("focal", url), count, url)

    def test_a_coordinators_report_waits_for_the_leads_review_until_the_lead_reports_again(self):
        task = self.plan.tasks.get(number="1")
        period = task.periods.get()
        services.progress_record(period=period, unit=self.world.division_a, status="in_progress", percent=50,
                                 reported_on=dt.date(2025, 8, 14), actor=self.world.users["staff"])
        self.assertEqual(self.counts("focal")["/plans/my-tasks/?show=review"], 1)  # the focal officer reaches the lead
        self.assertEqual(self.counts("staff")["/plans/my-tasks/?show=review"], 0)  # the helper does not lead it
        self.assertEqual(self.listed("focal", "/plans/my-tasks/?show=review"), 1)
        services.progress_record(period=period, unit=self.world.office_a, status="in_progress", percent=40,
                                 reported_on=dt.date(2025, 8, 15), actor=self.world.users["focal"])
        self.assertEqual(self.counts("focal")["/plans/my-tasks/?show=review"], 0)

    def test_division_staff_count_the_tasks_of_their_division_only(self):
        # division_a helps with task 1 and leads tasks 2 and 4; task 3 belongs to the department as a whole
        self.assertEqual(self.counts("staff"), {"/plans/my-tasks/?show=overdue": 3, "/plans/my-tasks/?show=due_soon": 1,
                                                "/plans/my-tasks/?show=review": 0})

    def test_a_head_of_unit_sees_the_drafts_awaiting_approval_others_do_not(self):
        services.plan_create(unit=self.world.dept_a, year=2026, title="Cải cách hành chính năm 2026",
                             actor=self.world.users["focal"])
        self.assertEqual(items(self.world.users["head"])["/plans/?awaiting=approval"][0], 1)
        self.assertEqual(self.listed("head", "/plans/?awaiting=approval"), 1)
        self.assertNotIn("/plans/?awaiting=approval", items(self.world.users["focal"]))
        self.assertNotIn("/plans/?awaiting=approval", items(self.world.users["outsider"]))

    def test_people_who_report_no_progress_get_no_task_items(self):
        self.assertEqual(items(self.world.users["viewer"]), {})
        self.assertEqual(items(self.world.users["steering"]), {})

    def test_an_outsider_counts_nothing_of_another_department(self):
        self.assertEqual(set(self.counts("outsider").values()), {0})
