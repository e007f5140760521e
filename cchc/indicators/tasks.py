"""Background refresh of the dossier aggregates (Huey)."""

import datetime as dt

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from cchc.indicators import services


@db_task()
def refresh_aggregates() -> int:
    """Apply the unit-days marked by dossier writes; safe to run any number of times."""
    return services.aggregates_refresh().marks


@db_periodic_task(crontab(minute="*/5"))
def refresh_aggregates_periodically() -> int:
    return services.aggregates_refresh().marks


@db_periodic_task(crontab(hour="1", minute="30"))
def measure_targets() -> int:
    """Every night, record yesterday's value of each plan target linked to a metric."""
    return services.targets_measure(on=timezone.localdate() - dt.timedelta(days=1))


@db_task()
def rebuild_aggregates() -> None:
    services.aggregates_rebuild()
