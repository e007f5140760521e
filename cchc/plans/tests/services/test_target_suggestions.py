"""A plan linked to its superior plan (by a cascade or by hand) inherits the superior's targets as
suggestions; the focal officer accepts or drops each one."""

from django.core.exceptions import ValidationError
from django.test import TestCase

from cchc.core.testing.personas import build_world
from cchc.indicators.selectors import measured_targets
from cchc.plans import selectors, services
from cchc.plans.models import Target
from cchc.plans.tests.factories import department_plan, province_plan


class SuggestionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.admin, cls.focal = cls.world.users["admin"], cls.world.users["focal"]
        cls.superior = province_plan(cls.world)
        area = cls.superior.areas.get()
        cls.on_time = services.target_create(plan=cls.superior, area=area, text="≥98% hồ sơ giải quyết đúng hạn", actor=cls.admin)
        cls.training = services.target_create(plan=cls.superior, text="100% công chức được bồi dưỡng", actor=cls.admin)
        cls.own = department_plan(cls.world)

    def cascade(self):
        services.task_cascade(task=self.superior.tasks.get(number="1"), units=[self.world.dept_a, self.world.dept_b],
                              actor=self.world.users["steering"])

    def suggestions(self, plan):
        return [(t.text, t.metric_code, t.source_target_id, t.area.code if t.area else None, t.is_suggestion)
                for t in selectors.target_suggestions(plan)]

    def test_a_cascade_gives_each_plan_below_the_superior_targets_as_suggestions(self):
        self.cascade()
        want = [("≥98% hồ sơ giải quyết đúng hạn", "on_time_rate", self.on_time.pk, "procedures", True),
                ("100% công chức được bồi dưỡng", "manual", self.training.pk, None, True)]
        self.assertEqual(self.suggestions(self.own), want)
        new_plan = self.world.dept_b.plans.get()
        self.assertEqual(self.suggestions(new_plan), want)
        self.assertEqual(selectors.plan_targets(self.own), [])

    def test_cascading_again_does_not_offer_a_dropped_suggestion_again(self):
        self.cascade()
        services.target_suggestion_drop(target=self.own.targets.get(source_target=self.training), actor=self.focal)
        services.task_cascade(task=self.superior.tasks.get(number="2"), units=[self.world.dept_a], actor=self.world.users["steering"])
        self.assertEqual([t.source_target_id for t in self.own.targets.all()], [self.on_time.pk])

    def test_linking_a_plan_by_hand_suggests_the_targets_once(self):
        services.plan_update(plan=self.own, parent_plan=self.superior, actor=self.focal)
        services.plan_update(plan=self.own, title="Cải cách hành chính Sở Xây dựng năm 2025", actor=self.focal)
        self.assertEqual(self.own.targets.filter(is_suggestion=True).count(), 2)

    def test_an_accepted_suggestion_is_the_plans_target_and_is_measured(self):
        self.cascade()
        target = services.target_suggestion_accept(target=self.own.targets.get(source_target=self.on_time), actor=self.focal)
        self.assertEqual([t.pk for t in selectors.plan_targets(self.own)], [target.pk])
        self.assertEqual(len(selectors.target_suggestions(self.own)), 1)
        rows = measured_targets(user=self.focal, unit=self.world.dept_a, date_from=target.plan.versions.get().decided_on.replace(
            year=2025, month=1, day=1), date_to=target.plan.versions.get().decided_on.replace(year=2025, month=12, day=31))
        self.assertEqual([row.target.pk for row in rows], [target.pk])

    def test_a_target_of_the_plan_is_neither_accepted_nor_dropped(self):
        own = services.target_create(plan=self.own, text="100% TTHC được công khai", actor=self.focal)
        before = list(Target.objects.values_list("pk", "is_suggestion"))
        for service in (services.target_suggestion_accept, services.target_suggestion_drop):
            with self.assertRaises(ValidationError) as caught:
                service(target=own, actor=self.focal)
            self.assertEqual(caught.exception.message_dict, {"target": ["Chỉ tiêu này đã thuộc kế hoạch."]})
        self.assertEqual(list(Target.objects.values_list("pk", "is_suggestion")), before)
