"""Annual reform plans, their areas, tasks and targets, and the progress reported on the tasks."""

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
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cchc.plans import deadlines, rules
from cchc.plans.choices import (
    CLOSED_STATUSES,
    ComparatorChoice,
    PlanStatus,
    RecurrenceChoice,
    ReformArea,
    ReminderKind,
    TaskStatus,
    VersionKind,
)
from cchc.units.roles import Perm
from cchc.units.scoping import UnitScopedQuerySet, superior_unit_ids, visible_unit_ids

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class PlanQuerySet(UnitScopedQuerySet):
    def in_force(self) -> PlanQuerySet:
        """Plans that were issued (and possibly amended since)."""
        return self.exclude(status=PlanStatus.DRAFT)

    def visible_to(self, user, perm: str, on: dt.date | None = None):
        """Plans of the units in reach; to read, also the issued plans of the units above them
        (a department reads the city plan its own plan implements)."""
        if perm != Perm.VIEW:
            return super().visible_to(user, perm, on=on)
        in_reach = Q(unit__in=visible_unit_ids(user, perm, on=on))
        superiors = Q(unit__in=superior_unit_ids(user, on=on)) & ~Q(status=PlanStatus.DRAFT)
        return self.filter(in_reach | superiors)


class PlanPartQuerySet(UnitScopedQuerySet):
    """Rows that belong to a plan (versions, areas, targets): read wherever the plan is read."""

    def visible_to(self, user, perm: str, on: dt.date | None = None):
        if perm != Perm.VIEW:
            return super().visible_to(user, perm, on=on)
        return self.filter(plan__in=Plan.objects.visible_to(user, perm, on=on).values("pk"))


class Plan(models.Model):
    """A unit's administrative-reform plan for a year (Kế hoạch cải cách hành chính năm …).

    The plan stays attached to the unit that issued it, also after that unit is merged: the
    successor reaches it through the reorganisation links, it is never moved.
    """

    unit_field = "unit"

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    number = models.CharField(
        _("number and symbol"), max_length=64, blank=True, help_text=_("As on the document, e.g. 120/KH-SXD.")
    )
    title = models.CharField(_("title"), max_length=500)
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    place = models.CharField(_("place of issue"), max_length=100, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    parent_plan = models.ForeignKey(
        "self",
        verbose_name=_("superior plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="child_plans",
        help_text=_("The plan of the superior unit this plan implements."),
    )
    legal_bases = models.JSONField(
        _("legal bases"),
        default=list,
        blank=True,
        help_text=_("Documents the plan cites: kind, number, date, issuer."),
    )
    purpose = models.TextField(_("purpose"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    implementation = models.TextField(_("organisation of implementation"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    #: Raised by ``services.plan_touch`` whenever what the task table shows changes (the plan, its areas,
    #: tasks, periods, progress, coordinators, or the copies units below take up). The cached task table
    #: is keyed on it; a save of the plan object never writes it, so a stale copy cannot lower it.
    content_version = models.PositiveIntegerField(_("content version"), default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["content_version"])

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "unit__name", "pk"]
        indexes = [models.Index(fields=["unit", "year"], name="plan_unit_year")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip() if self.number else self.title

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.attname for f in self._meta.concrete_fields if not f.primary_key and f.attname != "content_version"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT


class PlanVersion(models.Model):
    """One issued state of a plan: the first issue or an amendment (sửa đổi, bổ sung kế hoạch),
    with the decision that made it, who recorded it and a snapshot of the plan's content."""

    unit_field = "plan__unit"

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=16, choices=VersionKind.choices)
    decision_number = models.CharField(_("decision number"), max_length=100)
    decided_on = models.DateField(_("decision date"))
    note = models.TextField(_("note"), blank=True)
    snapshot = models.JSONField(_("content"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class PlanArea(models.Model):
    """A reform area as one plan numbers and names it ("II. Cải cách thủ tục hành chính"), mapped
    to the standard area code (lĩnh vực CCHC)."""

    unit_field = "plan__unit"

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("reform area"), max_length=32, choices=ReformArea.choices)
    local_number = models.CharField(_("number in the plan"), max_length=16, blank=True)
    title = models.CharField(_("title as written"), max_length=255)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan area")
        verbose_name_plural = _("plan areas")
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.local_number}. {self.title}" if self.local_number else self.title


class ParticipationQuerySet(UnitScopedQuerySet):
    """Rows of a task that the plan's unit sees, and that every unit taking part in the task sees.

    Division staff reach their division, not the department whose plan it is: they still see
    the tasks their division leads or coordinates. Reach itself comes from ``visible_unit_ids``.
    """

    #: path from the row to its Task ("" for a task itself)
    task_path = ""

    def visible_to(self, user, perm: str, on: dt.date | None = None):
        ids = visible_unit_ids(user, perm, on=on)
        task = self.task_path
        prefix = f"{task}__" if task else ""
        taking_part = Task.coordinating_units.through.objects.filter(unit_id__in=ids).values("task_id")
        return self.filter(
            Q(**{f"{prefix}plan__unit__in": ids})
            | Q(**{f"{prefix}lead_unit__in": ids})
            | Q(**{f"{task or 'pk'}__in": taking_part})
            | self.own_unit_filter(ids)
        )

    def own_unit_filter(self, ids) -> Q:
        """Rows that carry their own unit (a progress report, a piece of evidence) are also seen there."""
        return Q()


class TaskQuerySet(ParticipationQuerySet):
    pass


class Task(models.Model):
    """A piece of work in a plan (nhiệm vụ), general or specific, with what it must produce, the
    unit that leads it, the units that help, its timeframe as written and its budget.

    ``status`` and ``percent`` combine the progress reported by the lead and coordinating units
    over the task's periods; only ``services.progress_record`` writes them.
    """

    unit_field = "plan__unit"

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks")
    area = models.ForeignKey(PlanArea, verbose_name=_("reform area"), on_delete=models.PROTECT, related_name="tasks")
    parent = models.ForeignKey(
        "self", verbose_name=_("general task"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    source_task = models.ForeignKey(
        "self",
        verbose_name=_("assigned by the superior plan's task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cascaded_tasks",
    )
    number = models.CharField(_("number in the plan"), max_length=32, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.TextField(_("task"))
    products = models.JSONField(_("products"), default=list, blank=True)
    lead_text = models.CharField(_("lead as written"), max_length=255, blank=True)
    lead_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
        help_text=_("Empty when the lead is written as a group (\"Các phòng chuyên môn\"): the plan's unit answers."),
    )
    coordinators_text = models.CharField(_("coordinating units as written"), max_length=500, blank=True)
    coordinating_units = models.ManyToManyField(
        "units.Unit", verbose_name=_("coordinating units"), blank=True, related_name="coordinated_tasks"
    )
    timeframe = models.CharField(_("timeframe as written"), max_length=255, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    recurrence = models.CharField(_("recurrence"), max_length=16, choices=RecurrenceChoice.choices, blank=True)
    timeframe_needs_review = models.BooleanField(_("timeframe to check"), default=False)
    timeframe_review_reason = models.CharField(_("why the timeframe needs checking"), max_length=255, blank=True)
    budget_source = models.CharField(_("budget source"), max_length=255, blank=True)
    budget_amount = models.DecimalField(
        _("budget (VND)"), max_digits=15, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    status = models.CharField(_("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    percent = models.PositiveSmallIntegerField(_("percent done"), default=0, validators=PERCENT_VALIDATORS)
    history = HistoricalRecords(m2m_fields=[coordinating_units])

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "area__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "source_task"], condition=Q(source_task__isnull=False), name="task_taken_up_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:task", args=[self.pk])

    @property
    def responsible_unit_id(self) -> int:
        """The lead unit, or the plan's unit when the lead is written as a group."""
        return self.lead_unit_id or self.plan.unit_id

    def participant_unit_ids(self) -> list[int]:
        """The responsible unit first, then the coordinating units (prefetched when listing)."""
        return [self.responsible_unit_id, *(u.pk for u in self.coordinating_units.all())]

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def is_overdue(self, today: dt.date) -> bool:
        """Whether one of its periods is open past its due date (uses the periods prefetched as
        ``period_list`` by ``selectors.plan_tasks`` when listing)."""
        periods = self.period_list if hasattr(self, "period_list") else self.periods.all()
        return any(period.is_overdue(today) for period in periods)


class TaskPeriodQuerySet(ParticipationQuerySet):
    task_path = "task"


class TaskPeriod(models.Model):
    """One period a task must be done in (kỳ thực hiện): the whole task, or one quarter of a
    "Hằng quý" task, each with its own due date, progress and evidence.

    ``status``, ``percent`` and ``completed_on`` combine the participating units' latest reports.
    """

    unit_field = "task__plan__unit"

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="periods")
    label = models.CharField(_("period"), max_length=64, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    percent = models.PositiveSmallIntegerField(_("percent done"), default=0, validators=PERCENT_VALIDATORS)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = TaskPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("task period")
        verbose_name_plural = _("task periods")
        ordering = ["task", "due_date", "pk"]
        indexes = [models.Index(fields=["due_date", "status"], name="task_period_due")]

    def __str__(self) -> str:
        return f"{self.task} – {self.label}" if self.label else str(self.task)

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def is_overdue(self, today: dt.date) -> bool:
        """Open and past its due date (moved to the next working day when it is a rest day)."""
        return not self.is_closed and deadlines.is_late(self.due_date, today, deadlines.work_calendar())

    def is_due_soon(self, today: dt.date) -> bool:
        if self.is_closed or self.due_date is None:
            return False
        return 0 <= deadlines.working_days_left(self.due_date, today, deadlines.work_calendar()) <= deadlines.DUE_SOON_DAYS

    def was_completed_late(self) -> bool:
        return self.completed_on is not None and deadlines.is_late(self.due_date, self.completed_on, deadlines.work_calendar())


class ProgressQuerySet(ParticipationQuerySet):
    task_path = "period__task"

    def own_unit_filter(self, ids) -> Q:
        return Q(unit__in=ids)


class ProgressRecord(models.Model):
    """What every progress report says, whatever it reports on (a task period here; a remediation
    item of an inspection in ``cchc.inspections``): status, percentage, a note, the date it refers
    to, the reason when the work finished late, and who made it. Its evidence is ``Evidence``;
    ``services.progress_check`` holds the rules both kinds of report follow."""

    status = models.CharField(_("status"), max_length=16, choices=TaskStatus.choices)
    percent = models.PositiveSmallIntegerField(_("percent done"), validators=PERCENT_VALIDATORS)
    note = models.TextField(_("note"), blank=True)
    reported_on = models.DateField(_("as of"))
    lateness_reason = models.TextField(_("reason for lateness"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        abstract = True


class ProgressUpdate(ProgressRecord):
    """One progress report (báo cáo tiến độ) by one unit taking part in a task, for one period:
    status, percentage, a note, the date it refers to and who made it. Never edited: a newer
    report supersedes it."""

    unit_field = "unit"

    period = models.ForeignKey(TaskPeriod, verbose_name=_("period"), on_delete=models.CASCADE, related_name="updates")
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = ProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-reported_on", "-pk"]
        indexes = [models.Index(fields=["period", "unit", "reported_on"], name="progress_latest")]

    def __str__(self) -> str:
        return f"{self.period} – {self.unit} – {self.get_status_display()} {self.percent}%"


def evidence_path(instance: Evidence, filename: str) -> str:
    """Stored under a random name: the name a user gave never reaches the file system."""
    today = timezone.localdate()
    return f"evidence/{today:%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class EvidenceQuerySet(ParticipationQuerySet):
    task_path = "progress_update__period__task"

    def own_unit_filter(self, ids) -> Q:
        return Q(unit__in=ids)


class Evidence(models.Model):
    """A piece of evidence (tài liệu kiểm chứng): a document record (number, date, issuer) and,
    usually, its file. Submitted with a progress update; later issues (PAR INDEX scoring) link
    to the same rows instead of asking for the file again."""

    unit_field = "unit"

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    progress_update = models.ForeignKey(
        ProgressUpdate,
        verbose_name=_("progress update"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    title = models.CharField(_("title"), max_length=255)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True, max_length=255)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:evidence_file", args=[self.pk])


class Target(models.Model):
    """A measurable goal of a plan (chỉ tiêu), e.g. "≥98% hồ sơ đúng hạn": the sentence as
    written, its reading (metric, comparator, value, unit) and the latest measured value.

    ``metric_code`` names the metric that measures it (``cchc.indicators.binding``): a catalogue
    metric fills ``current_value`` from the dossiers; the manual metric (and reserved codes the
    catalogue does not compute yet) from the unit's ``ManualMeasurement``s. A target copied from the
    superior plan when the plan was cascaded (``source_target``) is a suggestion until the focal
    officer accepts it (or drops it); a suggestion is not measured.
    """

    unit_field = "plan__unit"

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets")
    area = models.ForeignKey(
        PlanArea, verbose_name=_("reform area"), null=True, blank=True, on_delete=models.SET_NULL, related_name="targets"
    )
    text = models.TextField(_("target as written"))
    metric_text = models.CharField(pgettext_lazy("target", "metric"), max_length=500, blank=True)
    comparator = models.CharField(_("comparator"), max_length=2, choices=ComparatorChoice.choices, blank=True)
    value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2, null=True, blank=True)
    value_unit = models.CharField(_("unit of measure"), max_length=32, blank=True)
    metric_code = models.CharField(
        _("indicator code"), max_length=64, blank=True, help_text=_("Code of the indicator that measures it, e.g. ontime_rate.")
    )
    needs_review = models.BooleanField(_("to check"), default=False)
    review_reason = models.CharField(_("why it needs checking"), max_length=255, blank=True)
    current_value = models.DecimalField(_("measured value"), max_digits=14, decimal_places=2, null=True, blank=True)
    measured_on = models.DateField(_("measured up to"), null=True, blank=True)
    source_target = models.ForeignKey(
        "self",
        verbose_name=_("target of the superior plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cascaded_targets",
    )
    is_suggestion = models.BooleanField(
        _("suggested"), default=False, help_text=_("Inherited from the superior plan; the plan's unit accepts or drops it.")
    )
    history = HistoricalRecords()

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "source_target"], condition=Q(source_target__isnull=False), name="target_inherited_once"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.plan_id]) + "#targets"

    @property
    def status(self) -> str | None:
        """met / at_risk / missed once a value is measured; a value at the year's end is final."""
        final = self.measured_on is not None and self.measured_on >= dt.date(self.plan.year, 12, 31)
        return rules.target_status(comparator=self.comparator, goal=self.value, value=self.current_value, final=final)


class ManualMeasurement(models.Model):
    """A value a unit reports by hand for a target no catalogue metric computes (số liệu tự báo cáo):
    for one period, a numerator over a denominator ("18 of 20 civil servants trained") and the
    evidence that proves it. Never edited: a newer report for the same period supersedes it."""

    unit_field = "target__plan__unit"

    target = models.ForeignKey(Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="manual_measurements")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    numerator = models.DecimalField(_("numerator"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    denominator = models.DecimalField(_("denominator"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    evidence = models.ForeignKey(Evidence, verbose_name=_("evidence"), on_delete=models.PROTECT, related_name="+")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("manual measurement")
        verbose_name_plural = _("manual measurements")
        ordering = ["-period_end", "-reported_at", "-pk"]
        indexes = [models.Index(fields=["target", "period_end"], name="manual_measurement_latest")]

    def __str__(self) -> str:
        return f"{self.target} – {self.numerator}/{self.denominator} ({self.period_end:%d/%m/%Y})"

    @property
    def value(self):
        """The value compared with the target: a percentage for a "%" target, else the numerator."""
        return rules.manual_value(numerator=self.numerator, denominator=self.denominator, percent=self.target.value_unit == "%")


class ReminderRecord(models.Model):
    """A deadline reminder sent, kept so none is ever sent twice: which ``kind`` (before or after the due
    date), ``working_days`` from the due date, when and to how many people. Tasks and inspection
    recommendations keep theirs in a table of their own."""

    working_days = models.PositiveSmallIntegerField(_("working days from the due date"))
    sent_on = models.DateField(_("sent on"))
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-sent_on", "-pk"]


class Reminder(ReminderRecord):
    """A deadline reminder sent about a task period (nhắc hạn)."""

    unit_field = "period__task__plan__unit"

    period = models.ForeignKey(TaskPeriod, verbose_name=_("period"), on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)

    class Meta(ReminderRecord.Meta):
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["period", "kind", "working_days"], name="reminder_once")]

    def __str__(self) -> str:
        return f"{self.period} – {self.get_kind_display()} ({self.sent_on:%d/%m/%Y})"
