from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cchc.core.api import ScopedPrimaryKeyRelatedField
from cchc.inspections import selectors
from cchc.inspections.choices import AnswerResult, CoverageBasis
from cchc.inspections.models import (
    ChecklistAnswer,
    ChecklistItem,
    Finding,
    Inspection,
    InspectionPlan,
    RemediationDecision,
    RemediationItem,
    RemediationUpdate,
)
from cchc.plans.api.serializers import EvidenceRecordSerializer, EvidenceSerializer, NotEmptyMixin
from cchc.plans.choices import ReformArea, TaskStatus
from cchc.plans.models import Task
from cchc.units.models import Unit

USERNAMES_HELP = _("Usernames of the team's members; each holds a role at the inspecting unit or a unit below it.")


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "position", "area", "text"]
        read_only_fields = fields


class ChecklistItemWriteSerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=ReformArea.choices, required=False, allow_blank=True, default="")
    text = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class CoverageSerializer(serializers.Serializer):
    inspected = serializers.IntegerField()
    expected = serializers.IntegerField()
    planned = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    target = serializers.DecimalField(max_digits=5, decimal_places=2)
    meets_target = serializers.BooleanField(allow_null=True)


class InspectionPlanSerializer(serializers.ModelSerializer):
    team = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    team_lead = serializers.SlugRelatedField(slug_field="username", read_only=True)
    checklist = ChecklistItemSerializer(many=True, read_only=True)
    coverage = serializers.SerializerMethodField()

    class Meta:
        model = InspectionPlan
        fields = ["id", "unit", "year", "title", "number", "issued_on", "coverage_basis", "coverage_target", "task", "team",
                  "team_lead", "checklist", "coverage"]
        read_only_fields = fields

    @extend_schema_field(CoverageSerializer)
    def get_coverage(self, plan) -> dict:
        coverage = selectors.plan_coverage(plan)
        return CoverageSerializer({
            "inspected": coverage.ratio.numerator, "expected": coverage.ratio.denominator,
            "planned": coverage.planned.numerator, "percent": coverage.ratio.percent(), "target": plan.coverage_target,
            "meets_target": coverage.meets,
        }).data


class InspectionPlanUpdateSerializer(NotEmptyMixin, serializers.Serializer):
    """Changes to an inspection plan (any of the fields)."""

    title = serializers.CharField(max_length=500, required=False)
    number = serializers.CharField(max_length=64, required=False, allow_blank=True)
    issued_on = serializers.DateField(required=False, allow_null=True)
    coverage_basis = serializers.ChoiceField(choices=CoverageBasis.choices, required=False)
    coverage_target = serializers.DecimalField(max_digits=5, decimal_places=2, required=False,
                                               help_text=_("Share of the units to inspect in the year, e.g. 40."))
    task = ScopedPrimaryKeyRelatedField(queryset=Task.objects.all(), required=False, allow_null=True)
    team = serializers.ListField(child=serializers.CharField(max_length=150), required=False, help_text=USERNAMES_HELP)
    team_lead = serializers.CharField(max_length=150, required=False, allow_blank=True)


class InspectionPlanWriteSerializer(InspectionPlanUpdateSerializer):
    """A new inspection plan of a unit for a year, with its checklist."""

    unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=500)
    coverage_target = serializers.DecimalField(max_digits=5, decimal_places=2,
                                               help_text=_("Share of the units to inspect in the year, e.g. 40."))
    checklist = ChecklistItemWriteSerializer(many=True, required=False, default=list)


class AnswerSerializer(serializers.ModelSerializer):
    evidence = EvidenceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ChecklistAnswer
        fields = ["id", "item", "result", "note", "evidence"]
        read_only_fields = fields


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = ["id", "position", "text"]
        read_only_fields = fields


class InspectionSerializer(serializers.ModelSerializer):
    inspecting_unit = serializers.IntegerField(source="plan.unit_id", read_only=True)
    team = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    team_lead = serializers.SlugRelatedField(slug_field="username", read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)
    findings = FindingSerializer(many=True, read_only=True)
    items = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "plan", "inspecting_unit", "unit", "planned_month", "status", "inspected_on", "team", "team_lead",
                  "summary", "conclusion_number", "conclusion_date", "signer_name", "signer_title", "answers", "findings",
                  "items"]
        read_only_fields = fields


class ScheduleSerializer(serializers.Serializer):
    plan = ScopedPrimaryKeyRelatedField(queryset=InspectionPlan.objects.all())
    unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all())
    planned_month = serializers.IntegerField(min_value=1, max_value=12, required=False, allow_null=True, default=None)


class RecordSerializer(serializers.Serializer):
    inspected_on = serializers.DateField()
    team = serializers.ListField(child=serializers.CharField(max_length=150), required=False, help_text=USERNAMES_HELP)
    team_lead = serializers.CharField(max_length=150, required=False, allow_blank=True)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    conclusion_number = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    conclusion_date = serializers.DateField(required=False, allow_null=True, default=None)
    signer_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    signer_title = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class AnswerWriteSerializer(serializers.Serializer):
    item = serializers.IntegerField(min_value=1, help_text=_("Id of a line of the plan's checklist."))
    result = serializers.ChoiceField(choices=AnswerResult.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = EvidenceRecordSerializer(required=False, allow_null=True, default=None)


class FindingWriteSerializer(serializers.Serializer):
    finding = serializers.CharField(allow_blank=True, help_text=_("The shortcoming found (tồn tại, hạn chế)."))
    recommendation = serializers.CharField(required=False, allow_blank=True, default="")
    due_working_days = serializers.IntegerField(required=False, allow_null=True, default=None)
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


class RemediationUpdateSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = RemediationUpdate
        fields = ["id", "unit", "status", "percent", "note", "reported_on", "lateness_reason", "created_by", "created_at",
                  "evidence"]
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    evidence = EvidenceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = RemediationDecision
        fields = ["id", "kind", "decided_on", "note", "evidence", "created_by"]
        read_only_fields = fields


class RemediationItemSerializer(serializers.ModelSerializer):
    inspecting_unit = serializers.IntegerField(source="inspection.plan.unit_id", read_only=True)
    finding = serializers.CharField(source="finding.text", read_only=True, allow_null=True, default=None)
    updates = RemediationUpdateSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = RemediationItem
        fields = ["id", "inspection", "inspecting_unit", "unit", "finding", "text", "due_from", "due_working_days", "due_date",
                  "status", "progress", "percent", "completed_on", "closed_on", "updates", "decisions"]
        read_only_fields = fields


class RemediationProgressSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=TaskStatus.choices)
    percent = serializers.IntegerField(min_value=0, max_value=100)
    reported_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    lateness_reason = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = EvidenceRecordSerializer(many=True, required=False, default=list)


class CloseSerializer(serializers.Serializer):
    closed_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = EvidenceRecordSerializer(required=False, allow_null=True, default=None)


class ReopenSerializer(serializers.Serializer):
    reopened_on = serializers.DateField()
    reason = serializers.CharField(allow_blank=True)
