from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cchc.core.api import ScopedPrimaryKeyRelatedField
from cchc.parindex.choices import Level, RuleKind, RuleSource, Stage
from cchc.parindex.models import (
    Assessment,
    AssessmentCampaign,
    CriteriaSet,
    Criterion,
    Result,
    Score,
    ScoreEvidence,
)
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import user_can


class CriterionSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", read_only=True, default=None, allow_null=True)
    # declared so that the schema admits "" (a criterion without a suggestion rule): a read-only model field loses allow_blank
    rule_kind = serializers.ChoiceField(choices=RuleKind.choices, allow_blank=True, read_only=True,
                                        label=capfirst(Criterion._meta.get_field("rule_kind").verbose_name))
    rule_source = serializers.ChoiceField(choices=RuleSource.choices, allow_blank=True, read_only=True,
                                          label=capfirst(Criterion._meta.get_field("rule_source").verbose_name))

    class Meta:
        model = Criterion
        fields = ["id", "code", "title", "kind", "parent", "parent_code", "depth", "is_leaf", "max_points", "method",
                  "evidence_required", "guidance", "options", "rule_kind", "rule_source", "rule_params"]
        read_only_fields = fields


class CriteriaSetSerializer(serializers.ModelSerializer):
    class Meta:
        model = CriteriaSet
        fields = ["id", "unit", "level", "year", "title", "legal_basis", "total_points", "survey_points", "thresholds",
                  "bonus_cap", "penalty_cap", "is_demo", "source_set", "locked_at"]
        read_only_fields = fields


class CriteriaSetWriteSerializer(serializers.Serializer):
    """A criteria set as a tree (the shape the Excel import reads): ``{"title", "total_points", "nodes": [...],
    "bonus": [...], "penalty": [...]}``; the service checks it and names the criterion it refuses."""

    unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all(), perm=Perm.STEER)
    level = serializers.ChoiceField(choices=Level.choices)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    tree = serializers.JSONField(help_text=_("title, total_points, nodes [code, title, max_points, parent, method, "
                                             "evidence_required, guidance, options], bonus, penalty"))


class CampaignSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="criteria_set.year", read_only=True)
    level = serializers.CharField(source="criteria_set.level", read_only=True)

    class Meta:
        model = AssessmentCampaign
        fields = ["id", "unit", "criteria_set", "year", "level", "title", "opens_on", "self_due", "appraisal_due",
                  "explanation_due", "publication_due", "survey_conducted", "status", "decision_number", "published_on"]
        read_only_fields = fields


class AssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = ["id", "campaign", "unit", "stage", "submitted_at", "preliminary_at", "explanations_locked_at", "final_at"]
        read_only_fields = fields


class StageSerializer(serializers.Serializer):
    """The stage the caller saw: acting on an assessment that moved on since is refused."""

    stage = serializers.ChoiceField(choices=Stage.choices)


class SelfScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    points = serializers.CharField(max_length=20, required=False, allow_blank=True, allow_null=True, default=None,
                                   help_text=_("As written, e.g. 1,5"))
    note = serializers.CharField(max_length=10_000, required=False, allow_blank=True, allow_null=True, default=None)
    accept_suggestion = serializers.BooleanField(required=False, default=False)
    override_reason = serializers.CharField(max_length=10_000, required=False, allow_blank=True, allow_null=True, default=None)


class AppraiseSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    points = serializers.CharField(max_length=20, required=False, allow_blank=True, allow_null=True, default=None)
    comment = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")
    request_explanation = serializers.BooleanField(required=False, allow_null=True, default=None)


class ExplainSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    text = serializers.CharField(max_length=10_000, allow_blank=True)


class SurveySerializer(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    points = serializers.CharField(max_length=20, allow_blank=True, allow_null=True)


class ScoreEvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ScoreEvidence
        fields = ["id", "kind", "stage", "title", "file_name", "file_size", "plan", "task_evidence", "report", "url"]
        read_only_fields = fields

    def get_url(self, evidence) -> str:
        return evidence.get_absolute_url()


class ScoreSerializer(serializers.ModelSerializer):
    """Every value side by side; the appraisal stays hidden from the unit until the preliminary result is sent."""

    code = serializers.CharField(source="criterion.code", read_only=True)
    evidence = ScoreEvidenceSerializer(many=True, read_only=True)

    HIDDEN_UNTIL_SENT = ("appraised_points", "appraisal_comment", "final_points", "final_comment")

    class Meta:
        model = Score
        fields = ["id", "assessment", "criterion", "code", "self_points", "self_note", "suggested_points", "suggestion_accepted",
                  "override_reason", "appraised_points", "appraisal_comment", "explanation_requested", "explanation",
                  "final_points", "final_comment", "survey_points", "evidence"]
        read_only_fields = fields

    def to_representation(self, score):
        data = super().to_representation(score)
        request = self.context.get("request")
        if not shows_appraisal(request.user if request else None, score.assessment):
            for name in self.HIDDEN_UNTIL_SENT:
                data[name] = None if name.endswith("points") else ""
        return data


def shows_appraisal(user, assessment) -> bool:
    """The appraisal of an assessment is shown to its steering office, and to the unit once sent back."""
    if assessment.stage in (Stage.EXPLANATION, Stage.ROUND2, Stage.FINAL):
        return True
    return user is not None and user_can(user, Perm.STEER, assessment.unit_id) and user_can(user, Perm.STEER,
                                                                                          assessment.campaign.unit_id)


class ResultSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="campaign.criteria_set.year", read_only=True)

    class Meta:
        model = Result
        fields = ["id", "campaign", "year", "unit", "appraised_points", "survey_points", "bonus_points", "penalty_points",
                  "max_points", "index", "label", "rank", "index_change", "rank_change", "areas", "lost"]
        read_only_fields = fields


class RankingRowSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    rank = serializers.IntegerField()
    index = serializers.DecimalField(max_digits=7, decimal_places=2)
    label = serializers.CharField()
    appraised = serializers.DecimalField(max_digits=7, decimal_places=2)
    survey = serializers.DecimalField(max_digits=7, decimal_places=2)
    bonus = serializers.DecimalField(max_digits=7, decimal_places=2)
    penalty = serializers.DecimalField(max_digits=7, decimal_places=2)
    index_change = serializers.DecimalField(source="change.index", max_digits=7, decimal_places=2, allow_null=True)
    rank_change = serializers.IntegerField(source="change.rank", allow_null=True)


class RankingSerializer(serializers.Serializer):
    published = serializers.BooleanField()
    rows = RankingRowSerializer(many=True)
