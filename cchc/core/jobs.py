"""Background jobs a page polls (a plan import being read, a report file being generated) and their lease.

A job model inherits ``LeasedJob``: its task claims the job (``job_claim``: queued → running, one
more attempt, a first heartbeat), reports progress with ``job_beat`` (which renews the heartbeat)
and ends it with ``job_end``. A running job whose heartbeat is older than ``JOB_LEASE_SECONDS``
has lost its worker (killed, out of memory, machine restarted): it is *stranded*. Every minute
``jobs_recover`` queues a stranded job again from the start, or after ``JOB_MAX_ATTEMPTS``
attempts fails it with a message its page shows. A worker that comes back after its lease was
taken over finds its writes refused (``LeaseLost``) and stops, so two workers never write one job.

This is the one piece of code that decides about leases for every job model; the ``jobs``
management command and the periodic task are thin layers over the functions below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

QUEUED, RUNNING, FAILED = "queued", "running", "failed"


class LeaseLost(Exception):
    """The job is no longer this worker's: it was queued again (or ended) after its lease ran out."""


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.JOB_LEASE_SECONDS)


def is_stranded(*, status: str, heartbeat_at: dt.datetime | None, now: dt.datetime, lease: dt.timedelta) -> bool:
    """Whether a job in ``status`` with its last heartbeat at ``heartbeat_at`` has lost its worker."""
    return status == RUNNING and (heartbeat_at is None or heartbeat_at < now - lease)


class LeasedJob(models.Model):
    """What every background job row carries besides its own status and progress: the lease.

    A subclass has ``status`` (with the values ``queued``, ``running`` and ``failed`` among its
    choices), ``progress``, ``error`` and ``finished_at`` fields, a ``unit_field``, a short
    ``job_kind`` (used by the ``jobs`` command) and ``job_enqueue()`` which queues its task.
    """

    job_kind: str = ""

    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        abstract = True

    def job_enqueue(self) -> None:  # pragma: no cover - each job model defines it
        raise NotImplementedError

    @property
    def job_label(self) -> str:
        return f"{self.job_kind}:{self.pk}"

    @property
    def job_unit(self):
        unit = self
        for step in self.unit_field.split("__"):
            unit = getattr(unit, step)
        return unit

    def is_stranded(self, now: dt.datetime | None = None) -> bool:
        return is_stranded(status=self.status, heartbeat_at=self.heartbeat_at, now=now or timezone.now(), lease=lease())

    @property
    def stranded(self) -> bool:
        """Whether the job's worker is gone (the page says so until the job is retried or failed)."""
        return self.is_stranded()

    @classmethod
    def job_claim(cls, pk: int, *, progress: int):
        """Take a queued job for this worker (one more attempt); None when it is not queued (any more)."""
        claimed = cls.objects.filter(pk=pk, status=QUEUED).update(
            status=RUNNING, progress=progress, attempts=F("attempts") + 1, heartbeat_at=timezone.now()
        )
        return cls.objects.get(pk=pk) if claimed else None

    def _mine(self):
        return type(self).objects.filter(pk=self.pk, status=RUNNING, attempts=self.attempts)

    def job_beat(self, progress: int, **fields) -> None:
        """Report progress (and any of the job's own progress ``fields``, such as pages done) and renew the
        lease; raises ``LeaseLost`` when the job was taken away."""
        now = timezone.now()
        if not self._mine().update(progress=progress, heartbeat_at=now, **fields):
            raise LeaseLost(self.job_label)
        self.progress, self.heartbeat_at = progress, now
        for name, value in fields.items():
            setattr(self, name, value)

    def job_end(self, status: str, **fields) -> None:
        """Finish the job (``status``, ``fields``, ``finished_at``); raises ``LeaseLost`` when it was taken away."""
        now = timezone.now()
        fields = {"finished_at": now, "heartbeat_at": now, **fields, "status": status}
        if not self._mine().update(**fields):
            raise LeaseLost(self.job_label)
        for name, value in fields.items():
            setattr(self, name, value)


def job_models() -> list[type[LeasedJob]]:
    return [model for model in apps.get_models() if issubclass(model, LeasedJob)]


# --- selectors ----------------------------------------------------------------------------------------


def _stranded_filter(now: dt.datetime) -> Q:
    return Q(status=RUNNING) & (Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=now - lease()))


def jobs_stuck(*, now: dt.datetime | None = None) -> list[LeasedJob]:
    """Stranded jobs of every kind, the longest silent first."""
    now = now or timezone.now()
    found: list[LeasedJob] = []
    for model in job_models():
        related = model.unit_field.rsplit("__", 1)[0] if "__" in model.unit_field else model.unit_field
        found.extend(model.objects.filter(_stranded_filter(now)).select_related(related))
    return sorted(found, key=lambda job: (job.heartbeat_at or dt.datetime.min.replace(tzinfo=dt.UTC), job.job_label))


def job_find(label: str) -> LeasedJob | None:
    """The job named ``kind:id`` (as the ``jobs`` command prints it), or None."""
    kind, _sep, pk = label.partition(":")
    if not pk.isdigit():
        return None
    for model in job_models():
        if model.job_kind == kind:
            return model.objects.filter(pk=int(pk)).first()
    return None


# --- services -----------------------------------------------------------------------------------------


@dataclass
class Recovered:
    retried: list[LeasedJob] = field(default_factory=list)
    failed: list[LeasedJob] = field(default_factory=list)


def interrupted_message(attempts: int) -> str:
    return gettext(
        "Processing was interrupted (the worker stopped unexpectedly) and failed after {attempts} attempts; "
        "try again or tell the administrator."
    ).format(attempts=attempts)


@transaction.atomic
def job_retry(*, job: LeasedJob) -> bool:
    """Queue a stranded or failed job again from the start; False if it changed meanwhile (nothing done)."""
    if not (job.is_stranded() or job.status == FAILED):
        return False
    requeued = type(job).objects.filter(pk=job.pk, status=job.status, attempts=job.attempts).update(
        status=QUEUED, progress=0, heartbeat_at=None, error="", finished_at=None
    )
    if requeued:
        job.status, job.progress, job.heartbeat_at, job.error, job.finished_at = QUEUED, 0, None, "", None
        transaction.on_commit(job.job_enqueue)
    return bool(requeued)


@transaction.atomic
def job_fail_stranded(*, job: LeasedJob) -> bool:
    """Fail a stranded job with the message its page shows; False if it changed meanwhile."""
    error = interrupted_message(job.attempts)
    now = timezone.now()
    failed = type(job).objects.filter(_stranded_filter(now), pk=job.pk, attempts=job.attempts).update(
        status=FAILED, error=error, finished_at=now
    )
    if failed:
        job.status, job.error, job.finished_at = FAILED, error, now
    return bool(failed)


def jobs_recover(*, now: dt.datetime | None = None) -> Recovered:
    """Queue every stranded job again, or fail it once it has used ``JOB_MAX_ATTEMPTS`` attempts."""
    result = Recovered()
    for job in jobs_stuck(now=now):
        if job.attempts >= settings.JOB_MAX_ATTEMPTS:
            if job_fail_stranded(job=job):
                result.failed.append(job)
        elif job_retry(job=job):
            result.retried.append(job)
    return result
