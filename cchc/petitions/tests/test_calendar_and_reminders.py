"""A calendar change moves the stored deadlines of open petitions (and no other), and the daily reminders."""

from __future__ import annotations

import datetime as dt

from django.test import TestCase

from cchc.calendar import api
from cchc.calendar.services import calendar_adjustment_save, calendar_change_preview
from cchc.core.testing.personas import build_world
from cchc.notifications.models import Notification
from cchc.petitions import handling
from cchc.petitions.models import Petition, PetitionReminder
from cchc.petitions.tasks import send_petition_reminders
from cchc.petitions.tests.world import at, handle, recorded, submit
from cchc.procedures.models import CalendarAdjustment

D = dt.date
DAY_OFF = D(2027, 9, 20)  # a Monday; 2027 has no announced rows: weekends and the statutory holidays only


class CalendarChangeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        api.forget()
        cls.world = w = build_world()
        cls.p1 = recorded(w.dept_a, w, day=D(2027, 9, 15))
        cls.p2 = recorded(w.dept_a, w, day=D(2027, 9, 17))
        cls.rejected = handle(recorded(w.dept_a, w, day=D(2027, 9, 15)), w, steps=[("reject", D(2027, 9, 16))])
        cls.asked = handle(recorded(w.dept_a, w, day=D(2027, 9, 15)), w,
                           steps=[("classify", D(2027, 9, 16)), ("accept", D(2027, 9, 16)), ("request_info", D(2027, 9, 16))])

    def tearDown(self):
        api.forget()

    def dates(self, petition):
        petition.refresh_from_db()
        return petition.decide_due, petition.info_due, petition.resolve_due

    def test_a_day_off_moves_the_steps_still_to_come(self):
        # Received Wed 15/09: reject by Fri 17 (unchanged); more information 16, 17, 20, 21, 22 → 16, 17, 21, 22, 23;
        # resolve 16–17, 20–24, 27/09–01/10, 04–06/10 → 16–17, 21–24, 27/09–01/10, 04–07/10.
        self.assertEqual(self.dates(self.p1), (D(2027, 9, 17), D(2027, 9, 22), D(2027, 10, 6)))
        # Received Fri 17/09: reject by Mon 20 (1), Tue 21 (2) → Tue 21 (1), Wed 22 (2).
        self.assertEqual(self.dates(self.p2)[0], D(2027, 9, 21))
        adjustment = CalendarAdjustment(day=DAY_OFF, kind="day_off", reason="Nghỉ bù (thử nghiệm)", source="Thông báo thử nghiệm",
                                        effective_from=D(2027, 9, 1))
        preview = calendar_change_preview(adjustment=adjustment)
        moved = {(m.key[1], m.key[2]): (m.old, m.new) for m in preview.moved["petitions"]}
        self.assertEqual(moved[(self.p1.pk, "resolve_due")], (D(2027, 10, 6), D(2027, 10, 7)))
        self.assertNotIn(self.rejected.pk, {pk for pk, _name in moved})
        self.assertNotIn((self.asked.pk, "info_due"), moved)  # asked on 16/09: the step was taken
        self.assertEqual({m.kind for m in preview.moved["petitions"]}, {"Phản ánh, kiến nghị"})

        calendar_adjustment_save(adjustment=adjustment, actor=self.world.users["admin"])

        self.assertEqual(self.dates(self.p1), (D(2027, 9, 17), D(2027, 9, 23), D(2027, 10, 7)))
        self.assertEqual(self.dates(self.p2), (D(2027, 9, 22), D(2027, 9, 27), D(2027, 10, 11)))
        self.assertEqual(self.dates(self.rejected), (D(2027, 9, 17), D(2027, 9, 22), D(2027, 10, 6)))
        self.assertEqual(self.dates(self.asked), (D(2027, 9, 17), D(2027, 9, 22), D(2027, 10, 7)))


class ReminderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        # Received Thu 23/01/2025: reject by Mon 03/02 (Tết 25/01–02/02 in between); resolve by Thu 20/02.
        cls.petition = submit(cls.world.dept_a, day=D(2025, 1, 23))

    def run_on(self, day: dt.date) -> int:
        with at(day, hour=7), self.captureOnCommitCallbacks(execute=True):
            return send_petition_reminders.call_local()

    def test_reminders_across_tet_are_sent_once_each_and_escalated_to_the_head(self):
        self.assertEqual(self.run_on(D(2025, 1, 23)), 0)  # 2 working days left
        self.assertEqual(self.run_on(D(2025, 1, 24)), 1)  # the last working day before Tết: 1 left
        self.assertEqual(self.run_on(D(2025, 1, 24)), 0)  # never twice
        self.assertEqual(self.run_on(D(2025, 2, 3)), 0)   # the due day: the due-soon step was sent
        self.assertEqual(self.run_on(D(2025, 2, 4)), 1)   # 1 working day late
        self.assertEqual(self.run_on(D(2025, 2, 6)), 1)   # 3 working days late: the head of unit
        with at(D(2025, 2, 6)):
            handle(Petition.objects.get(pk=self.petition.pk), self.world, steps=[("classify", D(2025, 2, 6)), ("accept", D(2025, 2, 6))])
        self.assertEqual(self.run_on(D(2025, 2, 19)), 1)  # the answer is due on Thu 20/02: 1 working day left
        self.assertEqual(list(PetitionReminder.objects.order_by("pk").values_list("step", "kind", "working_days", "sent_on",
                                                                                  "recipients")), [
            ("decide", "due_soon", 1, D(2025, 1, 24), 2),
            ("decide", "overdue", 1, D(2025, 2, 4), 2),
            ("decide", "escalation", 3, D(2025, 2, 6), 1),
            ("resolve", "due_soon", 1, D(2025, 2, 19), 2),
        ])
        escalation = Notification.objects.get(kind="petitions.escalation")
        self.assertEqual((escalation.recipient.username, escalation.url), ("head", self.petition.get_absolute_url()))
        self.assertEqual(escalation.text, f"Phản ánh số {self.petition.pk}: vẫn chưa tiếp nhận hoặc từ chối, đã quá hạn 03/02/2025 "
                                          "3 ngày làm việc.")

    def test_a_draft_waiting_for_approval_reminds_the_head(self):
        petition = handle(submit(self.world.dept_a, day=D(2025, 6, 6)), self.world,
                          steps=[("classify", D(2025, 6, 6)), ("accept", D(2025, 6, 6)), ("answer", D(2025, 6, 20))])
        self.assertEqual(petition.resolve_due, D(2025, 6, 27))
        Notification.objects.all().delete()
        with at(D(2025, 6, 26)):
            sent = handling.reminders_send(today=D(2025, 6, 26))
        self.assertEqual(sent, 2)  # this one (approval) and the first petition (long overdue: escalation)
        approval = Notification.objects.get(kind="petitions.due_soon")
        self.assertEqual((approval.recipient.username, approval.text),
                         ("head", f"Phản ánh số {petition.pk}: hạn duyệt trả lời là 27/06/2025."))
