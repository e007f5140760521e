"""Scheduled work of the petitions app (Huey)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from cchc.calendar.api import pinned
from cchc.petitions import handling


@db_periodic_task(crontab(hour=7, minute=5))
def send_petition_reminders() -> int:
    """Every morning at 07:05 (Asia/Ho_Chi_Minh): due-soon, overdue and escalation reminders of petition steps.

    The service records what it sent, so a second run the same day sends nothing.
    """
    with pinned():
        return handling.reminders_send(today=timezone.localdate())
