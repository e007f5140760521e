"""PAR INDEX (Chỉ số cải cách hành chính): criteria sets, campaigns, assessments, scores, evidence, results."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc.parindex.choices import (
    AFTER_SUBMISSION,
    DEFAULT_THRESHOLDS,
    CampaignStatus,
    EvidenceKind,
    EvidenceStage,
    Level,
    Method,
    NodeKind,
    RuleKind,
    RuleSource,
    Stage,
)
from cchc.units.roles import Perm
from cchc.units.scoping import UnitScopedQuerySet, superior_unit_ids, visible_unit_ids

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
POINTS = {"max_digits": 7, "decimal_places": 2}


def _default_thresholds():
    return [dict(row) for row in DEFAULT_THRESHOLDS]


class SteeredQuerySet(UnitScopedQuerySet):
    """Rows a steering unit owns (sets, campaigns): read by its reach, and by the units below it, which
    are evaluated against them."""

    def visible_to(self, user, perm: str, on: dt.date | None = None):
        if perm != Perm.VIEW:
            return super().visible_to(user, perm, on=on)
        path = self.model.unit_field
        ids = visible_unit_ids(user, perm, on=on) | superior_unit_ids(user, on=on)
        return self.filter(**{f"{path}__in": ids})


class CriteriaSet(models.Model):
    """A criteria set (Bộ tiêu chí xác định Chỉ số CCHC) a steering unit issues for one level of units
    and one year, with its legal basis, total points, survey share, classes and bonus and penalty caps.

    Locked (``locked_at``) once any unit has submitted its self-assessment against it.
    """

    unit_field = "unit"

    unit = models.ForeignKey("units.Unit", verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="criteria_sets")
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    title = models.CharField(_("title"), max_length=500)
    legal_basis = models.CharField(
        _("legal basis"), max_length=500, blank=True, help_text=_("e.g. QĐ 1187/QĐ-BNV, and the province's own decision.")
    )
    total_points = models.DecimalField(_("total points"), **POINTS, default=Decimal(100))
    survey_points = models.DecimalField(
        _("survey points"), **POINTS, default=Decimal(0),
        help_text=_("Points of the survey criteria (e.g. 32 of 100); 0: no survey, the appraised points are rescaled to 100."),
    )
    thresholds = models.JSONField(_("classes"), default=_default_thresholds, blank=True)
    bonus_cap = models.DecimalField(_("bonus points cap"), **POINTS, default=Decimal(0))
    penalty_cap = models.DecimalField(_("penalty points cap"), **POINTS, default=Decimal(0))
    is_demo = models.BooleanField(
        _("demo points"), default=False, help_text=_("Points invented for the demonstration, not the official ones.")
    )
    source_set = models.ForeignKey(
        "self", verbose_name=_("copied from"), null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = SteeredQuerySet.as_manager()

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["-year", "level", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "level", "year"], name="parindex_set_unit_level_year")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("parindex:set_detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def appraised_points(self) -> Decimal:
        return self.total_points - self.survey_points


class Criterion(models.Model):
    """A node of a criteria set: an area (lĩnh vực), criterion (tiêu chí) or sub-criterion (tiêu chí thành
    phần), or a bonus or penalty item outside the tree (điểm thưởng, điểm trừ), with its maximum points,
    how it is scored, whether evidence is required, the scoring guidance and options, and the rule that
    suggests its score from the platform's data."""

    unit_field = "criteria_set__unit"

    criteria_set = models.ForeignKey(CriteriaSet, verbose_name=_("criteria set"), on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NodeKind.choices, default=NodeKind.CRITERION)
    code = models.CharField(_("code"), max_length=32)
    title = models.TextField(_("title"))
    max_points = models.DecimalField(_("maximum points"), **POINTS, validators=[MinValueValidator(0)])
    method = models.CharField(_("method"), max_length=16, choices=Method.choices, default=Method.APPRAISAL)
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    guidance = models.TextField(_("scoring guidance"), blank=True)
    options = models.JSONField(_("scoring options"), default=list, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    is_leaf = models.BooleanField(_("scored directly"), default=True)
    rule_kind = models.CharField(_("suggestion rule"), max_length=16, choices=RuleKind.choices, blank=True)
    rule_source = models.CharField(_("data the rule reads"), max_length=16, choices=RuleSource.choices, blank=True)
    rule_params = models.JSONField(_("rule parameters"), default=dict, blank=True)
    history = HistoricalRecords()

    objects = SteeredQuerySet.as_manager()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="parindex_criterion_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def is_scored_by_unit(self) -> bool:
        """A leaf the unit scores itself (everything but survey-only leaves), or a bonus or penalty item."""
        return self.is_leaf and (self.kind != NodeKind.CRITERION or self.method != Method.SURVEY)

    @property
    def has_survey(self) -> bool:
        return self.is_leaf and self.kind == NodeKind.CRITERION and self.method in (Method.SURVEY, Method.BOTH)

    @property
    def has_rule(self) -> bool:
        return bool(self.rule_kind and self.rule_source)


class AssessmentCampaign(models.Model):
    """A year's assessment (đợt đánh giá, chấm điểm Chỉ số CCHC) a steering unit opens for the units of a
    level below it, against one criteria set, with its deadlines in working days: self-assessment,
    appraisal, explanation window (giải trình) and publication."""

    unit_field = "unit"

    unit = models.ForeignKey("units.Unit", verbose_name=_("steering unit"), on_delete=models.PROTECT, related_name="par_campaigns")
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("criteria set"), on_delete=models.PROTECT, related_name="campaigns"
    )
    title = models.CharField(_("title"), max_length=500)
    opens_on = models.DateField(_("opens on"))
    self_days = models.PositiveSmallIntegerField(_("working days for self-assessment"))
    appraisal_days = models.PositiveSmallIntegerField(_("working days for appraisal"))
    explanation_days = models.PositiveSmallIntegerField(_("working days for explanations"))
    publication_days = models.PositiveSmallIntegerField(_("working days to publication"))
    self_due = models.DateField(_("self-assessment due"))
    appraisal_due = models.DateField(_("appraisal due"))
    explanation_due = models.DateField(_("explanations due"))
    publication_due = models.DateField(_("publication due"))
    survey_conducted = models.BooleanField(
        _("survey conducted"), default=True, help_text=_("Without a survey the appraised points are rescaled to 100.")
    )
    status = models.CharField(_("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.OPEN)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = SteeredQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment campaign")
        verbose_name_plural = _("assessment campaigns")
        ordering = ["-criteria_set__year", "pk"]
        constraints = [models.UniqueConstraint(fields=["criteria_set"], name="parindex_campaign_per_set")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("parindex:campaign_detail", args=[self.pk])

    @property
    def year(self) -> int:
        return self.criteria_set.year

    @property
    def is_published(self) -> bool:
        return self.status == CampaignStatus.PUBLISHED


class AssessmentQuerySet(UnitScopedQuerySet):
    pass


class Assessment(models.Model):
    """One unit's scorecard in a campaign (bảng điểm tự đánh giá và thẩm định), moving through its stages:
    self-assessment → submitted → appraisal round 1 → explanation → round 2 → final. Each lock (chốt
    điểm) records who and when."""

    unit_field = "unit"

    campaign = models.ForeignKey(AssessmentCampaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="assessments")
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="par_assessments")
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.SELF)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    preliminary_at = models.DateTimeField(_("preliminary result sent at"), null=True, blank=True)
    explanations_locked_at = models.DateTimeField(_("explanations locked at"), null=True, blank=True)
    explanations_locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("explanations locked by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    final_at = models.DateTimeField(_("appraisal locked at"), null=True, blank=True)
    final_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("appraisal locked by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["campaign", "unit__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="parindex_assessment_once")]

    def __str__(self) -> str:
        return f"{self.campaign} – {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("parindex:assessment", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.stage in AFTER_SUBMISSION


class Score(models.Model):
    """The score of one criterion (or bonus, penalty item) in one assessment, every value side by side:
    the unit's self score and note, the suggestion it accepted or overrode (with the reason), the
    first-round appraised score and comment, the unit's explanation, the second-round score and
    comment, and the survey points. Every change is in the audit history."""

    unit_field = "assessment__unit"

    assessment = models.ForeignKey(Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores")
    self_points = models.DecimalField(_("self score"), **POINTS, null=True, blank=True)
    self_note = models.TextField(
        _("note"), blank=True, help_text=_("How the unit scored it; required when evidence is required and none is attached.")
    )
    suggested_points = models.DecimalField(_("suggested score"), **POINTS, null=True, blank=True)
    suggestion_accepted = models.BooleanField(_("suggestion accepted"), null=True, blank=True)
    override_reason = models.TextField(_("reason for not following the suggestion"), blank=True)
    appraised_points = models.DecimalField(_("appraised score, round 1"), **POINTS, null=True, blank=True)
    appraisal_comment = models.TextField(_("appraiser's comment, round 1"), blank=True)
    explanation_requested = models.BooleanField(_("explanation requested"), default=False)
    explanation = models.TextField(_("unit's explanation"), blank=True)
    final_points = models.DecimalField(_("appraised score, round 2"), **POINTS, null=True, blank=True)
    final_comment = models.TextField(_("appraiser's comment, round 2"), blank=True)
    survey_points = models.DecimalField(_("survey points"), **POINTS, null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["assessment", "criterion__position"]
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="parindex_score_once")]

    def __str__(self) -> str:
        return f"{self.assessment} – {self.criterion.code}"

    @property
    def appraisal_value(self) -> Decimal | None:
        """The appraised value in force: round 2, else round 1, else the self score once appraisal began."""
        if self.final_points is not None:
            return self.final_points
        if self.appraised_points is not None:
            return self.appraised_points
        return self.self_points

    @property
    def contested(self) -> bool:
        return bool(self.explanation.strip())


def score_evidence_path(instance: ScoreEvidence, filename: str) -> str:
    """Stored under a random name: the name a user gave never reaches the file system."""
    today = timezone.localdate()
    return f"parindex/{today:%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class ScoreEvidence(models.Model):
    """A piece of evidence (tài liệu kiểm chứng) for a score: a file uploaded for it, or a link to a record
    the platform already holds (the issued plan, a task's progress evidence, a submitted report), so the
    file is never uploaded twice. Added at self-assessment or with an explanation."""

    unit_field = "score__assessment__unit"

    score = models.ForeignKey(Score, verbose_name=_("score"), on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices)
    stage = models.CharField(_("added at"), max_length=16, choices=EvidenceStage.choices, default=EvidenceStage.SELF)
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=score_evidence_path, blank=True, max_length=255)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), default=0)
    plan = models.ForeignKey("plans.Plan", verbose_name=_("plan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    task_evidence = models.ForeignKey(
        "plans.Evidence", verbose_name=_("task evidence"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    report = models.ForeignKey(
        "reporting.Report", verbose_name=_("report"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("score evidence")
        verbose_name_plural = _("score evidence")
        ordering = ["score", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="upload", plan__isnull=True, task_evidence__isnull=True, report__isnull=True)
                    | Q(kind="plan", plan__isnull=False) | Q(kind="task_evidence", task_evidence__isnull=False)
                    | Q(kind="report", report__isnull=False)
                ),
                name="parindex_evidence_kind_matches",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Where the evidence opens: its file, or the record it links to."""
        if self.kind == EvidenceKind.UPLOAD:
            return reverse("parindex:evidence_file", args=[self.pk])
        if self.kind == EvidenceKind.PLAN:
            return reverse("plans:detail", args=[self.plan_id])
        if self.kind == EvidenceKind.TASK_EVIDENCE:
            return reverse("plans:evidence_file", args=[self.task_evidence_id])
        return reverse("reporting:report_detail", args=[self.report_id])


class ResultQuerySet(UnitScopedQuerySet):
    def visible_to(self, user, perm: str, on: dt.date | None = None):
        """A published result is read wherever its campaign is (the announced ranking of the level)."""
        if perm != Perm.VIEW:
            return super().visible_to(user, perm, on=on)
        campaigns = AssessmentCampaign.objects.visible_to(user, perm, on=on).values("pk")
        return self.filter(Q(unit__in=visible_unit_ids(user, perm, on=on)) | Q(campaign__in=campaigns))


class Result(models.Model):
    """A unit's published PAR INDEX for a campaign (kết quả Chỉ số CCHC công bố): points, index, class,
    rank within the level, area sub-indices and the criteria where it lost most, kept as announced."""

    unit_field = "unit"

    campaign = models.ForeignKey(AssessmentCampaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="par_results")
    appraised_points = models.DecimalField(_("appraised points"), **POINTS)
    survey_points = models.DecimalField(_("survey points"), **POINTS)
    bonus_points = models.DecimalField(_("bonus points"), **POINTS, default=Decimal(0))
    penalty_points = models.DecimalField(_("penalty points"), **POINTS, default=Decimal(0))
    max_points = models.DecimalField(_("maximum points"), **POINTS)
    index = models.DecimalField(_("index (%)"), **POINTS)
    label = models.CharField(_("class"), max_length=32, blank=True)
    rank = models.PositiveIntegerField(_("rank"))
    index_change = models.DecimalField(_("change of the index against last year"), **POINTS, null=True, blank=True)
    rank_change = models.IntegerField(_("ranks gained against last year"), null=True, blank=True)
    areas = models.JSONField(_("area sub-indices"), default=list, blank=True)
    lost = models.JSONField(_("criteria with the most points lost"), default=list, blank=True)
    history = HistoricalRecords()

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["campaign", "rank", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="parindex_result_once")]

    def __str__(self) -> str:
        return f"{self.campaign} – {self.unit}: {self.index}"
