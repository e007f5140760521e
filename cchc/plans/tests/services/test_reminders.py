"""reminders_send with a frozen clock across Tết 2025 and Tết 2026: working days, once only, escalation."""

import datetime as dt

import time_machine
from django.core import mail
from django.test import TestCase

from cchc.core.testing.personas import build_world
from cchc.notifications.models import Notification
from cchc.plans import services
from cchc.plans.choices import ReformArea
from cchc.plans.models import Reminder
from cchc.plans.tasks import send_deadline_reminders


def at_seven(day: dt.date):
    """The scheduled time of the job, 07:00 in Hà Nội (00:00 UTC)."""
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 0, 0, tzinfo=dt.UTC), tick=False)


class ReminderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        head = cls.world.users["head"]
        for username in ("staff", "head", "focal"):
            user = cls.world.users[username]
            user.email = f"{username}@xaydung.example.vn"
            user.save()
        cls.plans = {}
        for year, timeframe in ((2025, "Tháng 01/2025"), (2026, "Trước ngày 24/02/2026")):
            plan = services.plan_create(unit=cls.world.dept_a, year=year, title=f"KH {year}", actor=head)
            area = services.area_create(plan=plan, code=ReformArea.PROCEDURES, title="Cải cách TTHC", actor=head)
            services.task_create(plan=plan, area=area, number="1", title=f"Báo cáo rà soát TTHC {year}",
                                 lead_unit=cls.world.division_a, timeframe=timeframe, actor=head)
            services.plan_issue(plan=plan, number=f"1/KH-SXD-{year}", issued_on=dt.date(year - 1, 12, 1), signer_name="A",
                                signer_title="Giám đốc", actor=head)
            cls.plans[year] = plan

    def run_on(self, day: dt.date) -> int:
        with at_seven(day), self.captureOnCommitCallbacks(execute=True):
            return services.reminders_send(today=dt.date(day.year, day.month, day.day))

    def sent(self):
        return list(Reminder.objects.order_by("pk").values_list("period__task__plan__year", "kind", "working_days", "sent_on"))

    def test_tet_2025_a_due_date_in_the_break_moves_to_monday_3_february(self):
        # "Tháng 01/2025" ends on 31/01/2025, in the Tết break: effectively due Monday 03/02/2025.
        self.assertEqual(self.run_on(dt.date(2025, 1, 17)), 0)  # 6 working days left (20–24/01, 03/02)
        self.assertEqual(self.run_on(dt.date(2025, 1, 20)), 1)  # 5 working days left
        self.assertEqual(self.run_on(dt.date(2025, 1, 24)), 1)  # last working day before Tết: 1 left
        for day in (dt.date(2025, 1, 27), dt.date(2025, 1, 31), dt.date(2025, 2, 3)):  # Tết, then the due day
            self.assertEqual(self.run_on(day), 0)
        self.assertEqual(self.run_on(dt.date(2025, 2, 4)), 1)  # 1 working day late
        self.assertEqual(self.run_on(dt.date(2025, 2, 7)), 0)  # 4 working days late
        self.assertEqual(self.run_on(dt.date(2025, 2, 10)), 1)  # 5 working days late: the head of unit
        self.assertEqual(self.sent(), [
            (2025, "due_soon", 5, dt.date(2025, 1, 20)),
            (2025, "due_soon", 1, dt.date(2025, 1, 24)),
            (2025, "overdue", 1, dt.date(2025, 2, 4)),
            (2025, "escalation", 5, dt.date(2025, 2, 10)),
        ])

    def test_tet_2026_five_working_days_before_is_fourteen_calendar_days_before(self):
        # Due Tuesday 24/02/2026; Tết 2026 break Monday 16/02 – Friday 20/02.
        self.assertEqual(self.run_on(dt.date(2026, 2, 9)), 0)  # 6 working days left: 10–13/02, 23–24/02
        self.assertEqual(self.run_on(dt.date(2026, 2, 10)), 1)  # 5 left
        for day in (dt.date(2026, 2, 13), dt.date(2026, 2, 16), dt.date(2026, 2, 20)):  # 3 left, then Tết: nothing new
            self.assertEqual(self.run_on(day), 0)
        self.assertEqual(self.run_on(dt.date(2026, 2, 23)), 1)  # 1 left
        self.assertEqual(self.sent(), [(2026, "due_soon", 5, dt.date(2026, 2, 10)), (2026, "due_soon", 1, dt.date(2026, 2, 23))])

    def test_running_twice_the_same_day_sends_nothing_twice(self):
        self.assertEqual(self.run_on(dt.date(2025, 1, 20)), 1)
        self.assertEqual(self.run_on(dt.date(2025, 1, 20)), 0)
        self.assertEqual(Reminder.objects.count(), 1)
        self.assertEqual(Notification.objects.count(), 1)
        self.assertEqual(len(mail.outbox), 1)

    def test_reminders_go_to_the_lead_division_and_escalations_to_the_head(self):
        self.run_on(dt.date(2025, 1, 20))
        self.assertEqual(list(Notification.objects.values_list("recipient__username", "kind")), [("staff", "plans.due_soon")])
        text = Notification.objects.get().text
        self.assertEqual(text, "Nhiệm vụ “1. Báo cáo rà soát TTHC 2025” của kế hoạch 1/KH-SXD-2025 đến hạn ngày 03/02/2025: "
                               "còn 5 ngày làm việc.")
        self.assertEqual(mail.outbox[0].to, ["staff@xaydung.example.vn"])
        Notification.objects.all().delete()
        self.run_on(dt.date(2025, 2, 10))
        self.assertEqual(list(Notification.objects.values_list("recipient__username", "kind")), [("head", "plans.escalation")])

    def test_a_completed_task_is_not_chased(self):
        period = self.plans[2025].tasks.get().periods.get()
        with at_seven(dt.date(2025, 1, 15)):
            services.progress_record(period=period, unit=self.world.division_a, status="completed", percent=100,
                                     reported_on=dt.date(2025, 1, 15), actor=self.world.users["staff"])
        self.assertEqual(self.run_on(dt.date(2025, 1, 20)), 0)

    def test_the_scheduled_job_runs_at_seven_and_calls_the_service(self):
        self.assertEqual(send_deadline_reminders.s().validate_datetime(dt.datetime(2025, 1, 20, 7, 0)), True)
        self.assertEqual(send_deadline_reminders.s().validate_datetime(dt.datetime(2025, 1, 20, 8, 0)), False)
        with at_seven(dt.date(2025, 1, 20)), self.captureOnCommitCallbacks(execute=True):
            send_deadline_reminders.call_local()
        self.assertEqual(self.sent(), [(2025, "due_soon", 5, dt.date(2025, 1, 20))])
