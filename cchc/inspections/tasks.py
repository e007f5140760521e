"""Scheduled work of the inspections app (Huey)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from cchc.inspections import services


@db_periodic_task(crontab(hour=7, minute=10))
def send_remediation_reminders() -> int:
    """Every morning at 07:10: due-soon, overdue and escalation reminders about open recommendations.

    The service records what it sent, so a second run the same day sends nothing.
    """
    return services.reminders_send(today=timezone.localdate())
