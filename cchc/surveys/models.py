"""Satisfaction surveys: versioned questionnaires, campaigns with their access points (link, QR code,
kiosk, paper), the anonymous responses and the tallies the results are read from.

A response stores no name, phone or address of the respondent and no IP address; with the dossier
code it keeps only a keyed hash (for "one answer per dossier") and whether the code matched a dossier.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cchc.surveys.choices import (
    AGE_BANDS,
    EDUCATION,
    LETTERS,
    LIKERT_LABELS,
    SEX,
    Channel,
    QuestionnaireKind,
    Scale,
)
from cchc.units.roles import Perm
from cchc.units.scoping import UnitScopedQuerySet, superior_unit_ids, visible_unit_ids


class QuestionnaireQuerySet(UnitScopedQuerySet):
    def visible_to(self, user, perm: str, on: dt.date | None = None):
        """Questionnaires of the units in reach; to read, also the built-in ones (no unit) and those of the
        units above (a unit may run its superior's questionnaire)."""
        reach = visible_unit_ids(user, perm, on=on)
        if perm == Perm.VIEW and getattr(user, "is_authenticated", False):
            return self.filter(Q(unit__isnull=True) | Q(unit__in=reach) | Q(unit__in=superior_unit_ids(user, on=on)))
        return self.filter(unit__in=reach)


class Questionnaire(models.Model):
    """One version of a questionnaire (phiếu khảo sát): groups of items answered on one scale.

    Built-in questionnaires have no unit and are never edited; a unit copies one for a year and edits
    its copy. A version that has answers is never edited in place: editing it makes the next version
    (``based_on`` points to the one it came from).
    """

    unit_field = "unit"

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="questionnaires",
        help_text=_("Empty for the built-in questionnaires every unit may use."),
    )
    code = models.CharField(_("code"), max_length=40, help_text=_("Shared by every version of the same questionnaire."))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    based_on = models.ForeignKey(
        "self", verbose_name=_("based on"), null=True, blank=True, on_delete=models.SET_NULL, related_name="derived"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("kind"), max_length=16, choices=QuestionnaireKind.choices, default=QuestionnaireKind.SURVEY)
    scale = models.CharField(_("answer scale"), max_length=16, choices=Scale.choices, default=Scale.LIKERT5)
    #: weighted scale only: [{"label": "…", "weight": 100 | None}, …] for A, B, …; a weight of None is not counted
    options = models.JSONField(_("options"), default=list, blank=True)
    title = models.CharField(_("title"), max_length=300)
    intro = models.TextField(_("introduction"), blank=True)
    instructions = models.TextField(_("instructions"), blank=True)
    closing = models.CharField(_("closing line"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True, help_text=_("Where the wording comes from."))
    is_builtin = models.BooleanField(_("built in"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-is_builtin", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code", "version"], name="questionnaire_unit_code_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("surveys:questionnaire", args=[self.pk])

    def choice_list(self) -> list[dict]:
        """The answer choices as shown, in order: value stored, label, weight (None = not counted)."""
        if self.scale == Scale.LIKERT5:
            return [{"value": value, "letter": str(value), "label": label, "weight": value} for value, label in LIKERT_LABELS.items()]
        return [
            {"value": index, "letter": LETTERS[index - 1], "label": option["label"], "weight": option.get("weight")}
            for index, option in enumerate(self.options, start=1)
        ]


class QuestionGroup(models.Model):
    """A group of items (nhóm tiêu chí), e.g. "I. CÔNG CHỨC TRỰC TIẾP GIẢI QUYẾT CÔNG VIỆC"."""

    unit_field = "questionnaire__unit"

    questionnaire = models.ForeignKey(Questionnaire, verbose_name=_("questionnaire"), on_delete=models.CASCADE, related_name="groups")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("question group")
        verbose_name_plural = _("question groups")
        ordering = ["questionnaire", "position"]

    def __str__(self) -> str:
        return self.title


class Item(models.Model):
    """One statement the respondent rates (nhận định), numbered through the questionnaire."""

    unit_field = "questionnaire__unit"

    questionnaire = models.ForeignKey(Questionnaire, verbose_name=_("questionnaire"), on_delete=models.CASCADE, related_name="items")
    group = models.ForeignKey(QuestionGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.CharField(_("text"), max_length=500)
    is_demo = models.BooleanField(
        _("demonstration wording"), default=False, help_text=_("No official text was found; the wording is an example.")
    )

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["questionnaire", "number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class CampaignQuerySet(UnitScopedQuerySet):
    def visible_to(self, user, perm: str, on: dt.date | None = None):
        """Campaigns of the units in reach; to read, also those surveying a unit in reach."""
        reach = visible_unit_ids(user, perm, on=on)
        if perm != Perm.VIEW:
            return self.filter(unit__in=reach)
        surveyed = Campaign.targets.through.objects.filter(unit_id__in=reach).values("campaign_id")
        return self.filter(Q(unit__in=reach) | Q(pk__in=surveyed))


class Campaign(models.Model):
    """A unit runs a questionnaire over a period for itself or units below it (đợt khảo sát)."""

    unit_field = "unit"

    unit = models.ForeignKey("units.Unit", verbose_name=_("running unit"), on_delete=models.PROTECT, related_name="survey_campaigns")
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="campaigns"
    )
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    targets = models.ManyToManyField("units.Unit", verbose_name=_("surveyed units"), related_name="surveyed_in")
    ask_dossier_code = models.BooleanField(
        _("ask for the dossier code"), default=False,
        help_text=_("One answer per dossier code; the page never tells whether a code exists."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:campaign", args=[self.pk])

    def is_open_on(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


def new_token() -> str:
    return secrets.token_urlsafe(12)


class AccessPoint(models.Model):
    """Where people answer a campaign: a public link, a QR code of a unit or a counter, a kiosk."""

    unit_field = "unit"

    campaign = models.ForeignKey(Campaign, verbose_name=pgettext_lazy("survey", "campaign"), on_delete=models.CASCADE, related_name="access_points")
    unit = models.ForeignKey("units.Unit", verbose_name=_("surveyed unit"), on_delete=models.PROTECT, related_name="+")
    counter = models.CharField(_("counter"), max_length=100, blank=True, help_text=_("e.g. Quầy số 3; empty for the whole unit."))
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    token = models.CharField(_("token"), max_length=32, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("access point")
        verbose_name_plural = _("access points")
        ordering = ["campaign", "unit__name", "counter", "channel"]

    def __str__(self) -> str:
        return " · ".join(filter(None, [self.unit.name, self.counter, self.get_channel_display()]))

    def public_path(self) -> str:
        return reverse("surveys_public:answer", args=[self.token])


class Response(models.Model):
    """One filled questionnaire (một phiếu trả lời), anonymous: no name, phone or IP address."""

    unit_field = "unit"

    campaign = models.ForeignKey(Campaign, verbose_name=pgettext_lazy("survey", "campaign"), on_delete=models.PROTECT, related_name="responses")
    access_point = models.ForeignKey(
        AccessPoint, verbose_name=_("access point"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("surveyed unit"), on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    counter = models.CharField(_("counter"), max_length=100, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_on = models.DateField(_("day"))
    month = models.DateField(_("month"), help_text=_("First day of the month of the answer."))
    sector = models.CharField(_("field"), max_length=255, help_text=_("The field (lĩnh vực) of the procedure the respondent had resolved."))
    procedure_text = models.CharField(_("procedure"), max_length=500, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=SEX, blank=True)
    age_band = models.CharField(_("age band"), max_length=8, choices=AGE_BANDS, blank=True)
    education = models.CharField(_("education"), max_length=16, choices=EDUCATION, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    #: answers 4–5 and valid answers of this response (Likert questionnaires), for windows of any length
    satisfied = models.PositiveSmallIntegerField(_("satisfied answers"), default=0)
    valid = models.PositiveSmallIntegerField(_("valid answers"), default=0)
    #: keyed hash of the dossier code (never the code): one answer per dossier and campaign
    dossier_key = models.CharField(_("dossier key"), max_length=64, blank=True, editable=False)
    dossier_matched = models.BooleanField(_("dossier code matched"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("keyed in by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("Paper forms only: the officer who typed the form in."),
    )
    paper_reference = models.CharField(_("paper form number"), max_length=50, blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at", "pk"]
        indexes = [
            models.Index(fields=["unit", "submitted_on"], name="survey_response_unit_day"),
            models.Index(fields=["campaign", "month"], name="survey_response_campaign_month"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "dossier_key"], condition=~Q(dossier_key=""), name="survey_response_one_per_dossier"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.submitted_on:%d/%m/%Y}"


class Answer(models.Model):
    """The choice made for one item of one response (1–5: the Likert point or the option A–E)."""

    unit_field = "response__unit"

    response = models.ForeignKey(Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="answers")
    choice = models.PositiveSmallIntegerField(_("choice"), validators=[MinValueValidator(1), MaxValueValidator(5)])

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "item"], name="survey_answer_once_per_item")]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.item_id}: {self.choice}"


class Tally(models.Model):
    """Counts of answers per month, surveyed unit, field and profile (bảng đếm), kept with every response.

    A row with an item holds how many answers chose 1…5 (``n1`` … ``n5``); a row without an item
    holds the number of responses (``responses``), of paper forms and of matching dossier codes. Results are sums over these rows, so they cost the
    same for a thousand responses as for a million. The same key may appear on several rows (two
    responses written at the same moment); only sums are ever read. ``surveys.services.tallies_rebuild``
    recomputes them from the answers.
    """

    unit_field = "unit"

    campaign = models.ForeignKey(Campaign, verbose_name=pgettext_lazy("survey", "campaign"), on_delete=models.CASCADE, related_name="tallies")
    unit = models.ForeignKey("units.Unit", verbose_name=_("surveyed unit"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    sector = models.CharField(_("field"), max_length=255)
    sex = models.CharField(_("sex"), max_length=8, blank=True)
    age_band = models.CharField(_("age band"), max_length=8, blank=True)
    education = models.CharField(_("education"), max_length=16, blank=True)
    item = models.ForeignKey(Item, verbose_name=_("item"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    responses = models.PositiveIntegerField(_("responses"), default=0)
    paper = models.PositiveIntegerField(_("paper forms"), default=0)
    matched = models.PositiveIntegerField(_("matching dossier codes"), default=0)
    n1 = models.PositiveIntegerField(default=0)
    n2 = models.PositiveIntegerField(default=0)
    n3 = models.PositiveIntegerField(default=0)
    n4 = models.PositiveIntegerField(default=0)
    n5 = models.PositiveIntegerField(default=0)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer tally")
        verbose_name_plural = _("answer tallies")
        indexes = [models.Index(fields=["campaign", "month", "unit"], name="survey_tally_campaign_month")]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.unit_id} {self.month:%m/%Y} {self.item_id or '—'}"
