"""Reporting calendars, the reports units send up the hierarchy, their generated files and reminders."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cchc.calendar.periods import period_label
from cchc.core.jobs import LeasedJob
from cchc.reporting.choices import (
    AWAITING_REVIEW,
    EDITABLE_STATUSES,
    RECEIVED_STATUSES,
    CalendarPreset,
    DeadlinePolicyChoice,
    DocumentFormat,
    DocumentStatus,
    PeriodKindChoice,
    ReminderKind,
    ReportStatus,
)
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import UnitScopedQuerySet


class ReportingCalendar(models.Model):
    """A reporting calendar (lịch báo cáo định kỳ CCHC) a steering unit sets for one year.

    It applies to every unit below ``unit`` except the subtrees of lower units that set their own
    calendar for the same year (a district's stricter deadlines). Its periods are explicit rows.
    """

    unit_field = "unit"

    unit = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="calendars"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    preset = models.CharField(_("rule"), max_length=16, choices=CalendarPreset.choices)
    cutoff_day = models.PositiveSmallIntegerField(_("cut-off day"), help_text=_("Windows end on this day."))
    deadline_day = models.PositiveSmallIntegerField(_("deadline day"))
    deadline_policy = models.CharField(
        _("deadline on a rest day"), max_length=24, choices=DeadlinePolicyChoice.choices
    )
    source = models.TextField(_("legal basis"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting calendar")
        verbose_name_plural = _("reporting calendars")
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="reporting_calendar_unit_year_unique")
        ]

    def __str__(self) -> str:
        return _("Reporting calendar {year} of {unit}").format(year=self.year, unit=self.unit.name)

    def get_absolute_url(self) -> str:
        return reverse("reporting:calendar_detail", args=[self.pk])


class ReportingPeriod(models.Model):
    """One report a calendar asks for (kỳ báo cáo): its kind, data window and deadline.

    ``nominal_deadline`` is the date as written; ``deadline`` is after the calendar's rest-day policy.
    An ad hoc period (báo cáo đột xuất) names its recipient units; a periodic one applies to every
    unit the calendar covers.
    """

    unit_field = "calendar__unit"

    calendar = models.ForeignKey(
        ReportingCalendar, verbose_name=_("calendar"), on_delete=models.CASCADE, related_name="periods"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=PeriodKindChoice.choices)
    title = models.CharField(_("subject"), max_length=255, blank=True, help_text=_("For ad hoc reports."))
    data_from = models.DateField(_("data from"))
    data_to = models.DateField(_("data to"))
    nominal_deadline = models.DateField(_("deadline as written"))
    deadline = models.DateField(_("deadline"))
    recipients = models.ManyToManyField(
        Unit, verbose_name=_("units asked"), blank=True, related_name="adhoc_periods"
    )
    history = HistoricalRecords(m2m_fields=[recipients])

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["data_to", "data_from", "pk"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("reporting:rollup", args=[self.pk])

    @property
    def label(self) -> str:
        return period_label(self.kind, self.calendar.year, self.title)

    @property
    def is_adhoc(self) -> bool:
        return self.kind == PeriodKindChoice.ADHOC


class ReportQuerySet(UnitScopedQuerySet):
    def received(self) -> ReportQuerySet:
        return self.filter(status__in=RECEIVED_STATUSES)


class Report(models.Model):
    """A periodic CCHC report (báo cáo kết quả thực hiện CCHC) of one unit for one period.

    The unit's focal officer drafts it (sections prefilled from the system), the head signs it, the
    focal officer submits it; the steering unit accepts it or returns it with a reason. On each
    submission its figures are frozen in ``snapshot``. A report of the calendar's own unit is the
    consolidated report (báo cáo tổng hợp) compiled from the units below.
    """

    unit_field = "unit"

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("reporting period"), on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    number = models.CharField(
        _("number and symbol"), max_length=64, blank=True, help_text=_("e.g. 15/BC-SXD")
    )
    place = models.CharField(_("place of issue"), max_length=100, blank=True, help_text=_("e.g. Cần Thơ"))
    sections = models.JSONField(_("sections"), default=dict, blank=True)
    recipients_text = models.TextField(_("recipients (Nơi nhận)"), blank=True)
    signer_name = models.CharField(_("signed by (name)"), max_length=255, blank=True)
    signer_title = models.CharField(
        _("signer's title"), max_length=255, blank=True, help_text=_("e.g. GIÁM ĐỐC")
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    snapshot = models.JSONField(_("figures frozen on submission"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_reason = models.TextField(_("reason for return"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["period__data_to", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="report_unit_period_unique")]

    def __str__(self) -> str:
        return f"{self.period.label} – {self.unit.name}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:report_detail", args=[self.pk])

    @property
    def is_consolidated(self) -> bool:
        return self.unit_id == self.period.calendar.unit_id

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def awaits_review(self) -> bool:
        return self.status in AWAITING_REVIEW

    @property
    def edit_permission(self) -> str:
        """Who may draft it: the unit's focal officers, or the steering officers for a consolidated report."""
        return Perm.STEER if self.is_consolidated else Perm.EDIT

    @property
    def revision(self) -> str:
        """Identifies the saved version (its last change, to the microsecond): acting on a report
        needs the version the user saw."""
        return str(int(self.updated_at.timestamp() * 1_000_000))

    def submitted_on(self) -> dt.date | None:
        """Local date of the first submission (timeliness is judged on it)."""
        if self.first_submitted_at is None:
            return None
        return timezone.localdate(self.first_submitted_at)


class ReportTemplate(models.Model):
    """A Word template (mẫu báo cáo) uploaded for a unit and the units below it.

    It replaces the shipped ``templates_docx/report.docx`` for their reports; the newest upload of
    the nearest unit up the tree wins.
    """

    unit_field = "unit"

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="report_templates"
    )
    file = models.FileField(_("DOCX template"), upload_to="reporting/templates/%Y/")
    note = models.CharField(_("note"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.unit.name} – {self.uploaded_at:%d/%m/%Y}"


class ReportDocument(LeasedJob):
    """A file generated from a report (tệp báo cáo): Word in the NĐ 30/2020 layout, or Excel figures.

    Generated in the task queue; ``progress`` (0–100) is what the page polls.
    """

    unit_field = "report__unit"
    job_kind = "report_file"

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="documents"
    )
    format = models.CharField(_("format"), max_length=8, choices=DocumentFormat.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to="reporting/documents/%Y/", blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(pgettext_lazy("report file", "finished at"), null=True, blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.report} ({self.get_format_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (DocumentStatus.DONE, DocumentStatus.FAILED)

    def job_enqueue(self) -> None:
        from cchc.reporting.tasks import generate_document

        generate_document(self.pk)


class ReportReminder(models.Model):
    """A reminder (nhắc hạn báo cáo) sent to a unit's focal officers, and after the deadline its head."""

    unit_field = "unit"

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="report_reminders"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("sent to"), blank=True)
    sent_on = models.DateField(_("sent on"))

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        ordering = ["-sent_on", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit", "kind"], name="report_reminder_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.unit.name} – {self.period}"
