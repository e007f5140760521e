"""task_cascade and taking up a superior task: copies in the units' plans, linked back, once."""

from django.core.exceptions import ValidationError
from django.test import TestCase

from cchc.core.testing.personas import build_world
from cchc.plans import selectors, services
from cchc.plans.models import Plan, Task
from cchc.plans.tests.factories import department_plan, province_plan


class CascadeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.steering = cls.world.users["steering"]
        cls.superior = province_plan(cls.world)
        cls.own = department_plan(cls.world)
        cls.task = cls.superior.tasks.get(number="1")

    def test_each_unit_gets_the_task_in_its_plan_with_a_link_back(self):
        copies = services.task_cascade(task=self.task, units=[self.world.dept_a, self.world.dept_b], actor=self.steering)
        by_unit = {copy.plan.unit: copy for copy in copies}
        self.assertEqual(by_unit[self.world.dept_a].plan, self.own)
        self.assertEqual(Plan.objects.get(pk=self.own.pk).parent_plan, self.superior)
        new_plan = by_unit[self.world.dept_b].plan
        self.assertEqual((new_plan.status, new_plan.year, new_plan.parent_plan), ("draft", 2025, self.superior))
        for copy in copies:
            self.assertEqual((copy.source_task, copy.title, copy.due_date), (self.task, self.task.title, self.task.due_date))
            self.assertEqual(copy.area.code, "procedures")
            self.assertEqual(copy.lead_unit, copy.plan.unit)

    def test_assigning_twice_changes_nothing(self):
        first = services.task_cascade(task=self.task, units=[self.world.dept_a], actor=self.steering)
        count = Task.objects.count()
        again = services.task_cascade(task=self.task, units=[self.world.dept_a], actor=self.steering)
        self.assertEqual((again, Task.objects.count()), (first, count))

    def test_only_units_below_can_receive_a_task(self):
        with self.assertRaises(ValidationError) as caught:
            services.task_cascade(task=self.own.tasks.first(), units=[self.world.dept_b], actor=self.steering)
        self.assertIn("không trực thuộc", caught.exception.message_dict["units"][0])

    def test_coverage_shows_who_took_up_what_and_what_nobody_took_up(self):
        services.task_cascade(task=self.task, units=[self.world.dept_a], actor=self.steering)
        coverage = selectors.plan_coverage(self.superior, self.steering)
        self.assertEqual([u.name for u in coverage.units], ["Sở Xây dựng"])
        self.assertEqual([sorted(row.copies) for row in coverage.rows], [[self.world.dept_a.pk], []])
        self.assertEqual([t.number for t in coverage.untaken], ["2"])

    def test_a_subordinate_takes_up_a_superior_task_in_its_own_plan(self):
        area = self.own.areas.get(code="procedures")
        second = self.superior.tasks.get(number="2")
        copy = services.task_create(plan=self.own, area=area, title=second.title, source_task=second, lead_unit=self.world.division_a,
                                    timeframe="Tháng 9/2025", actor=self.world.users["focal"])
        self.assertEqual(copy.source_task, second)
        with self.assertRaises(ValidationError) as caught:
            services.task_create(plan=self.own, area=area, title="lần hai", source_task=second, actor=self.world.users["focal"])
        self.assertIn("source_task", caught.exception.message_dict)
