"""Scheduled work of the plans app (Huey)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from cchc.plans import services


@db_periodic_task(crontab(hour=7, minute=0))
def send_deadline_reminders() -> int:
    """Every morning at 07:00 (Asia/Ho_Chi_Minh): due-soon, overdue and escalation reminders.

    The service records what it sent, so a second run the same day sends nothing.
    """
    return services.reminders_send(today=timezone.localdate())
