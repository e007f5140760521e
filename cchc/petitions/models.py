"""Petitions (phản ánh, kiến nghị) from citizens and businesses, their handling steps, attachments and ratings."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc.petitions import deadlines, tracking
from cchc.petitions.choices import (
    CLOSED_STATUSES,
    HANDLING_STATUSES,
    Category,
    Channel,
    ContactPolicy,
    EventKind,
    Rating,
    ReminderKind,
    Status,
)
from cchc.units.scoping import UnitScopedQuerySet

#: the longest petition, answer or note accepted (characters)
MAX_TEXT = 5000


class PetitionSetting(models.Model):
    """A unit's settings for petitions (cấu hình tiếp nhận phản ánh, kiến nghị): whether the public
    form asks for contact details. Units below without a setting of their own follow it."""

    unit_field = "unit"

    unit = models.OneToOneField("units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="petition_setting")
    contact_policy = models.CharField(
        _("contact details on the public form"), max_length=16, choices=ContactPolicy.choices, default=ContactPolicy.OPTIONAL
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition setting")
        verbose_name_plural = _("petition settings")

    def __str__(self) -> str:
        return f"{self.unit} – {self.get_contact_policy_display()}"


class PetitionQuerySet(UnitScopedQuerySet):
    def open(self) -> PetitionQuerySet:
        return self.exclude(status__in=CLOSED_STATUSES)

    def published(self) -> PetitionQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def overdue(self, today: dt.date) -> PetitionQuerySet:
        """Open petitions whose current step is past its due date."""
        return self.filter(
            Q(status=Status.RECEIVED, decide_due__lt=today)
            | Q(status__in=HANDLING_STATUSES, resolve_due__lt=today)
            | Q(status=Status.APPROVED, publish_due__lt=today)
        )


class Petition(models.Model):
    """A petition (phản ánh, kiến nghị) from a citizen or a business about a unit, a procedure or a dossier.

    ``unit`` is the unit handling it now (a transfer moves it and restarts its clock on
    ``started_on``); ``received_on`` is the first reception, by which the indicators count it. The due
    dates of the steps are stored with the rule that made them (``deadlines``); the step dates say
    when each step happened. Contact details are never shown outside the handling unit's staff.
    """

    unit_field = "unit"

    unit = models.ForeignKey("units.Unit", verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="petitions")
    tracking_code = models.CharField(_("tracking code"), max_length=tracking.LENGTH, unique=True, editable=False)
    external_code = models.CharField(
        _("national portal code"), max_length=64, blank=True, help_text=_("Code of the petition on the national public service portal.")
    )
    channel = models.CharField(_("reception channel"), max_length=16, choices=Channel.choices)
    content = models.TextField(_("content"), max_length=MAX_TEXT)
    procedure_code = models.CharField(_("procedure concerned"), max_length=40, blank=True)
    dossier_code = models.CharField(_("dossier concerned"), max_length=64, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=100, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=20, blank=True)
    contact_email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    contact_address = models.CharField(_("address"), max_length=255, blank=True)
    category = models.CharField(_("class"), max_length=16, choices=Category.choices, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    received_at = models.DateTimeField(_("reception time"))
    received_on = models.DateField(_("received on"))
    started_on = models.DateField(_("clock started on"), help_text=_("Reception, or transfer to the current unit."))
    decide_due = models.DateField(_("reject by"))
    info_due = models.DateField(_("ask for more information by"))
    resolve_due = models.DateField(_("resolve by"))
    publish_due = models.DateField(_("publish by"), null=True, blank=True)
    due_rule = models.CharField(_("deadline rule"), max_length=40, default=deadlines.RULE_ID)
    rejected_on = models.DateField(_("rejected on"), null=True, blank=True)
    info_requested_on = models.DateField(_("more information requested on"), null=True, blank=True)
    approved_on = models.DateField(_("answer approved on"), null=True, blank=True)
    published_on = models.DateField(_("answer published on"), null=True, blank=True)
    reject_reason = models.TextField(_("reason for not accepting"), max_length=MAX_TEXT, blank=True)
    answer = models.TextField(_("answer"), max_length=MAX_TEXT, blank=True)
    public_summary = models.TextField(_("published summary"), max_length=MAX_TEXT, blank=True)
    public_answer = models.TextField(_("published answer"), max_length=MAX_TEXT, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answer drafted by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("Empty when the citizen sent it through the public form or the portal."),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "received_on"], name="petition_unit_received"),
            models.Index(fields=["status", "unit"], name="petition_status_unit"),
            models.Index(fields=["status", "published_on"], name="petition_published"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["external_code"], condition=~Q(external_code=""), name="petition_external_code_unique"),
        ]

    def __str__(self) -> str:
        text = " ".join(self.content.split())
        return _("Petition no. {number}: {text}").format(number=self.pk, text=text[:80] + ("…" if len(text) > 80 else ""))

    def get_absolute_url(self) -> str:
        return reverse("petitions:detail", args=[self.pk])

    @property
    def tracking_display(self) -> str:
        return tracking.display(self.tracking_code)

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def current_due(self) -> dt.date | None:
        """The due date of the step the petition waits for now (None once closed)."""
        if self.status == Status.RECEIVED:
            return self.decide_due
        if self.status in HANDLING_STATUSES:
            return self.resolve_due
        if self.status == Status.APPROVED:
            return self.publish_due
        return None

    def is_overdue(self, today: dt.date) -> bool:
        due = self.current_due
        return due is not None and today > due

    def facts(self) -> deadlines.Facts:
        return deadlines.Facts(
            decide_due=self.decide_due, info_due=self.info_due, resolve_due=self.resolve_due, publish_due=self.publish_due,
            rejected_on=self.rejected_on, info_requested_on=self.info_requested_on, approved_on=self.approved_on,
            published_on=self.published_on,
        )

    @property
    def has_contact(self) -> bool:
        return any((self.contact_name, self.contact_phone, self.contact_email, self.contact_address))


def attachment_path(instance: PetitionAttachment, filename: str) -> str:
    """Stored under a random name: the name a citizen gave never reaches the file system."""
    today = timezone.localdate()
    return f"petitions/{today:%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class PetitionAttachment(models.Model):
    """A file sent with a petition (tệp đính kèm): checked by type, content and size before it is stored."""

    unit_field = "petition__unit"

    petition = models.ForeignKey(Petition, verbose_name=_("petition"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveIntegerField(_("file size (bytes)"))
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition attachment")
        verbose_name_plural = _("petition attachments")
        ordering = ["petition", "pk"]

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("petitions:attachment", args=[self.pk])


class PetitionEvent(models.Model):
    """One step of a petition's handling (lịch sử xử lý): who did what, when, with which note.
    Never edited; the history page lists them in order."""

    unit_field = "petition__unit"

    petition = models.ForeignKey(Petition, verbose_name=_("petition"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("step"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("Empty for the citizen or the national portal."),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    from_status = models.CharField(_("from status"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=Status.choices, blank=True)
    from_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("from unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey("units.Unit", verbose_name=_("to unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), max_length=MAX_TEXT, blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition step")
        verbose_name_plural = _("petition steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.petition_id} – {self.get_kind_display()} ({timezone.localtime(self.at):%d/%m/%Y %H:%M})"


class PetitionRating(models.Model):
    """The citizen's rating of the published answer (hài lòng / không hài lòng), at most one per petition."""

    unit_field = "petition__unit"

    petition = models.OneToOneField(Petition, verbose_name=_("petition"), on_delete=models.CASCADE, related_name="rating")
    value = models.CharField(_("rating"), max_length=16, choices=Rating.choices)
    rated_at = models.DateTimeField(_("rated at"), default=timezone.now)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition rating")
        verbose_name_plural = _("petition ratings")

    def __str__(self) -> str:
        return f"{self.petition_id} – {self.get_value_display()}"


class PetitionReminder(models.Model):
    """A deadline reminder sent about a petition's step (nhắc hạn), kept so none is ever sent twice."""

    unit_field = "petition__unit"

    petition = models.ForeignKey(Petition, verbose_name=_("petition"), on_delete=models.CASCADE, related_name="reminders")
    step = models.CharField(_("step due"), max_length=20)
    due_on = models.DateField(_("due on"))
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    working_days = models.PositiveSmallIntegerField(_("working days from the due date"))
    sent_on = models.DateField(_("sent on"))
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition reminder")
        verbose_name_plural = _("petition reminders")
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "step", "due_on", "kind", "working_days"], name="petition_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} – {self.get_kind_display()} ({self.sent_on:%d/%m/%Y})"
