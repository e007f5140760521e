"""Fixed vocabularies of the documents app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Reading the file")
    READY = "ready", _("Ready for review")
    FAILED = "failed", _("Failed")
    CONFIRMED = "confirmed", _("Plan created")


#: statuses after which the background job has nothing left to do
FINISHED_STATUSES = frozenset({ImportStatus.READY, ImportStatus.FAILED, ImportStatus.CONFIRMED})


class PdfStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Converting to PDF")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
