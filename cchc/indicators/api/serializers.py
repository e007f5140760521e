from rest_framework import serializers

from cchc.indicators.models import Metric


class MetricSerializer(serializers.ModelSerializer):
    class Meta:
        model = Metric
        fields = ["code", "name", "kind", "definition", "numerator", "denominator", "unit_label", "source",
                  "legal_basis", "higher_is_better"]


class IndicatorQuerySerializer(serializers.Serializer):
    unit = serializers.IntegerField(help_text="Unit id")
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    metric = serializers.CharField(required=False, help_text="Metric code; all metrics when absent")
    children = serializers.BooleanField(required=False, default=False, help_text="Also the units directly below")

    def validate(self, attrs):
        if attrs["date_to"] < attrs["date_from"]:
            raise serializers.ValidationError({"date_to": "Ngày kết thúc trước ngày bắt đầu."})
        return attrs


class IndicatorValueSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_code = serializers.CharField()
    unit_name = serializers.CharField()
    metric = serializers.CharField()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    numerator = serializers.DecimalField(max_digits=20, decimal_places=2)
    denominator = serializers.DecimalField(max_digits=20, decimal_places=2)
    value = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    display = serializers.CharField()
