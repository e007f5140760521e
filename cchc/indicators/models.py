"""Indicator storage: the metric catalogue, precomputed dossier aggregates, and recorded values.

Aggregates follow the DHIS2 analytics-table idea: counts per unit × day × procedure (and per
unit × day), computed from dossier facts, refreshed incrementally by adding what the dossier
writes changed (``cchc.indicators.services``), and rebuilt in full on demand. A value for any window is a sum of
day rows; stocks (carried over, still open, overdue) are running sums of opening and closing
events, so no window needs a pass over the dossiers.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc.units.scoping import UnitScopedQuerySet, visible_unit_ids

#: Counting columns of both aggregate tables, in order. Flows on the day they happen:
#: reception day for "received_*", "paid_online", "owes_fee", "digitised"; finish day for the
#: resolved, returned and result columns; "overdue_opened" on the first overdue day of a dossier
#: still open then, "overdue_closed" on its finish day.
MEASURES = (
    "received_direct",
    "received_online",
    "received_postal",
    "received_online_counted",
    "paid_online",
    "owes_fee",
    "digitised",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "returned_or_withdrawn",
    "resolution_days",
    "paper_result_finished",
    "electronic_result_finished",
    "late_with_apology",
    "overdue_opened",
    "overdue_closed",
)


class MetricKind(models.TextChoices):
    RATIO = "ratio", _("Ratio (%)")
    AVERAGE = "average", _("Average")
    COUNT = "count", _("Count")


class CatalogueQuerySet(models.QuerySet):
    """Reference rows every member of some unit may read (the catalogue belongs to no unit)."""

    def visible_to(self, user, perm: str, on=None):
        return self if visible_unit_ids(user, perm, on=on) else self.none()


class Metric(models.Model):
    """One indicator of the catalogue (chỉ số), e.g. QĐ 766's on-time rate; the code links plan targets to it."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=8, choices=MetricKind.choices)
    definition = models.TextField(_("definition"))
    numerator = models.TextField(_("numerator"), blank=True)
    denominator = models.TextField(_("denominator"), blank=True)
    unit_label = models.CharField(_("unit"), max_length=40)
    source = models.CharField(_("data source"), max_length=255)
    legal_basis = models.CharField(_("legal basis"), max_length=500)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class Measures(models.Model):
    received_direct = models.PositiveIntegerField(_("received directly"), default=0)
    received_online = models.PositiveIntegerField(_("received online"), default=0)
    received_postal = models.PositiveIntegerField(_("received by post"), default=0)
    received_online_counted = models.PositiveIntegerField(_("online dossiers that count as online"), default=0)
    paid_online = models.PositiveIntegerField(_("paid online"), default=0)
    owes_fee = models.PositiveIntegerField(_("owing a fee"), default=0)
    digitised = models.PositiveIntegerField(_("digitised"), default=0)
    resolved_early = models.PositiveIntegerField(_("resolved early"), default=0)
    resolved_on_time = models.PositiveIntegerField(_("resolved on time"), default=0)
    resolved_late = models.PositiveIntegerField(_("resolved late"), default=0)
    returned_or_withdrawn = models.PositiveIntegerField(_("returned or withdrawn"), default=0)
    resolution_days = models.BigIntegerField(_("resolution working days"), default=0)
    paper_result_finished = models.PositiveIntegerField(_("resolved with a paper result"), default=0)
    electronic_result_finished = models.PositiveIntegerField(_("resolved with an electronic result"), default=0)
    late_with_apology = models.PositiveIntegerField(_("late with an apology letter"), default=0)
    overdue_opened = models.PositiveIntegerField(_("became overdue while open"), default=0)
    overdue_closed = models.PositiveIntegerField(_("overdue dossiers closed"), default=0)

    class Meta:
        abstract = True


#: the line of the dossiers a row counts (``cchc.units.division``): empty unless a split divided them
_LINE_HELP = _("Which new unit each split gave these dossiers to; empty for dossiers no split divided.")


class ProcedureDayAggregate(Measures):
    """Dossier counts of one unit, procedure, day and split line (số liệu tổng hợp theo đơn vị, thủ tục, ngày)."""

    unit_field = "unit"
    # The unique (unit, day, procedure, line) index serves every lookup; no separate foreign-key indexes to maintain.
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+", db_index=False)
    procedure = models.ForeignKey(
        "procedures.Procedure", verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField(_("day"))
    line = models.CharField(_("split line"), max_length=255, blank=True, default="", db_default="", help_text=_LINE_HELP)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("procedure day aggregate")
        verbose_name_plural = _("procedure day aggregates")
        constraints = [
            models.UniqueConstraint(fields=["unit", "day", "procedure", "line"], name="procedure_day_aggregate_key")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.procedure_id}/{self.day:%d/%m/%Y}"


class UnitDayAggregate(Measures):
    """Dossier counts of one unit, day and split line, all procedures (số liệu tổng hợp theo đơn vị, ngày)."""

    unit_field = "unit"
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField(_("day"))
    line = models.CharField(_("split line"), max_length=255, blank=True, default="", db_default="", help_text=_LINE_HELP)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit day aggregate")
        verbose_name_plural = _("unit day aggregates")
        constraints = [models.UniqueConstraint(fields=["unit", "day", "line"], name="unit_day_aggregate_key")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.day:%d/%m/%Y}"


class RefreshKind(models.TextChoices):
    FULL = "full", _("Full rebuild")
    INCREMENTAL = "incremental", _("Incremental refresh")


class AggregateRefresh(models.Model):
    """One run of the aggregate refresh (lần cập nhật số liệu tổng hợp): kind, time taken, what it touched."""

    kind = models.CharField(_("kind"), max_length=12, choices=RefreshKind.choices)
    started_at = models.DateTimeField(_("started at"))
    seconds = models.FloatField(_("duration (s)"))
    marks = models.PositiveIntegerField(_("changed unit-days"), default=0)

    class Meta:
        verbose_name = _("aggregate refresh")
        verbose_name_plural = _("aggregate refreshes")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%d/%m/%Y %H:%M}"


class IndicatorValue(models.Model):
    """A recorded value of a metric for a unit and window (giá trị chỉ số), kept as numerator and denominator.

    Recorded on request (e.g. for a report or an external pull) so that the figure stays as it was
    computed; pages compute live values from the aggregates.
    """

    unit_field = "unit"
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    metric = models.ForeignKey(Metric, verbose_name=_("metric"), on_delete=models.PROTECT, related_name="values")
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    numerator = models.DecimalField(_("numerator"), max_digits=20, decimal_places=2)
    denominator = models.DecimalField(_("denominator"), max_digits=20, decimal_places=2)
    computed_at = models.DateTimeField(_("computed at"))

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["unit", "metric__position", "-date_to"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "metric", "date_from", "date_to"], name="indicator_value_key"),
        ]

    def __str__(self) -> str:
        return f"{self.metric_id} {self.date_from:%d/%m/%Y}–{self.date_to:%d/%m/%Y}"


class ScoringRule(models.Model):
    """How one QĐ 766 indicator earns points (quy tắc tính điểm chỉ số 766): its maximum and full-points threshold.

    Loaded from ``cchc.indicators.score766.DEFAULT_RULES``; ``confirmed`` says whether a source
    confirms the figures (tthc_indicators.md §4.1–4.2). Empty table: the defaults apply.
    """

    code = models.CharField(_("indicator"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=255)
    max_points = models.DecimalField(_("maximum points"), max_digits=5, decimal_places=2,
                                     validators=[MinValueValidator(0)])
    full_at = models.DecimalField(
        _("full points from (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
        help_text=_("At or above this rate the indicator earns its maximum; below it, rate × maximum / threshold."),
    )
    confirmed = models.BooleanField(_("confirmed by a source"), default=False)
    source = models.TextField(_("source"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("QĐ 766 scoring rule")
        verbose_name_plural = _("QĐ 766 scoring rules")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
