"""Plan documents coming in (an uploaded Word, PDF or text file read into a draft for review) and
the Word templates plans go out in."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cchc.core.jobs import LeasedJob
from cchc.documents.choices import FINISHED_STATUSES, ImportStatus, PdfStatus
from cchc.units.scoping import UnitScopedQuerySet


def import_path(instance: ImportJob, filename: str) -> str:
    """Stored under a random name: the name a user gave never reaches the file system."""
    return f"documents/imports/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def template_path(instance: PlanTemplate, filename: str) -> str:
    return f"documents/templates/{timezone.localdate():%Y}/{uuid.uuid4().hex}.docx"


class ImportJob(LeasedJob):
    """One uploaded plan document (tệp kế hoạch tải lên) for a unit: the file, the background job
    that reads it (status, progress), the draft it extracted for the officer to review, and the
    draft plan created when the officer confirmed it.

    ``result`` holds the extracted draft (``PlanDraft.to_json()``), the source lines it came from
    and the units its unit names were matched to; it is read-only after the job finishes. For a
    scan or photos it also holds the recognised pages (``pages``: number, stored image, size), where
    on its page each source line is (``boxes``) and the words read with low confidence (``unsure``);
    ``pages_done``/``pages_total`` tell the page how far recognition is.
    """

    unit_field = "unit"
    job_kind = "import"

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plan_imports")
    file = models.FileField(_("file"), upload_to=import_path, max_length=255)
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), default=0)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    pages_done = models.PositiveSmallIntegerField(_("pages recognised"), default=0)
    pages_total = models.PositiveSmallIntegerField(_("pages to recognise"), default=0)
    result = models.JSONField(_("extracted draft"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan created"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(pgettext_lazy("import job", "read at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan import")
        verbose_name_plural = _("plan imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.unit.name})"

    def get_absolute_url(self) -> str:
        return reverse("documents:import_detail", args=[self.pk])

    def job_enqueue(self) -> None:
        from cchc.documents.tasks import read_import

        read_import(self.pk)

    @property
    def page_images(self) -> list[dict]:
        """The recognised pages shown on the review page: ``{"number", "name", "width", "height"}``."""
        return list((self.result or {}).get("pages") or [])

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES


class PlanTemplate(models.Model):
    """A Word template for exporting plans (mẫu kế hoạch), uploaded for a unit and the units below it.

    It replaces the shipped ``templates_docx/plan.docx``; the newest upload of the nearest unit up
    the tree wins.
    """

    unit_field = "unit"

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plan_templates")
    file = models.FileField(_("DOCX template"), upload_to=template_path, max_length=255)
    note = models.CharField(_("note"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan template")
        verbose_name_plural = _("plan templates")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.unit.name} – {timezone.localtime(self.uploaded_at):%d/%m/%Y}"


def pdf_path(instance: PdfExport, filename: str) -> str:
    return f"documents/pdf/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.pdf"


class PdfExport(LeasedJob):
    """A Word document of the platform (a plan, and whatever other apps register in ``pdf_exports``)
    being turned into PDF by LibreOffice in the task queue, for signing with a digital signature."""

    unit_field = "unit"
    job_kind = "pdf"

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("document kind"), max_length=32)
    object_id = models.PositiveIntegerField(_("document"))
    title = models.CharField(_("title"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=PdfStatus.choices, default=PdfStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    file = models.FileField(_("file"), upload_to=pdf_path, max_length=255, blank=True)
    download_name = models.CharField(_("file name"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("PDF export")
        verbose_name_plural = _("PDF exports")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:pdf_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (PdfStatus.DONE, PdfStatus.FAILED)

    def job_enqueue(self) -> None:
        from cchc.documents.tasks import render_pdf

        render_pdf(self.pk)
