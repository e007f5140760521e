"""What the public API returns: published content only, the same as the portal's pages."""

from rest_framework import serializers

from cchc.plans.choices import TaskStatus
from cchc.plans.models import Plan
from cchc.units.models import Unit


class LicenceSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField()


class TableEntrySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    name = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    csv = serializers.CharField(help_text="Address of the table as CSV")
    json = serializers.CharField(help_text="Address of the table as JSON")
    licence = LicenceSerializer()


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()


class TableSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    description = serializers.CharField()
    publisher = serializers.CharField()
    licence = LicenceSerializer()
    columns = ColumnSerializer(many=True)
    rows = serializers.ListField(child=serializers.DictField(), help_text="One object per row, keyed by the columns' keys")


class PublicUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "kind", "parent", "valid_from", "valid_to"]
        read_only_fields = fields


class PublicPlanSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name")
    task_count = serializers.IntegerField()
    done_count = serializers.IntegerField()
    mean_percent = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = ["id", "unit", "unit_name", "year", "number", "title", "issued_on", "task_count", "done_count", "mean_percent"]
        read_only_fields = fields

    def get_mean_percent(self, plan) -> int:
        return int(round(plan.mean_percent or 0))


class PublicTaskSerializer(serializers.Serializer):
    number = serializers.CharField()
    title = serializers.CharField()
    products = serializers.CharField()
    lead = serializers.CharField()
    coordinators = serializers.CharField()
    timeframe = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=TaskStatus.choices)
    percent = serializers.IntegerField(min_value=0, max_value=100)
    overdue = serializers.BooleanField()


class PublicAreaSerializer(serializers.Serializer):
    number = serializers.CharField()
    title = serializers.CharField()
    tasks = PublicTaskSerializer(many=True)


class PublicTargetSerializer(serializers.Serializer):
    text = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    unit = serializers.CharField()
    measured_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()


class PublicPlanDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    year = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    task_count = serializers.IntegerField()
    done_count = serializers.IntegerField()
    mean_percent = serializers.IntegerField(min_value=0, max_value=100)
    areas = PublicAreaSerializer(many=True)
    targets = PublicTargetSerializer(many=True)
