"""Inspections of subordinate units (kiểm tra công tác cải cách hành chính): the yearly inspection plan
of a unit, the inspections it carries out, their checklists, findings and the recommendations the
inspected units must carry out, tracked to closure.

Who sees what: the inspecting unit (the plan's unit) and every unit above it see its plans,
inspections and recommendations; an inspected unit sees its own inspections and the recommendations
assigned to it, and the plan they belong to. Reach itself comes from ``visible_unit_ids``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc.inspections.choices import (
    AnswerResult,
    CoverageBasis,
    DecisionKind,
    InspectionStatus,
    RemediationStatus,
    TemplateKind,
)
from cchc.plans import deadlines
from cchc.plans.choices import ReformArea, TaskStatus
from cchc.plans.models import PERCENT_VALIDATORS, ProgressRecord, ReminderRecord
from cchc.units.roles import Perm
from cchc.units.scoping import UnitScopedQuerySet, visible_unit_ids


class InspectionPlanQuerySet(UnitScopedQuerySet):
    def visible_to(self, user, perm: str, on: dt.date | None = None):
        """Plans of the units in reach; to read, also the plans that inspect a unit in reach."""
        ids = visible_unit_ids(user, perm, on=on)
        if perm != Perm.VIEW:
            return self.filter(unit__in=ids)
        inspecting_me = Inspection.objects.filter(unit__in=ids).values("plan_id")
        return self.filter(Q(unit__in=ids) | Q(pk__in=inspecting_me))


class InspectionPlan(models.Model):
    """A unit's inspection plan for a year (Kế hoạch kiểm tra công tác cải cách hành chính năm …): the units
    it will inspect (``Inspection`` rows, planned for a month), the team, the checklist, the coverage it
    aims at and the plan task that calls for it, whose progress follows the inspections."""

    unit_field = "unit"

    unit = models.ForeignKey("units.Unit", verbose_name=_("inspecting unit"), on_delete=models.PROTECT,
                             related_name="inspection_plans")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("title"), max_length=500)
    number = models.CharField(_("number and symbol"), max_length=64, blank=True, help_text=_("e.g. 15/KH-SXD."))
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    coverage_basis = models.CharField(_("coverage counts"), max_length=16, choices=CoverageBasis.choices,
                                      default=CoverageBasis.SUBORDINATE)
    coverage_target = models.DecimalField(
        _("coverage target (%)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Share of the units to inspect in the year, e.g. 40; 100 for every division."),
    )
    task = models.ForeignKey(
        "plans.Task", verbose_name=_("plan task"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="inspection_plans",
        help_text=_("The reform plan's task that calls for these inspections; its progress follows them."),
    )
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("inspection team"), blank=True, related_name="+")
    team_lead = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("team lead"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[team])

    objects = InspectionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "unit__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="inspection_plan_once_a_year")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip() if self.number else self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:plan", args=[self.pk])


class ChecklistItem(models.Model):
    """One line of an inspection plan's checklist (nội dung kiểm tra): free text, labelled with the
    reform area it belongs to when there is one."""

    unit_field = "plan__unit"

    plan = models.ForeignKey(InspectionPlan, verbose_name=_("inspection plan"), on_delete=models.CASCADE,
                             related_name="checklist")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    area = models.CharField(_("reform area"), max_length=32, choices=ReformArea.choices, blank=True)
    text = models.CharField(_("content to inspect"), max_length=1000)
    history = HistoricalRecords()

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class InspectionScopedQuerySet(UnitScopedQuerySet):
    """Rows of an inspection: seen by the inspecting unit and, to read, by the inspected unit."""

    #: path from the row to its Inspection ("" for an inspection itself)
    inspection_path = ""

    def visible_to(self, user, perm: str, on: dt.date | None = None):
        ids = visible_unit_ids(user, perm, on=on)
        prefix = f"{self.inspection_path}__" if self.inspection_path else ""
        inspecting = Q(**{f"{prefix}plan__unit__in": ids})
        if perm != Perm.VIEW:
            return self.filter(inspecting)
        return self.filter(inspecting | Q(**{f"{prefix}unit__in": ids}))


class Inspection(models.Model):
    """One inspection (cuộc kiểm tra) of one unit under an inspection plan: planned for a month, then carried
    out on a date by a team, with the checklist answered, findings (tồn tại, hạn chế) and recommendations
    (kiến nghị) recorded, and the conclusion notice (Thông báo kết luận kiểm tra) numbered and signed."""

    unit_field = "plan__unit"

    plan = models.ForeignKey(InspectionPlan, verbose_name=_("inspection plan"), on_delete=models.CASCADE,
                             related_name="inspections")
    unit = models.ForeignKey("units.Unit", verbose_name=_("inspected unit"), on_delete=models.PROTECT,
                             related_name="inspections_received")
    planned_month = models.PositiveSmallIntegerField(_("planned month"), null=True, blank=True,
                                                     validators=[MinValueValidator(1), MaxValueValidator(12)])
    status = models.CharField(_("status"), max_length=16, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED)
    inspected_on = models.DateField(_("inspection date"), null=True, blank=True)
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("inspection team"), blank=True, related_name="+")
    team_lead = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("team lead"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    summary = models.TextField(_("overall assessment"), blank=True)
    conclusion_number = models.CharField(_("conclusion notice number"), max_length=64, blank=True,
                                         help_text=_("e.g. 25/TB-SXD."))
    conclusion_date = models.DateField(_("conclusion notice date"), null=True, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[team])

    objects = InspectionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["plan", "planned_month", "inspected_on", "pk"]
        indexes = [models.Index(fields=["status", "inspected_on"], name="inspection_done_on")]

    def __str__(self) -> str:
        return f"{self.unit.name} ({self.inspected_on:%d/%m/%Y})" if self.inspected_on else self.unit.name

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspection", args=[self.pk])

    @property
    def is_done(self) -> bool:
        return self.status == InspectionStatus.DONE


class AnswerQuerySet(InspectionScopedQuerySet):
    inspection_path = "inspection"


class ChecklistAnswer(models.Model):
    """The result of one checklist item at one inspection (đạt / đạt một phần / không đạt), with a note and
    the evidence seen (kept in ``plans.Evidence``, under the inspected unit)."""

    unit_field = "inspection__plan__unit"

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, verbose_name=_("checklist item"), on_delete=models.CASCADE, related_name="answers")
    result = models.CharField(_("result"), max_length=16, choices=AnswerResult.choices)
    note = models.TextField(_("note"), blank=True)
    evidence = models.ForeignKey("plans.Evidence", verbose_name=_("evidence"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("recorded at"), auto_now=True)
    history = HistoricalRecords()

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        ordering = ["inspection", "item__position", "pk"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="checklist_answered_once")]

    def __str__(self) -> str:
        return f"{self.item} – {self.get_result_display()}"


class Finding(models.Model):
    """A shortcoming the inspection found (tồn tại, hạn chế)."""

    unit_field = "inspection__plan__unit"

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="findings")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("finding"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class RemediationQuerySet(UnitScopedQuerySet):
    """Recommendations seen by the inspecting unit and by the unit they are assigned to."""

    item_path = ""

    def visible_to(self, user, perm: str, on: dt.date | None = None):
        ids = visible_unit_ids(user, perm, on=on)
        prefix = f"{self.item_path}__" if self.item_path else ""
        return self.filter(Q(**{f"{prefix}inspection__plan__unit__in": ids}) | Q(**{f"{prefix}unit__in": ids}))

    def open(self) -> RemediationQuerySet:
        return self.filter(status=RemediationStatus.OPEN)


class RemediationItem(models.Model):
    """A recommendation of an inspection (kiến nghị) as work the inspected unit must do (việc khắc phục):
    due a number of working days after the inspection (or on a date), worked like a plan task (progress
    reports with evidence, a reason when late) and closed, or reopened, by the inspecting unit.

    ``progress``, ``percent`` and ``completed_on`` are the assigned unit's latest report; ``status`` and
    ``closed_on`` the inspecting unit's latest decision. Only ``services`` write them.
    """

    unit_field = "inspection__plan__unit"

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="items")
    finding = models.ForeignKey(Finding, verbose_name=_("finding"), null=True, blank=True, on_delete=models.CASCADE,
                                related_name="items")
    unit = models.ForeignKey("units.Unit", verbose_name=_("assigned unit"), on_delete=models.PROTECT,
                             related_name="remediation_items")
    text = models.TextField(_("recommendation"))
    due_from = models.DateField(_("counted from"))
    due_working_days = models.PositiveSmallIntegerField(
        _("working days to carry it out"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(365)])
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=16, choices=RemediationStatus.choices, default=RemediationStatus.OPEN)
    progress = models.CharField(_("progress"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    percent = models.PositiveSmallIntegerField(_("percent done"), default=0, validators=PERCENT_VALIDATORS)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RemediationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"], name="remediation_due")]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 120 else f"{self.text[:117]}…"

    def get_absolute_url(self) -> str:
        return reverse("inspections:item", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == RemediationStatus.CLOSED

    @property
    def effective_due(self) -> dt.date:
        """The due date, moved to the next working day when it is a rest day."""
        return deadlines.effective_due(self.due_date, deadlines.work_calendar())

    def is_overdue(self, today: dt.date) -> bool:
        return not self.is_closed and deadlines.is_late(self.due_date, today, deadlines.work_calendar())

    def is_due_soon(self, today: dt.date) -> bool:
        if self.is_closed:
            return False
        left = deadlines.working_days_left(self.due_date, today, deadlines.work_calendar())
        return 0 <= left <= deadlines.DUE_SOON_DAYS


class UpdateQuerySet(RemediationQuerySet):
    item_path = "item"


class RemediationUpdate(ProgressRecord):
    """One progress report of the assigned unit on a recommendation (báo cáo kết quả khắc phục), with its
    evidence. Never edited: a newer report supersedes it."""

    unit_field = "unit"

    item = models.ForeignKey(RemediationItem, verbose_name=_("recommendation"), on_delete=models.CASCADE, related_name="updates")
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    evidence = models.ManyToManyField("plans.Evidence", verbose_name=_("evidence"), blank=True, related_name="+")
    history = HistoricalRecords()

    objects = UpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("remediation report")
        verbose_name_plural = _("remediation reports")
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.item} – {self.get_status_display()} {self.percent}%"


class RemediationDecision(models.Model):
    """The inspecting unit closes (đóng) or reopens (mở lại) a recommendation, on a date, with a note and,
    to close, the evidence that it was carried out."""

    unit_field = "item__inspection__plan__unit"

    item = models.ForeignKey(RemediationItem, verbose_name=_("recommendation"), on_delete=models.CASCADE,
                             related_name="decisions")
    kind = models.CharField(_("decision"), max_length=16, choices=DecisionKind.choices)
    decided_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    evidence = models.ForeignKey("plans.Evidence", verbose_name=_("evidence"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = UpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("closure decision")
        verbose_name_plural = _("closure decisions")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.item} – {self.get_kind_display()} {self.decided_on:%d/%m/%Y}"


class RemediationReminder(ReminderRecord):
    """A deadline reminder sent about a recommendation (nhắc hạn khắc phục)."""

    unit_field = "item__unit"

    item = models.ForeignKey(RemediationItem, verbose_name=_("recommendation"), on_delete=models.CASCADE,
                             related_name="reminders")
    kind = models.CharField(_("kind"), max_length=16)

    class Meta(ReminderRecord.Meta):
        verbose_name = _("remediation reminder")
        verbose_name_plural = _("remediation reminders")
        constraints = [models.UniqueConstraint(fields=["item", "kind", "working_days"], name="remediation_reminder_once")]

    def __str__(self) -> str:
        return f"{self.item} – {self.kind} ({self.sent_on:%d/%m/%Y})"


def template_path(instance: InspectionTemplate, filename: str) -> str:
    """Stored under a random name: the name a user gave never reaches the file system."""
    return f"inspections/templates/{timezone.localdate():%Y}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class InspectionTemplate(models.Model):
    """A Word template for an inspection document (the minute or the conclusion notice), uploaded for a unit
    and the units below it. It replaces the shipped one in ``templates_docx/``; the newest upload of the
    nearest unit up the tree wins."""

    unit_field = "unit"

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("document"), max_length=16, choices=TemplateKind.choices)
    file = models.FileField(_("DOCX template"), upload_to=template_path, max_length=255)
    note = models.CharField(_("note"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection document template")
        verbose_name_plural = _("inspection document templates")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.unit.name}"
