"""Scheduled work shared by every app (Huey)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from cchc.core import jobs


@db_periodic_task(crontab(minute="*"))
def recover_stranded_jobs() -> int:
    """Every minute: queue again (or fail) the background jobs whose worker is gone."""
    result = jobs.jobs_recover()
    return len(result.retried) + len(result.failed)
