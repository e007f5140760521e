"""Notifications: sending (in-app and e-mail) and the caller's own inbox."""

from django.core import mail
from django.test import TestCase
from django.urls import reverse

from cchc.core.testing.personas import build_world
from cchc.notifications.models import Notification
from cchc.notifications.services import notify


class NotifyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.staff = cls.world.users["staff"]
        cls.head = cls.world.users["head"]
        cls.staff.email = "staff@example.vn"
        cls.staff.save()

    def test_it_leaves_one_message_per_person_and_mails_those_with_an_address(self):
        with self.captureOnCommitCallbacks(execute=True):
            rows = notify(users=[self.staff, self.head, self.staff], unit=self.world.division_a,
                          text="Nhiệm vụ 5 sắp đến hạn", url="/plans/tasks/5/", kind="plans.due_soon")
        self.assertEqual(sorted(r.recipient.username for r in rows), ["head", "staff"])
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["staff@example.vn"])
        self.assertEqual(mail.outbox[0].subject, "Nhiệm vụ 5 sắp đến hạn")
        self.assertIn("http://127.0.0.1:8000/plans/tasks/5/", mail.outbox[0].body)

    def test_no_mail_leaves_when_the_transaction_is_rolled_back(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            notify(users=[self.staff], unit=None, text="x", kind="test")
        self.assertEqual(len(callbacks), 1)
        self.assertEqual(mail.outbox, [])

    def test_email_can_be_turned_off(self):
        with self.captureOnCommitCallbacks(execute=True):
            notify(users=[self.staff], unit=None, text="x", kind="test", email=False)
        self.assertEqual(mail.outbox, [])
        self.assertEqual(Notification.objects.filter(recipient=self.staff).count(), 1)

    def test_the_same_unread_message_is_not_left_twice(self):
        first = notify(users=[self.staff], unit=None, text="Báo cáo quý I bị trả lại", url="/reporting/reports/1/",
                       kind="reporting.returned", email=False)
        again = notify(users=[self.staff, self.head], unit=None, text="Báo cáo quý I bị trả lại", url="/reporting/reports/1/",
                       kind="reporting.returned", email=False)
        self.assertEqual((len(first), [r.recipient for r in again]), (1, [self.head]))
        Notification.objects.filter(recipient=self.staff).update(read_at="2025-01-01T00:00:00Z")
        later = notify(users=[self.staff], unit=None, text="Báo cáo quý I bị trả lại", url="/reporting/reports/1/",
                       kind="reporting.returned", email=False)
        self.assertEqual(len(later), 1)  # read by then: a new event gets its line
        self.assertEqual(Notification.objects.filter(recipient=self.staff).count(), 2)

    def test_inactive_users_get_nothing(self):
        self.head.is_active = False
        self.head.save()
        self.assertEqual(notify(users=[self.head], unit=None, text="x", kind="test"), [])


class InboxPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.staff = cls.world.users["staff"]
        cls.mine = Notification.objects.create(recipient=cls.staff, kind="t", text="Việc của bạn", url="/plans/my-tasks/")
        cls.theirs = Notification.objects.create(recipient=cls.world.users["outsider"], kind="t", text="Việc của người khác")

    def setUp(self):
        self.client.force_login(self.staff)

    def test_the_inbox_shows_only_the_callers_own_messages(self):
        response = self.client.get(reverse("notifications:list"))
        self.assertContains(response, "Việc của bạn")
        self.assertNotContains(response, "Việc của người khác")
        self.assertContains(response, "1 chưa đọc")

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        self.client.logout()
        self.assertEqual(self.client.get(reverse("notifications:list")).status_code, 302)
        self.assertEqual(self.client.post(reverse("notifications:read", args=[self.mine.pk])).status_code, 302)
        self.mine.refresh_from_db()
        self.assertIsNone(self.mine.read_at)

    def test_opening_a_message_marks_it_read_and_follows_its_link(self):
        response = self.client.post(reverse("notifications:read", args=[self.mine.pk]))
        self.assertRedirects(response, "/plans/my-tasks/", fetch_redirect_response=False)
        self.mine.refresh_from_db()
        self.assertIsNotNone(self.mine.read_at)

    def test_someone_elses_message_does_not_exist_and_stays_unread(self):
        response = self.client.post(reverse("notifications:read", args=[self.theirs.pk]))
        self.assertEqual(response.status_code, 404)
        self.theirs.refresh_from_db()
        self.assertIsNone(self.theirs.read_at)

    def test_an_outside_link_is_not_followed(self):
        evil = Notification.objects.create(recipient=self.staff, kind="t", text="x", url="https://evil.example/")
        response = self.client.post(reverse("notifications:read", args=[evil.pk]))
        self.assertRedirects(response, reverse("notifications:list"), fetch_redirect_response=False)

    def test_mark_all_read_touches_only_the_callers_rows(self):
        self.client.post(reverse("notifications:read_all"))
        self.assertEqual(Notification.objects.filter(read_at__isnull=True).get(), self.theirs)

    def test_reading_needs_a_post(self):
        self.assertEqual(self.client.get(reverse("notifications:read", args=[self.mine.pk])).status_code, 405)
