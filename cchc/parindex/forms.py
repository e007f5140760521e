"""Forms of the PAR INDEX pages. Unit and set choices are limited to the user's reach (``ScopedForm``);
points are text fields read by the services ("1,5" accepted), so a bad number is named by criterion."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.forms import ScopedForm
from cchc.parindex import rules
from cchc.parindex.choices import Level, RuleKind, RuleSource
from cchc.parindex.models import CriteriaSet, Criterion
from cchc.parindex.numbers import format_points
from cchc.units.forms import DateInput
from cchc.units.models import Unit
from cchc.units.roles import Perm

TEXTAREA = forms.Textarea(attrs={"rows": 2})
POINTS_INPUT = forms.TextInput(attrs={"inputmode": "decimal", "size": 6, "autocomplete": "off"})


class ConfirmForm(ScopedForm):
    """An action on one row that takes no data, confirmed by a field (a stray post does nothing)."""

    confirm = forms.ChoiceField(label=_("Confirm"), choices=[("yes", _("Yes"))], widget=forms.HiddenInput, initial="yes")


class CriteriaSetUploadForm(ScopedForm):
    choice_permission = Perm.STEER
    unit = forms.ModelChoiceField(label=_("Issuing unit"), queryset=Unit.objects.filter(valid_to__isnull=True))
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    file = forms.FileField(label=_("Excel file of the criteria set"), help_text=_("The table as the province distributes it (.xlsx)."))


def thresholds_text(rows: list[dict]) -> str:
    return "\n".join(f"{row['label']}: {format_points(Decimal(str(row['min'])))}" for row in rows)


def parse_thresholds(text: str) -> list[dict]:
    """"Tốt: 80" per line → ``[{"label": "Tốt", "min": "80"}]`` (the service checks the values)."""
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        label, sep, minimum = line.rpartition(":")
        if not sep or not label.strip():
            raise forms.ValidationError(_("Line {n}: write the class and its minimum, e.g. Tốt: 80.").format(n=number))
        rows.append({"label": label.strip(), "min": minimum.strip().replace(",", ".")})
    return rows


class CriteriaSetEditForm(ScopedForm):
    title = forms.CharField(label=_("Title"), max_length=500)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=500, required=False)
    thresholds = forms.CharField(
        label=_("Classes"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One class per line with the index it starts at, e.g. “Tốt: 80”; a class starts at its minimum inclusive."),
    )
    bonus_cap = forms.CharField(label=_("Bonus points cap"), max_length=20, widget=POINTS_INPUT)
    penalty_cap = forms.CharField(label=_("Penalty points cap"), max_length=20, widget=POINTS_INPUT)

    def clean_thresholds(self):
        return parse_thresholds(self.cleaned_data["thresholds"])


class CopyForm(ScopedForm):
    year = forms.IntegerField(label=_("Year of the copy"), min_value=2000, max_value=2100)


def parse_table(text: str) -> list[dict]:
    """"95: 1,5" per line → threshold rows (minimum: points)."""
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        minimum, sep, points = line.partition(":")
        if not sep:
            raise forms.ValidationError(_("Line {n}: write the minimum and the points, e.g. 95: 1,5.").format(n=number))
        rows.append({"min": minimum.strip(), "points": points.strip()})
    return rows


NO_RULE = "none"


class RuleForm(ScopedForm):
    """The suggestion rule of a criterion: its kind, the data it reads and the kind's parameters."""

    kind = forms.ChoiceField(label=_("Rule"), choices=[(NO_RULE, _("No rule")), *RuleKind.choices])
    source = forms.ChoiceField(label=_("Data"), choices=[("", "—"), *RuleSource.choices], required=False)
    metric = forms.CharField(label=_("Metric code"), max_length=64, required=False,
                             help_text=_("For “a platform metric”: e.g. on_time_rate, online_share, inspection_coverage."))
    table = forms.CharField(label=_("Threshold table"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                            help_text=_("One row per line: the minimum value and the points, e.g. “95: 1,5”."))
    full_at = forms.CharField(label=_("Value giving full points"), max_length=20, required=False)
    zero_at = forms.CharField(label=_("Value giving no points"), max_length=20, required=False)
    date = forms.CharField(label=_("Date (on or before: full points)"), max_length=10, required=False,
                           widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}))
    late_points = forms.CharField(label=_("Points when later or never"), max_length=20, required=False)

    def clean_table(self):
        return parse_table(self.cleaned_data["table"])

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        return "" if kind == NO_RULE else kind

    def params(self) -> dict:
        data = self.cleaned_data
        kind = data.get("kind")
        params: dict = {}
        if data.get("source") == RuleSource.METRIC:
            params["metric"] = data.get("metric", "").strip()
        if kind == rules.THRESHOLD:
            params["table"] = data.get("table") or []
        elif kind == rules.LINEAR:
            params["full_at"] = data.get("full_at", "")
            if data.get("zero_at"):
                params["zero_at"] = data["zero_at"]
        elif kind == rules.BY_DATE:
            params["date"] = data.get("date", "")
            if data.get("late_points"):
                params["late_points"] = data["late_points"]
        return params


def rule_initial(criterion: Criterion) -> dict:
    params = criterion.rule_params or {}
    return {
        "kind": criterion.rule_kind or NO_RULE, "source": criterion.rule_source, "metric": params.get("metric", ""),
        "table": "\n".join(f"{row.get('min')}: {row.get('points')}" for row in params.get("table", []) if isinstance(row, dict)),
        "full_at": params.get("full_at", ""), "zero_at": params.get("zero_at", ""), "date": params.get("date", ""),
        "late_points": params.get("late_points", ""),
    }


class CampaignForm(ScopedForm):
    choice_permission = Perm.STEER
    unit = forms.ModelChoiceField(label=_("Steering unit"), queryset=Unit.objects.filter(valid_to__isnull=True))
    criteria_set = forms.ModelChoiceField(label=_("Criteria set"), queryset=CriteriaSet.objects.filter(campaigns__isnull=True))
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    self_days = forms.IntegerField(label=_("Working days for self-assessment"), min_value=1, max_value=250, initial=15)
    appraisal_days = forms.IntegerField(label=_("Then working days for appraisal"), min_value=1, max_value=250, initial=15)
    explanation_days = forms.IntegerField(label=_("Then working days for explanations"), min_value=1, max_value=250, initial=5)
    publication_days = forms.IntegerField(label=_("Then working days to publication"), min_value=1, max_value=250, initial=10)
    survey_conducted = forms.BooleanField(label=_("A survey is conducted"), required=False, initial=True)


class CriterionForm(ScopedForm):
    """A row of the assessment page names its criterion by id; the view resolves it within the set."""

    criterion = forms.IntegerField(label=_("Criterion"), widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)


class SelfScoreForm(CriterionForm):
    points = forms.CharField(label=_("Self score"), max_length=20, required=False, widget=POINTS_INPUT)
    note = forms.CharField(label=_("Note"), max_length=10_000, required=False, widget=TEXTAREA)
    accept_suggestion = forms.BooleanField(label=_("Use the suggested score"), required=False)
    override_reason = forms.CharField(label=_("Reason for another score"), max_length=10_000, required=False, widget=TEXTAREA)


class EvidenceForm(CriterionForm):
    file = forms.FileField(label=_("Upload a file"), required=False)
    record = forms.ChoiceField(label=_("Or choose a record the platform holds"), required=False)
    title = forms.CharField(label=_("Title"), max_length=255, required=False)

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = [("", "—"), *choices]


class AppraisalForm(CriterionForm):
    points = forms.CharField(label=_("Appraised score"), max_length=20, required=False, widget=POINTS_INPUT)
    comment = forms.CharField(label=_("Comment"), max_length=10_000, required=False, widget=TEXTAREA)
    request_explanation = forms.BooleanField(label=_("Ask the unit to explain"), required=False)


class ExplanationForm(CriterionForm):
    text = forms.CharField(label=_("Explanation"), max_length=10_000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SurveyScoreForm(CriterionForm):
    points = forms.CharField(label=_("Survey points"), max_length=20, required=False, widget=POINTS_INPUT)


class SurveyImportForm(ScopedForm):
    file = forms.FileField(label=_("Table of survey points (.xlsx or .csv)"),
                           help_text=_("Columns: Mã đơn vị, Mã tiêu chí, Điểm — one row per unit and criterion."))


class PublishForm(ScopedForm):
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, help_text=_("e.g. 125/QĐ-UBND"))
    published_on = forms.DateField(label=_("Decision date"), widget=DateInput())
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100, initial="Chủ tịch")
    signer_name = forms.CharField(label=_("Signer's name"), max_length=100, required=False)
