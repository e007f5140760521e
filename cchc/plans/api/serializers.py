from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cchc.core.api import ScopedPrimaryKeyRelatedField
from cchc.plans.choices import RecurrenceChoice, TaskStatus
from cchc.plans.models import (
    Evidence,
    ManualMeasurement,
    Plan,
    PlanArea,
    PlanVersion,
    ProgressUpdate,
    Target,
    Task,
    TaskPeriod,
)
from cchc.units.models import Unit
from cchc.units.roles import Perm


class ReadablePlanTaskField(ScopedPrimaryKeyRelatedField):
    """A task of a plan the caller may read (a superior plan's task is taken up without taking part in it).

    Any other task reads as a missing id, so a refusal never names another unit's plan."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Task.objects.none()
        readable = Plan.objects.visible_to(request.user, self.perm).values("pk")
        return self.queryset.filter(plan__in=readable)


class LegalBasisSerializer(serializers.Serializer):
    kind = serializers.CharField(required=False, allow_blank=True, max_length=50)
    number = serializers.CharField(max_length=100)
    date = serializers.CharField(required=False, allow_blank=True, max_length=10)
    issuer = serializers.CharField(required=False, allow_blank=True, max_length=255)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)


class PlanSerializer(serializers.ModelSerializer):
    legal_bases = LegalBasisSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id", "unit", "year", "number", "title", "issued_on", "place", "signer_name", "signer_title", "parent_plan",
            "legal_bases", "purpose", "requirements", "goals", "implementation", "status",
        ]
        read_only_fields = fields


class PlanWriteSerializer(serializers.Serializer):
    """A new plan (``unit`` and ``year`` required) or changes to one (any of the other fields)."""

    unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=500)
    number = serializers.CharField(max_length=64, required=False, allow_blank=True)
    place = serializers.CharField(max_length=100, required=False, allow_blank=True)
    # Plans the caller may read (the superior units' issued plans among them); others read as missing.
    parent_plan = ScopedPrimaryKeyRelatedField(queryset=Plan.objects.in_force(), required=False, allow_null=True)
    legal_bases = LegalBasisSerializer(many=True, required=False)
    purpose = serializers.CharField(required=False, allow_blank=True)
    requirements = serializers.CharField(required=False, allow_blank=True)
    goals = serializers.CharField(required=False, allow_blank=True)
    implementation = serializers.CharField(required=False, allow_blank=True)


class NotEmptyMixin:
    """A change must change something: an empty body is refused rather than silently accepted."""

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(_("Send at least one field to change."))
        return super().validate(attrs)


class PlanUpdateSerializer(NotEmptyMixin, PlanWriteSerializer):
    unit = None
    year = None
    title = serializers.CharField(max_length=500, required=False)


class PlanIssueSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=64)
    issued_on = serializers.DateField()
    signer_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    signer_title = serializers.CharField(max_length=100)


class PlanAmendSerializer(serializers.Serializer):
    decision_number = serializers.CharField(max_length=100)
    decided_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PlanVersionSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = PlanVersion
        fields = ["id", "plan", "number", "kind", "decision_number", "decided_on", "note", "created_by", "created_at"]
        read_only_fields = fields


class HistorySerializer(serializers.Serializer):
    """One change in the audit trail."""

    history_id = serializers.IntegerField(source="record.history_id")
    history_date = serializers.DateTimeField(source="record.history_date")
    history_type = serializers.CharField(source="record.history_type", help_text="+ created, ~ changed, - deleted")
    history_user = serializers.CharField(source="record.history_user.username", default=None, allow_null=True)
    fields = serializers.ListField(child=serializers.CharField())


class TaskPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskPeriod
        fields = ["id", "label", "starts_on", "due_date", "status", "percent", "completed_on"]
        read_only_fields = fields


class TaskSerializer(serializers.ModelSerializer):
    area_code = serializers.CharField(source="area.code", read_only=True)
    #: "" when the timeframe names no recurrence (the model field is blank=True)
    recurrence = serializers.ChoiceField(choices=RecurrenceChoice.choices, allow_blank=True, read_only=True)
    periods = TaskPeriodSerializer(many=True, read_only=True)

    class Meta:
        model = Task
        fields = [
            "id", "plan", "area", "area_code", "number", "title", "parent", "source_task", "products", "lead_text",
            "lead_unit", "coordinators_text", "coordinating_units", "timeframe", "due_date", "recurrence",
            "timeframe_needs_review", "timeframe_review_reason", "budget_source", "budget_amount", "status", "percent",
            "periods",
        ]
        read_only_fields = fields


class TaskWriteSerializer(serializers.Serializer):
    """A new task (``plan``, ``area`` and ``title`` required) or changes to one.

    Without ``due_date`` and ``recurrence`` they are read from ``timeframe``.
    """

    plan = ScopedPrimaryKeyRelatedField(queryset=Plan.objects.all())
    area = ScopedPrimaryKeyRelatedField(queryset=PlanArea.objects.all())
    title = serializers.CharField()
    number = serializers.CharField(max_length=32, required=False, allow_blank=True)
    parent = ScopedPrimaryKeyRelatedField(queryset=Task.objects.all(), required=False, allow_null=True)
    source_task = ReadablePlanTaskField(
        queryset=Task.objects.filter(plan__status__in=["issued", "amended"]), required=False, allow_null=True
    )
    products = serializers.ListField(child=serializers.CharField(max_length=255), required=False)
    lead_unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)
    lead_text = serializers.CharField(max_length=255, required=False, allow_blank=True)
    coordinating_units = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all(), many=True, required=False)
    coordinators_text = serializers.CharField(max_length=500, required=False, allow_blank=True)
    timeframe = serializers.CharField(max_length=255, required=False, allow_blank=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    recurrence = serializers.ChoiceField(choices=RecurrenceChoice.choices, required=False, allow_blank=True)
    budget_source = serializers.CharField(max_length=255, required=False, allow_blank=True)
    budget_amount = serializers.DecimalField(max_digits=15, decimal_places=0, min_value=0, required=False, allow_null=True)


class TaskUpdateSerializer(NotEmptyMixin, TaskWriteSerializer):
    plan = None
    area = ScopedPrimaryKeyRelatedField(queryset=PlanArea.objects.all(), required=False)
    title = serializers.CharField(required=False)


class CascadeSerializer(serializers.Serializer):
    units = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all(), perm=Perm.STEER, many=True, allow_empty=False)


class TargetSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField(help_text=_("met, at_risk or missed once a value is measured"))

    class Meta:
        model = Target
        fields = [
            "id", "plan", "area", "text", "metric_text", "comparator", "value", "value_unit", "metric_code", "needs_review",
            "review_reason", "current_value", "measured_on", "status", "source_target", "is_suggestion",
        ]
        read_only_fields = fields

    def get_status(self, target) -> str | None:
        return target.status


class TargetWriteSerializer(serializers.Serializer):
    plan = ScopedPrimaryKeyRelatedField(queryset=Plan.objects.all())
    text = serializers.CharField()
    area = ScopedPrimaryKeyRelatedField(queryset=PlanArea.objects.all(), required=False, allow_null=True)
    metric_code = serializers.CharField(max_length=64, required=False, allow_blank=True)


class TargetValueSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    period_end = serializers.DateField()


class ManualMeasurementWriteSerializer(serializers.Serializer):
    """A value reported by hand: numerator over denominator for a period, with the document that proves it.

    The numbers are strings or numbers; the service reads them and names the field it refuses."""

    period_start = serializers.DateField()
    period_end = serializers.DateField()
    numerator = serializers.CharField(max_length=32, help_text=_("e.g. 18"))
    denominator = serializers.CharField(max_length=32, help_text=_("e.g. 20"))
    document_number = serializers.CharField(max_length=100)
    document_date = serializers.DateField(required=False, allow_null=True)
    issuer = serializers.CharField(max_length=255, required=False, allow_blank=True)


class ManualMeasurementSerializer(serializers.ModelSerializer):
    value = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, allow_null=True)

    class Meta:
        model = ManualMeasurement
        fields = ["id", "target", "period_start", "period_end", "numerator", "denominator", "value", "evidence", "reported_by",
                  "reported_at"]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "unit", "title", "document_number", "document_date", "issuer", "file_name", "file_size", "url"]
        read_only_fields = fields

    def get_url(self, evidence) -> str | None:
        return evidence.get_absolute_url() if evidence.file else None


class EvidenceRecordSerializer(serializers.Serializer):
    """Evidence given as a document record (files are uploaded through the progress page)."""

    title = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    document_number = serializers.CharField(max_length=100)
    document_date = serializers.DateField(required=False, allow_null=True, default=None)
    issuer = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class ProgressSerializer(serializers.ModelSerializer):
    task = serializers.IntegerField(source="period.task_id", read_only=True)
    period_label = serializers.CharField(source="period.label", read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id", "task", "period", "period_label", "unit", "status", "percent", "note", "reported_on", "lateness_reason",
            "created_by", "created_at", "evidence",
        ]
        read_only_fields = fields


class ProgressWriteSerializer(serializers.Serializer):
    period = ScopedPrimaryKeyRelatedField(queryset=TaskPeriod.objects.all())
    unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all())
    status = serializers.ChoiceField(choices=TaskStatus.choices)
    percent = serializers.IntegerField(min_value=0, max_value=100)
    reported_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    lateness_reason = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = EvidenceRecordSerializer(many=True, required=False, default=list)
