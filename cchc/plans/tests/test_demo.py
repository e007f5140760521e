"""The demo plans: seeds 003 and 001 entered in full, the city's cascade, and a second run changing nothing."""

import json
from collections import Counter
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from cchc.indicators.binding import kind_of, reported_by_hand
from cchc.plans import demo
from cchc.plans.budget import budget_text
from cchc.plans.models import Evidence, Plan, ProgressUpdate, Target, Task
from cchc.units.demo import load_demo
from cchc.units.models import Unit
from cchc.units.roles import Role
from cchc.units.services import membership_create

SEED_DATA = Path(demo.__file__).resolve().parent / "seed_data"


class DemoPlansTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(communes=1, departments=6, divisions=3)
        demo.load(created=True)
        cls.sxd_2024 = Plan.objects.get(unit__code="92-SXD", year=2024)

    def test_every_target_of_the_seed_plans_has_a_current_value(self):
        targets = list(Target.objects.filter(plan__unit__code__in=["92-SXD", "94-TTR"], plan__year=2024).order_by("pk"))
        self.assertEqual(len(targets), 19)
        self.assertEqual([t for t in targets if t.current_value is None or t.measured_on != date(2024, 12, 31)], [])
        by_hand = [t for t in targets if reported_by_hand(t.metric_code)]
        self.assertEqual(Counter(str(kind_of(t.metric_code)) for t in targets),
                         Counter({"manual": 16, "online": 1, "digitisation": 1, "inspection": 1}))
        self.assertEqual(len(by_hand), 16)  # the inspection target is measured from the demo inspections (2 of 3 divisions)
        for target in by_hand:
            reported = target.manual_measurements.get()
            self.assertEqual((reported.value, bool(reported.evidence.document_number)), (target.current_value, True))
        self.assertEqual(Counter(t.status for t in targets), Counter({"met": 14, "missed": 5}))

    def test_the_seed_003_targets_are_the_ones_import_plan_extracts(self):
        from cchc.documents.tests.support import seed_draft

        texts = [t["text"] for t in json.loads((SEED_DATA / "seed_003_targets.json").read_text(encoding="utf-8"))["targets"]]
        self.assertEqual(texts, [t.text for t in seed_draft("003").targets])

    def test_seed_003_has_its_43_tasks_in_9_areas_as_written(self):
        seed = json.loads((SEED_DATA / "seed_003.json").read_text(encoding="utf-8"))
        plan = self.sxd_2024
        self.assertEqual([(a.local_number, a.code, a.tasks.count()) for a in plan.areas.order_by("position")],
                         [(a["local_number"], a["code"], len(a["tasks"])) for a in seed["areas"]])
        rows = {row["number"]: row for area in seed["areas"] for row in area["tasks"]}
        for task in plan.tasks.prefetch_related("coordinating_units"):
            row = rows[task.number]
            with self.subTest(task=task.number):
                self.assertEqual((task.title, task.products, task.lead_text, task.timeframe, task.budget_source),
                                 (row["title"], row["products"], row["lead"], row["timeframe"], budget_text(row["budget"])))
                self.assertEqual(task.coordinators_text, "; ".join(row["coordinators"]))
        self.assertEqual(plan.tasks.count(), 43)

    def test_leads_and_coordinators_are_linked_to_the_divisions_they_name(self):
        office = Unit.objects.get(code="92-SXD-1")
        first = self.sxd_2024.tasks.get(number="1")  # Văn phòng Sở; Các phòng chuyên môn, đơn vị
        self.assertEqual(first.lead_unit, office)
        self.assertEqual(sorted(u.code for u in first.coordinating_units.all()), ["92-SXD-2", "92-SXD-3"])
        group_led = self.sxd_2024.tasks.get(number="3")  # Các phòng chuyên môn, đơn vị; Văn phòng Sở
        self.assertIsNone(group_led.lead_unit)
        self.assertEqual([u.code for u in group_led.coordinating_units.all()], ["92-SXD-1"])
        inspectorate = self.sxd_2024.tasks.get(number="23")  # Thanh tra Sở: no such division, kept as text
        self.assertEqual((inspectorate.lead_unit, inspectorate.lead_text), (None, "Thanh tra Sở"))

    def test_the_seed_timeframes_give_due_dates_and_recurrences(self):
        tasks = {t.number: t for t in self.sxd_2024.tasks.all()}
        self.assertEqual((str(tasks["9"].due_date), tasks["9"].recurrence), ("2024-01-15", ""))
        self.assertEqual((str(tasks["12"].due_date), tasks["1"].recurrence, tasks["13"].recurrence),
                         ("2023-12-31", "ongoing", "as_regulated"))
        self.assertFalse(Task.objects.filter(plan=self.sxd_2024, timeframe_needs_review=True).exists())

    def test_the_plan_page_shows_seed_003_grouped_by_area(self):
        client = self.client_class()
        client.force_login(self.user_with(Role.FOCAL_OFFICER, "92-SXD"))
        response = client.get(reverse("plans:detail", args=[self.sxd_2024.pk]))
        groups = response.context["groups"]
        self.assertEqual([len(g.tasks) for g in groups], [8, 10, 6, 4, 2, 3, 2, 6, 2])
        self.assertContains(response, "Bộ phận một cửa Sở tại Trung tâm phục vụ hành chính công tỉnh")
        self.assertContains(response, "Trước ngày 15/01/2024")
        self.assertContains(response, "Thường xuyên, đào tạo")  # "Kinh phí …" is the column's own label

    def test_seed_001_belongs_to_the_closed_inspectorate_and_its_successor_sees_it(self):
        plan = Plan.objects.get(unit__code="94-TTR", year=2024)
        self.assertEqual((plan.tasks.count(), plan.areas.count(), plan.unit.valid_to.isoformat()), (22, 7, "2025-06-30"))
        successor_user = self.user_with(Role.VIEWER, "92-TTR")
        self.assertIn(plan, Plan.objects.visible_to(successor_user, "view"))

    def test_the_city_assigns_tasks_and_progress_is_in_every_state(self):
        city = Plan.objects.get(unit__code="92", year=2026)
        sxd_2026 = Plan.objects.get(unit__code="92-SXD", year=2026)
        self.assertEqual((sxd_2026.parent_plan, sxd_2026.status), (city, "issued"))
        self.assertEqual(sxd_2026.tasks.filter(source_task__plan=city).count(), 5)
        statuses = set(Task.objects.values_list("status", flat=True))
        self.assertEqual(statuses, {"not_started", "in_progress", "completed"})
        self.assertTrue(ProgressUpdate.objects.exclude(lateness_reason="").exists())
        self.assertTrue(Evidence.objects.exclude(file="").exists())

    def test_a_second_run_changes_nothing(self):
        counts = (Plan.objects.count(), Task.objects.count(), ProgressUpdate.objects.count())
        demo.load(created=False)
        self.assertEqual((Plan.objects.count(), Task.objects.count(), ProgressUpdate.objects.count()), counts)

    def user_with(self, role, code):
        user = get_user_model().objects.create_user(username=f"{role}-{code}")
        unit = Unit.objects.get(code=code)
        membership_create(user=user, unit=unit, role=role, valid_from=unit.valid_from)
        return user
