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


class ScorecardQuerySerializer(serializers.Serializer):
    unit = serializers.IntegerField(help_text="Unit id")
    date_from = serializers.DateField()
    date_to = serializers.DateField()

    def validate(self, attrs):
        if attrs["date_to"] < attrs["date_from"]:
            raise serializers.ValidationError({"date_to": "Ngày kết thúc trước ngày bắt đầu."})
        return attrs


class ScoredIndicatorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="QĐ 766 indicator, e.g. 3.1")
    group = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=["measured", "no_data", "no_base"],
                                     help_text="no_data: chưa có dữ liệu; no_base: the denominator is 0")
    numerator = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    denominator = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    value = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True,
                                     help_text="Percentage (days for 2.2); null without a value")
    points = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True,
                                      help_text="Null when not measurable")
    max_points = serializers.DecimalField(max_digits=6, decimal_places=2)
    points_lost = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    full_at = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Full points from this percentage")
    confirmed = serializers.BooleanField(help_text="Whether a source confirms the rule's figures")


class Tt01IndexSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    points = serializers.DecimalField(max_digits=3, decimal_places=1, allow_null=True, help_text="Null: no data")


class Tt01Serializer(serializers.Serializer):
    indices = Tt01IndexSerializer(many=True)
    total = serializers.DecimalField(max_digits=4, decimal_places=1)
    maximum = serializers.IntegerField(help_text="2 points per index with data")
    grade = serializers.CharField(help_text="Xuất sắc, Tốt, Khá, Trung bình or Yếu (TT 01/2018 Điều 15)")


class ScorecardSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_code = serializers.CharField()
    unit_name = serializers.CharField()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    total = serializers.DecimalField(max_digits=6, decimal_places=2, help_text="Points earned out of 100")
    points_lost = serializers.DecimalField(max_digits=6, decimal_places=2)
    not_measurable = serializers.DecimalField(max_digits=6, decimal_places=2,
                                              help_text="Points of indicators without data (neither earned nor lost)")
    indicators = ScoredIndicatorSerializer(many=True)
    tt01 = Tt01Serializer()
