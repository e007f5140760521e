"""Follow-up of recommendations: deadline reminders, calendar changes, the home page's to-do items, the demo."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.test import TestCase
from django.urls import reverse

from cchc.calendar import changes
from cchc.calendar.api import current_calendar
from cchc.core import todo
from cchc.core.testing.personas import build_world
from cchc.inspections import services
from cchc.inspections.models import RemediationItem, RemediationReminder
from cchc.inspections.tests.factories import inspected_world
from cchc.notifications.models import Notification


class FollowUpCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        for key, value in inspected_world(cls.world).items():
            setattr(cls, key, value)


class TestReminders(FollowUpCase):
    """The recommendation is due on Thursday 29/05/2025 (10 working days after 15/05)."""

    def sent(self, today):
        return services.reminders_send(today=today)

    def test_the_division_is_reminded_once_a_day_before(self):
        self.assertEqual(self.sent(dt.date(2025, 5, 28)), 1)
        self.assertEqual(self.sent(dt.date(2025, 5, 28)), 0)
        note = Notification.objects.get()
        self.assertEqual((note.recipient.username, note.kind, note.url), ("staff", "inspections.due_soon", self.item.get_absolute_url()))
        self.assertIn("còn 1 ngày làm việc", note.text)

    def test_an_overdue_recommendation_escalates_to_the_head_up_to_the_inspecting_unit(self):
        self.assertEqual(self.sent(dt.date(2025, 5, 30)), 1)
        self.assertEqual(self.sent(dt.date(2025, 6, 5)), 1)  # five working days late: nobody heads the division
        rows = list(RemediationReminder.objects.order_by("pk").values_list("kind", "working_days", "recipients"))
        self.assertEqual(rows, [("overdue", 1, 1), ("escalation", 5, 1)])
        self.assertEqual(Notification.objects.filter(kind="inspections.escalation").get().recipient.username, "head")

    def test_a_closed_recommendation_is_not_chased(self):
        services.remediation_close(item=self.item, closed_on=dt.date(2025, 5, 27), actor=self.world.users["focal"],
                                   evidence=services.EvidenceInput(document_number="9/BB"))
        self.assertEqual(self.sent(dt.date(2025, 5, 30)), 0)


class TestCalendarChange(FollowUpCase):
    def test_a_new_day_off_moves_a_due_date_counted_in_working_days(self):
        before = current_calendar()
        after = dataclasses.replace(before, extra_days_off=before.extra_days_off | {dt.date(2025, 5, 20)})
        preview = changes.preview(before, after)
        moved = preview.moved["inspections"]
        self.assertEqual([(m.old, m.new, m.key) for m in moved], [(dt.date(2025, 5, 29), dt.date(2025, 5, 30),
                                                                    ("remediation", self.item.pk))])
        changes.apply(preview, after)
        self.assertEqual(RemediationItem.objects.get(pk=self.item.pk).due_date, dt.date(2025, 5, 30))


class TestTodo(FollowUpCase):
    def items(self, persona):
        return {item.label: item for item in todo.items_for(self.world.users[persona]) if item.group == "inspections"}

    def test_the_division_sees_its_overdue_recommendation_and_the_list_holds_exactly_it(self):
        item = self.items("staff")["Kiến nghị sau kiểm tra quá hạn cần khắc phục"]
        self.assertEqual((item.count, item.urgent), (1, True))
        self.assertNotIn("Kiến nghị đã báo cáo hoàn thành, chờ đóng", self.items("staff"))
        self.client.force_login(self.world.users["staff"])
        response = self.client.get(item.url)
        self.assertEqual([i.pk for i in response.context["items"]], [self.item.pk])

    def test_the_inspector_sees_what_waits_for_closure(self):
        self.assertEqual(self.items("focal")["Kiến nghị đã báo cáo hoàn thành, chờ đóng"].count, 0)
        services.remediation_progress_record(item=self.item, status="completed", percent=100, reported_on=dt.date(2025, 5, 28),
                                             evidence=[services.EvidenceInput(document_number="5/BC")],
                                             actor=self.world.users["staff"])
        waiting = self.items("focal")["Kiến nghị đã báo cáo hoàn thành, chờ đóng"]
        self.assertEqual(waiting.count, 1)
        self.assertEqual(waiting.url, reverse("inspections:items") + "?side=issued&state=awaiting")
        self.assertEqual(self.items("outsider")["Kiến nghị đã báo cáo hoàn thành, chờ đóng"].count, 0)

    def test_a_viewer_has_nothing_to_do(self):
        self.assertEqual(self.items("viewer"), {})


class TestDemo(TestCase):
    @classmethod
    def setUpTestData(cls):
        from cchc.plans import demo as plans_demo
        from cchc.units.demo import load_demo

        load_demo(communes=1, departments=6, divisions=3)
        plans_demo.load(created=True)

    def test_the_departments_2024_plan_follows_seed_task_37(self):
        from cchc.indicators.formulas import Ratio
        from cchc.inspections import demo, selectors
        from cchc.inspections.models import InspectionPlan
        from cchc.plans.models import Target

        plan = InspectionPlan.objects.get(unit__code="92-SXD", year=2024)
        # the department leads seed task 37 and reports 66% (2 of 3 inspections); the lead's report alone moves the task,
        # so the coordinating division's 100% is shown beside it and does not raise it
        latest = plan.task.periods.get().updates.filter(unit=plan.unit).order_by("-reported_on", "-pk").first()
        self.assertEqual((latest.status, latest.percent, latest.reported_on), ("in_progress", 66, dt.date(2024, 10, 15)))
        self.assertEqual((plan.task.number, plan.task.percent, plan.task.status), ("37", 66, "in_progress"))
        self.assertEqual(list(plan.inspections.order_by("planned_month").values_list("unit__code", "status")),
                         [("92-SXD-1", "done"), ("92-SXD-2", "done"), ("92-SXD-3", "planned")])
        items = RemediationItem.objects.filter(inspection__plan=plan).order_by("pk")
        self.assertEqual([(i.status, i.is_overdue(dt.date(2026, 1, 5))) for i in items],
                         [("closed", False), ("closed", False), ("open", True)])
        self.assertEqual(selectors.coverage_ratios([plan.unit], dt.date(2024, 1, 1), dt.date(2024, 12, 31)), {plan.unit_id: Ratio(2, 3)})
        target = Target.objects.get(plan__unit__code="92-SXD", plan__year=2024, metric_code="inspection_coverage")
        self.assertEqual((str(target.current_value), target.status), ("66.67", "met"))
        self.assertIsNone(demo.load())
