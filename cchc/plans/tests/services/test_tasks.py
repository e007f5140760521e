"""task_create and task_update: the timeframe reading, periods and the bad input the issue lists."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase

from cchc.core.testing.personas import build_world
from cchc.plans import services
from cchc.plans.models import Task, TaskPeriod
from cchc.plans.tests.factories import department_plan


class TaskServiceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.focal = cls.world.users["focal"]
        cls.plan = department_plan(cls.world, issued=False)
        cls.area = cls.plan.areas.get(code="procedures")

    def add(self, **fields):
        fields = {"plan": self.plan, "area": self.area, "title": "Nhiệm vụ mới", "actor": self.focal, **fields}
        return services.task_create(**fields)

    def assertRefused(self, field, message, **fields):
        before = (Task.objects.count(), TaskPeriod.objects.count())
        with self.assertRaises(ValidationError) as caught:
            self.add(**fields)
        self.assertIn(field, caught.exception.message_dict)
        self.assertIn(message, " ".join(caught.exception.message_dict[field]))
        self.assertEqual((Task.objects.count(), TaskPeriod.objects.count()), before)

    def test_the_timeframe_gives_the_due_date_and_recurrence(self):
        task = self.add(timeframe="Trước ngày 15/01/2025", budget_amount=Decimal("15000000"), products="Kế hoạch; Báo cáo")
        self.assertEqual((task.due_date, task.recurrence, task.timeframe_needs_review), (dt.date(2025, 1, 15), "", False))
        self.assertEqual(task.products, ["Kế hoạch", "Báo cáo"])
        self.assertEqual(list(task.periods.values_list("label", "due_date")), [("", dt.date(2025, 1, 15))])

    def test_an_unreadable_timeframe_is_kept_and_flagged_never_guessed(self):
        task = self.add(timeframe="Sau khi có hướng dẫn của Bộ")
        self.assertEqual((task.due_date, task.recurrence, task.timeframe_needs_review), (None, "", True))
        self.assertIn("unrecognised words", task.timeframe_review_reason)
        self.assertEqual(task.timeframe, "Sau khi có hướng dẫn của Bộ")

    def test_a_due_date_given_by_hand_wins_over_the_text(self):
        task = self.add(timeframe="Quý I/2025", due_date=dt.date(2025, 2, 15))
        self.assertEqual(task.due_date, dt.date(2025, 2, 15))

    def test_a_changed_timeframe_is_read_again_and_periods_follow(self):
        task = self.add(timeframe="Quý I/2025")
        services.task_update(task=task, timeframe="Hàng quý", actor=self.focal)
        self.assertEqual((task.due_date, task.recurrence), (None, "quarterly"))
        self.assertEqual(list(task.periods.values_list("label", flat=True)), ["Quý I/2025", "Quý II/2025", "Quý III/2025", "Quý IV/2025"])

    def test_due_dates_outside_the_plan_year_are_refused(self):
        self.assertRefused("due_date", "ngoài năm kế hoạch 2025", due_date=dt.date(2026, 1, 5))
        self.assertRefused("timeframe", "30/06/2024", timeframe="Quý II/2024")

    def test_a_task_of_the_quarter_before_the_plan_year_is_accepted(self):
        self.assertEqual(self.add(timeframe="Tháng 12/2024").due_date, dt.date(2024, 12, 31))

    def test_a_lead_unit_outside_the_plan_units_reach_is_refused(self):
        self.assertRefused("lead_unit", "Phòng Ngân sách", lead_unit=self.world.division_b)

    def test_a_coordinator_equal_to_the_lead_is_refused(self):
        self.assertRefused("coordinating_units", "chủ trì", lead_unit=self.world.division_a, coordinating_units=[self.world.division_a])
        self.assertRefused("coordinating_units", "Sở Xây dựng", coordinating_units=[self.world.dept_a])

    def test_a_coordinator_that_did_not_exist_that_year_is_refused(self):
        later = department_plan(self.world, issued=False, year=2026)
        with self.assertRaises(ValidationError) as caught:
            services.task_create(plan=later, area=later.areas.first(), title="Nhiệm vụ", coordinating_units=[self.world.commune_old_1],
                                 actor=self.focal)
        self.assertEqual(caught.exception.message_dict["coordinating_units"], ["Xã Cũ Một không tồn tại trong năm 2026."])

    def test_a_negative_budget_is_refused(self):
        self.assertRefused("budget_amount", "", budget_amount=Decimal("-1"))

    def test_specific_tasks_hang_under_a_general_task_of_the_same_plan(self):
        general = self.plan.tasks.get(number="2")
        child = self.add(parent=general, number="2.1")
        self.assertEqual(child.parent, general)
        self.assertRefused("parent", "cùng kế hoạch", parent=child)

    def test_every_change_is_in_the_audit_trail(self):
        task = self.add(timeframe="Quý I/2025")
        services.task_update(task=task, title="Nhiệm vụ đã sửa", actor=self.world.users["head"])
        users = [r.history_user.username for r in task.history.order_by("history_date")]
        self.assertEqual(users[0], "focal")
        self.assertEqual(users[-1], "head")
