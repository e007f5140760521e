from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cchc.reporting.models import Report, ReportingPeriod


class PeriodSerializer(serializers.ModelSerializer):
    calendar_unit = serializers.IntegerField(source="calendar.unit_id", read_only=True)
    year = serializers.IntegerField(source="calendar.year", read_only=True)
    label = serializers.CharField(read_only=True)

    class Meta:
        model = ReportingPeriod
        fields = [
            "id",
            "calendar",
            "calendar_unit",
            "year",
            "kind",
            "label",
            "title",
            "data_from",
            "data_to",
            "nominal_deadline",
            "deadline",
        ]


@extend_schema_field(OpenApiTypes.NUMBER)
class FigureNumberField(serializers.Field):
    """A figure's number as a JSON number: the snapshot keeps an integer, or a decimal as text."""

    def to_representation(self, value):
        return value if isinstance(value, int) else float(Decimal(str(value)))


class FigureSerializer(serializers.Serializer):
    """One frozen figure: a count (``value``) or a ratio (``numerator`` over ``denominator``, a
    percentage, or an average in ``unit``)."""

    code = serializers.CharField()
    label = serializers.CharField()
    value = FigureNumberField(required=False, help_text="A count.")
    numerator = FigureNumberField(required=False)
    denominator = FigureNumberField(required=False)
    unit = serializers.CharField(required=False, help_text='What an average counts ("ngày"); absent for a percentage.')


class ReportSerializer(serializers.ModelSerializer):
    """A report and its status; ``figures`` are the ones frozen when it was sent (empty for a draft)."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    period_label = serializers.CharField(source="period.label", read_only=True)
    consolidated = serializers.BooleanField(source="is_consolidated", read_only=True)
    revision = serializers.CharField(read_only=True, help_text="The saved version; sending needs it.")
    figures = serializers.SerializerMethodField()
    late_working_days = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "unit",
            "unit_name",
            "unit_code",
            "period",
            "period_label",
            "consolidated",
            "status",
            "revision",
            "number",
            "first_submitted_at",
            "submitted_at",
            "late_working_days",
            "reviewed_at",
            "review_reason",
            "figures",
        ]

    @extend_schema_field(FigureSerializer(many=True))
    def get_figures(self, report) -> list:
        return FigureSerializer((report.snapshot or {}).get("figures", []), many=True).data

    def get_late_working_days(self, report) -> int | None:
        from cchc.reporting.selectors import working_days_late

        submitted = report.submitted_on()
        return None if submitted is None else working_days_late(report.period, submitted)


class SubmitSerializer(serializers.Serializer):
    revision = serializers.CharField(
        max_length=32, help_text="The report's revision as last read: the version being sent."
    )


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "return"])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class CompletenessRowSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    status = serializers.SerializerMethodField()
    sent_on = serializers.SerializerMethodField()
    late_working_days = serializers.IntegerField(source="late_days")

    def get_status(self, row) -> str:
        return row.report.status if row.report else "missing"

    def get_sent_on(self, row) -> str | None:
        sent = row.report.submitted_on() if row.report else None
        return sent.isoformat() if sent else None


class CompletenessSerializer(serializers.Serializer):
    period = serializers.IntegerField(source="period.pk")
    expected = serializers.IntegerField()
    received = serializers.IntegerField()
    missing = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    rows = CompletenessRowSerializer(many=True)
