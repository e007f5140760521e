"""Administrative procedures (TTHC), their dossiers, and the working-day calendar their deadlines use."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc.procedures.choices import (
    AdjustmentKind,
    BatchSource,
    Channel,
    DossierStatus,
    OnlineLevel,
    Outcome,
    ProcedureLevel,
    ProcessingUnit,
    SupplementRule,
    TooManySupplementsScope,
)
from cchc.units.roles import Perm
from cchc.units.scoping import UnitGraph, UnitScopedQuerySet, visible_unit_ids

#: TT 01/2018/TT-VPCP Điều 13: every index scores 0, 1 or 2 points.
POINTS = [(0, "0"), (1, "1"), (2, "2")]


class CalendarAdjustment(models.Model):
    """One announced change to the civil-service calendar (nghỉ bù, hoán đổi ngày làm việc, ngày nghỉ lễ).

    The ``holidays`` package gives weekends and statutory holidays; these rows add what the
    government announces each year. Rows are versioned by ``effective_from``: a due date computed
    for a dossier received on day D uses, for each calendar day, the row with the latest
    ``effective_from`` on or before D. A correction entered later therefore never changes the
    calendar that earlier dossiers were computed with (tthc_indicators.md §3.4).
    """

    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=16, choices=AdjustmentKind.choices)
    reason = models.CharField(_("reason"), max_length=255)
    source = models.CharField(_("source"), max_length=500, help_text=_("The notice that announced it."))
    effective_from = models.DateField(
        _("in force from"), help_text=_("Used for due dates of dossiers received on or after this date.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar adjustment")
        verbose_name_plural = _("calendar adjustments")
        ordering = ["day", "effective_from"]
        constraints = [models.UniqueConstraint(fields=["day", "effective_from"], name="calendar_adjustment_day_version")]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_kind_display()}"


class CountingRules(models.Model):
    """A version of the counting rules marked UNCONFIRMED in the references (quy tắc thống kê hồ sơ).

    The version in force on a dossier's reception date classifies it.
    """

    effective_from = models.DateField(_("in force from"), unique=True)
    late_after_supplement_requests = models.PositiveSmallIntegerField(
        _("late after this many supplement requests"),
        null=True,
        blank=True,
        default=1,
        help_text=_("[F766] 2.1: more than one supplement request makes a dossier late. Empty disables the rule."),
    )
    extension_moves_due_date = models.BooleanField(
        _("a re-appointment moves the due date used for statistics"),
        default=False,
        help_text=_("UNCONFIRMED (tthc_indicators.md §2.4); provincial reports still count such dossiers late."),
    )
    online_needs_electronic_result = models.BooleanField(
        _("an online dossier of a paper-result procedure counts as online only with an electronic result"),
        default=True,
        help_text=_("[F766] 3.3."),
    )
    #: Default PAUSE: [F766] 2.1 subtracts the supplement time, counted here in the procedure's own unit
    #: (working days, working hours or days; tthc_indicators.md §3.1, §3.4). RESTART: NĐ 61/2018 Điều 19,
    #: "the time limit is counted again from the start once the complete dossier is received" (§2.4).
    supplement_rule = models.CharField(
        _("supplement time"),
        max_length=16,
        choices=SupplementRule.choices,
        default=SupplementRule.PAUSE,
        help_text=_(
            "[F766] 2.1: the citizen's supplement time is subtracted, counted in the procedure's time unit; "
            "NĐ 61/2018 Điều 19: the time limit restarts once the supplement is complete."
        ),
    )
    #: Default PENDING: [F766] 2.1 states "more than one request is late" as the exception to the rule for a
    #: supplement the citizen has not yet brought (tthc_indicators.md §3.1). ALL extends it to every dossier.
    too_many_supplements_applies_to = models.CharField(
        _("the supplement-request limit applies to"),
        max_length=16,
        choices=TooManySupplementsScope.choices,
        default=TooManySupplementsScope.PENDING,
        help_text=_("[F766] 2.1 states it for dossiers whose supplement is pending."),
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("counting rules")
        verbose_name_plural = _("counting rules")
        ordering = ["effective_from"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.effective_from:%d/%m/%Y}"


class DueRule(models.Model):
    """The rule that produced stored due dates (quy tắc tính ngày hẹn trả): convention, unit and calendar.

    Kept with every dossier so that a later calendar correction does not silently rewrite history.
    """

    SOURCE_SYSTEM = "source-system/appointment"

    rule_id = models.CharField(_("rule"), max_length=200, unique=True)
    description = models.TextField(_("description"))
    days_off = models.JSONField(_("extra days off"), default=list, blank=True)
    working_days = models.JSONField(_("extra working days"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("due-date rule")
        verbose_name_plural = _("due-date rules")
        ordering = ["rule_id"]

    def __str__(self) -> str:
        return self.rule_id

    @property
    def in_words(self) -> str:
        """The rule as a person reads it on a dossier's page (the identifier stays for the API and the audit)."""
        if self.rule_id == self.SOURCE_SYSTEM:
            return str(_("appointment date given by the one-stop-shop system"))
        parts = self.rule_id.split("/")
        units = {"working_day": _("working days"), "calendar_day": _("days"), "working_hour": _("working hours"),
                 "month": _("months")}
        unit = units.get(parts[3]) if len(parts) > 3 else None
        if unit is None:
            return str(_("counted by the platform's calendar"))
        return str(_("counted in {unit} from the day after reception; a deadline on a day off moves to the next working "
                     "day (Civil Code 2015, Articles 147–148)")).format(unit=unit)


class ProcedureQuerySet(UnitScopedQuerySet):
    def visible_to(self, user, perm: str, on: dt.date | None = None):
        """A catalogue published by a unit applies below it: viewing reaches ancestors' catalogues too."""
        reach = visible_unit_ids(user, perm, on=on)
        if perm != Perm.VIEW or not reach:
            return self.filter(unit_id__in=reach)
        graph = UnitGraph.load()
        owners = set(reach)
        for unit_id in reach:
            owners.update(graph.ancestors(unit_id))
        return self.filter(unit_id__in=owners)


class Procedure(models.Model):
    """One administrative procedure of the catalogue (thủ tục hành chính, TTHC) published by a unit."""

    unit_field = "unit"

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("publishing unit"),
        on_delete=models.PROTECT,
        related_name="procedures",
        help_text=_("The unit whose catalogue lists the procedure; it applies to every unit below it."),
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=500)
    sector = models.CharField(_("field"), max_length=255, help_text=_("Lĩnh vực, e.g. Xây dựng, Hộ tịch."))
    level = models.CharField(_("level"), max_length=16, choices=ProcedureLevel.choices)
    processing_time = models.DecimalField(
        _("maximum processing time"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )
    processing_unit = models.CharField(_("processing time unit"), max_length=16, choices=ProcessingUnit.choices)
    online_level = models.CharField(_("online service level"), max_length=16, choices=OnlineLevel.choices)
    fee = models.DecimalField(
        _("fee (VND)"), max_digits=14, decimal_places=0, default=0, validators=[MinValueValidator(0)]
    )
    paper_result = models.BooleanField(_("result is a paper document"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["sector", "code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("procedures:procedure_detail", args=[self.pk])

    @property
    def processing_time_text(self) -> str:
        """The limit as citizens read it: "15 ngày làm việc", "4 giờ", and "Trong ngày" for a same-day procedure."""
        if self.processing_time is None:
            return ""
        if not self.processing_time:
            return str(_("Within the day"))
        amount = f"{self.processing_time:f}"
        if "." in amount:
            amount = amount.rstrip("0").rstrip(".")
        amount = amount.replace(".", ",")
        return f"{amount} {self.get_processing_unit_display()}"


#: The seven parts a published procedure must show (NĐ 63/2010 Điều 8 khoản 2; [F766] 1.3), as field names.
PUBLICATION_COMPONENTS = (
    "shows_name", "shows_steps", "shows_methods", "shows_dossier", "shows_time_limit", "shows_applicants", "shows_agency",
)


class ProcedurePublication(models.Model):
    """One publication decision that lists a procedure (quyết định công bố TTHC, QĐCB) and how it was published.

    Feeds QĐ 766 group 1 (tthc_indicators.md §4.2): 1.1 compares ``decision_date`` with
    ``legal_basis_effective_on``; 1.2 compares ``national_database_published_on`` with
    ``decision_date``; 1.3 reads the seven ``shows_*`` parts of the latest decision; TT 01/2018
    Chỉ số 6 reads ``posted_at_one_stop`` and the national-database date.
    """

    unit_field = "procedure__unit"

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="publications"
    )
    decision_number = models.CharField(_("publication decision number"), max_length=100)
    decision_date = models.DateField(_("publication decision date"))
    legal_basis_effective_on = models.DateField(
        _("legal basis in force from"), null=True, blank=True,
        help_text=_("The date the legal document the procedure comes from takes effect."),
    )
    national_database_published_on = models.DateField(
        _("published on the national database on"), null=True, blank=True,
        help_text=_("The day the procedure was made public on the national TTHC database."),
    )
    posted_at_one_stop = models.BooleanField(_("posted at the one-stop"), default=False)
    shows_name = models.BooleanField(_("shows the name"), default=False)
    shows_steps = models.BooleanField(_("shows the steps"), default=False)
    shows_methods = models.BooleanField(_("shows how to apply"), default=False)
    shows_dossier = models.BooleanField(_("shows the dossier components and number"), default=False)
    shows_time_limit = models.BooleanField(_("shows the time limit"), default=False)
    shows_applicants = models.BooleanField(_("shows who may apply"), default=False)
    shows_agency = models.BooleanField(_("shows the competent agency"), default=False)
    history = HistoricalRecords()

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("procedure publication")
        verbose_name_plural = _("procedure publications")
        ordering = ["procedure", "decision_date", "decision_number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "decision_number"], name="procedure_publication_decision"),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.decision_date:%d/%m/%Y})"

    def clean(self) -> None:
        published = self.national_database_published_on
        if published is not None and self.decision_date is not None and published < self.decision_date:
            raise ValidationError({"national_database_published_on": _(
                "The date published on the national database ({published}) is before the publication decision "
                "({decision})."
            ).format(published=f"{published:%d/%m/%Y}", decision=f"{self.decision_date:%d/%m/%Y}")})

    def is_complete(self) -> bool:
        return all(getattr(self, name) for name in PUBLICATION_COMPONENTS)


class DossierEvaluation(models.Model):
    """One evaluation of a resolved dossier under TT 01/2018/TT-VPCP Điều 13 (phiếu đánh giá giải quyết TTHC).

    Points 0, 1 or 2 for the per-dossier indices that come from evaluation forms, devices and the
    online evaluation function (Điều 14): 1 total time, 2 each agency's time, 3 contacts with the
    reception point, 4 agencies contacted, 7 officials' attitude. An empty index was not evaluated.
    Indices 1 and 3 fall back to the dossier's own facts when empty (``cchc.indicators.tt01``).
    """

    unit_field = "dossier__unit"

    dossier = models.OneToOneField(
        "Dossier", verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="evaluation"
    )
    total_time = models.PositiveSmallIntegerField(_("index 1: total resolution time"), null=True, blank=True,
                                                  choices=POINTS)
    agency_time = models.PositiveSmallIntegerField(_("index 2: each agency's time"), null=True, blank=True,
                                                   choices=POINTS)
    contacts = models.PositiveSmallIntegerField(_("index 3: contacts to complete the dossier"), null=True,
                                                blank=True, choices=POINTS)
    agencies_contacted = models.PositiveSmallIntegerField(_("index 4: agencies contacted"), null=True, blank=True,
                                                          choices=POINTS)
    attitude = models.PositiveSmallIntegerField(_("index 7: officials' attitude"), null=True, blank=True,
                                                choices=POINTS)
    evaluated_on = models.DateField(_("evaluated on"))

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier evaluation")
        verbose_name_plural = _("dossier evaluations")
        ordering = ["-evaluated_on"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.evaluated_on:%d/%m/%Y}"


class IngestBatch(models.Model):
    """One file import or API push of dossiers (lô dữ liệu hồ sơ): who sent it, when, what changed."""

    unit_field = "unit"

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("sender's unit"), on_delete=models.PROTECT, related_name="dossier_batches"
    )
    source = models.CharField(_("source"), max_length=8, choices=BatchSource.choices)
    name = models.CharField(_("file or batch name"), max_length=255, blank=True)
    created = models.PositiveIntegerField(_("dossiers created"), default=0)
    updated = models.PositiveIntegerField(_("dossiers updated"), default=0)
    unchanged = models.PositiveIntegerField(_("dossiers unchanged"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier batch")
        verbose_name_plural = _("dossier batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.name}".strip()


class Dossier(models.Model):
    """One application for a procedure (hồ sơ TTHC) as the one-stop system reports it.

    Facts come from the one-stop system; the ``derived`` columns are computed from them when the
    dossier is stored (rules in ``cchc.procedures.classification``) so that counting is a sum.
    """

    unit_field = "unit"

    code = models.CharField(_("dossier code"), max_length=64, unique=True)
    # The four references keep their database foreign-key constraints (a safety net under raw SQL and
    # manual repairs). ``dossiers_ingest`` also checks them once per batch and locks the rows it refers
    # to (FOR KEY SHARE) until it commits, so a missing reference is a clear error before any COPY.
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="dossiers"
    )
    # Indexed by the (unit, day) indexes below, whose first column serves unit lookups too.
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("receiving unit"), on_delete=models.PROTECT, related_name="dossiers", db_index=False,
    )
    received_at = models.DateTimeField(_("received at"))
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=16, choices=DossierStatus.choices, default=DossierStatus.IN_PROGRESS)
    due_date = models.DateField(_("appointment date"))
    # Rules and batches are few and never deleted in bulk: no index to maintain on every insert.
    due_rule = models.ForeignKey(
        DueRule, verbose_name=_("due-date rule"), on_delete=models.PROTECT, related_name="+", db_index=False,
    )
    extended_due_date = models.DateField(_("new appointment date"), null=True, blank=True)
    apology_issued_on = models.DateField(_("apology letter issued on"), null=True, blank=True)
    supplement_requests = models.PositiveSmallIntegerField(_("supplement requests"), default=0)
    supplement_requested_at = models.DateTimeField(_("supplement requested at"), null=True, blank=True)
    supplement_completed_at = models.DateTimeField(_("supplement completed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    fee_amount = models.DecimalField(
        _("fee charged (VND)"), max_digits=14, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    paid_online = models.BooleanField(_("paid online"), default=False)
    components_digitised = models.BooleanField(_("components digitised"), default=False)
    electronic_result = models.BooleanField(_("electronic result issued"), default=False)
    # QĐ 766 chỉ số 4.3–4.5 (tthc_indicators.md §4.2): one flag each, as the one-stop system synchronises them.
    reused_digitised_data = models.BooleanField(
        _("re-uses digitised data"), default=False,
        help_text=_("At least one component re-uses digitised data ([F766] 4.3)."),
    )
    shared_data = models.BooleanField(
        _("uses shared data"), default=False,
        help_text=_("At least one component taken from the citizen's data store on the national portal ([F766] 4.4)."),
    )
    population_data = models.BooleanField(
        _("uses the population database"), default=False,
        help_text=_("VNeID-authenticated account or data taken from the population database ([F766] 4.5)."),
    )
    # derived when stored
    received_on = models.DateField(_("reception day"))
    finished_on = models.DateField(_("finish day"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    overdue_from = models.DateField(_("overdue from"), null=True, blank=True)
    resolution_days = models.IntegerField(_("resolution time (working days)"), null=True, blank=True)
    counts_online = models.BooleanField(_("counts as online"), default=False)
    owes_fee = models.BooleanField(_("owes a fee"), default=False)
    counts_digitised = models.BooleanField(_("counts as digitised"), default=False)
    needs_electronic_result = models.BooleanField(_("paper-result procedure"), default=False)
    is_demo = models.BooleanField(_("demo data"), default=False)
    batch = models.ForeignKey(
        IngestBatch, verbose_name=_("last batch"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        db_index=False,
    )
    updated_at = models.DateTimeField(_("updated at"))

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["unit", "received_on"], name="dossier_unit_received"),
            models.Index(fields=["unit", "finished_on"], name="dossier_unit_finished"),
            models.Index(fields=["unit", "overdue_from"], name="dossier_unit_overdue"),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("procedures:dossier_detail", args=[self.pk])

    def is_open(self) -> bool:
        return self.status == DossierStatus.IN_PROGRESS


class DossierChangeMark(models.Model):
    """A unit and day whose dossier counts changed since the aggregates were last refreshed (đánh dấu thay đổi).

    Written by the dossier writes that are not ingestions (a split line assigned, a data migration), whose
    unit-days are recomputed whole; consumed and deleted by the indicator refresh. Ingestions record what
    they wrote as ``DossierDelta`` instead.
    """

    unit_id = models.BigIntegerField(_("unit"))
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("dossier change mark")
        verbose_name_plural = _("dossier change marks")
        indexes = [models.Index(fields=["unit_id", "day"], name="dossier_change_mark_key")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.day:%d/%m/%Y}"


class DossierDelta(models.Model):
    """Dossiers an ingestion wrote that the aggregates have not counted yet (hồ sơ chờ cộng dồn vào số liệu).

    ``first_id``–``last_id`` are the ids written: a run of new dossiers, or one updated dossier. For an
    update the row also keeps what the aggregates count of the dossier before it (the columns they
    read, and its split line), so the refresh subtracts that and adds the dossier as it now is instead
    of recomputing whole unit-days (``cchc.indicators.services``). Consumed and deleted by the refresh.
    """

    first_id = models.BigIntegerField(_("first dossier id"))
    last_id = models.BigIntegerField(_("last dossier id"))
    # before an update (empty for new dossiers): the columns the aggregates read, as Dossier names them
    unit_id = models.BigIntegerField(_("unit"), null=True)
    procedure_id = models.BigIntegerField(_("procedure"), null=True)
    received_on = models.DateField(_("reception day"), null=True)
    finished_on = models.DateField(_("finish day"), null=True)
    overdue_from = models.DateField(_("overdue from"), null=True)
    outcome = models.CharField(_("outcome"), max_length=16, null=True)
    channel = models.CharField(_("channel"), max_length=8, null=True)
    counts_online = models.BooleanField(_("counts as online"), null=True)
    paid_online = models.BooleanField(_("paid online"), null=True)
    owes_fee = models.BooleanField(_("owes a fee"), null=True)
    counts_digitised = models.BooleanField(_("counts as digitised"), null=True)
    resolution_days = models.IntegerField(_("resolution time (working days)"), null=True)
    needs_electronic_result = models.BooleanField(_("paper-result procedure"), null=True)
    electronic_result = models.BooleanField(_("electronic result issued"), null=True)
    apology_issued_on = models.DateField(_("apology letter issued on"), null=True)
    line = models.CharField(_("split line"), max_length=255, null=True)

    class Meta:
        verbose_name = _("dossier delta")
        verbose_name_plural = _("dossier deltas")
        indexes = [models.Index(fields=["first_id"], name="dossier_delta_first")]

    def __str__(self) -> str:
        return f"{self.first_id}–{self.last_id}"


class DossierLine(models.Model):
    """Which new unit each split gave one dossier to (phân chia hồ sơ khi chia tách), as a line of
    ``cchc.units.division``; only dossiers of a unit some split divided have one. Written by the
    indicators' aggregate refresh from the splits' confirmed mappings."""

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("dossier"), primary_key=True, on_delete=models.CASCADE, related_name="split_line"
    )
    line = models.CharField(_("split line"), max_length=255)

    class Meta:
        verbose_name = _("dossier split line")
        verbose_name_plural = _("dossier split lines")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.line}"


class DossierChange(models.Model):
    """One change a file import or API push made to a stored dossier (lịch sử thay đổi hồ sơ).

    Bulk updates bypass the model, so this row is their audit record: the batch that made the
    change, who sent it, and each changed fact as ``{field: [before, after]}``.
    """

    unit_field = "dossier__unit"

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="changes")
    batch = models.ForeignKey(IngestBatch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="dossier_changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"))
    changes = models.JSONField(_("changed facts"), encoder=DjangoJSONEncoder, help_text=_("{field: [before, after]}"))

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier change")
        verbose_name_plural = _("dossier changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.changed_at:%d/%m/%Y %H:%M}"
