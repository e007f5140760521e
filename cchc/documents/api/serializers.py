from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cchc.core.api import ScopedPrimaryKeyRelatedField
from cchc.documents.models import ImportJob
from cchc.units.models import Unit


class ImportJobSerializer(serializers.ModelSerializer):
    """An uploaded plan document, where its reading stands, the draft read from it and the plan it became."""

    draft = serializers.SerializerMethodField(help_text="The extracted draft (import_plan --json keys) once ready.")

    class Meta:
        model = ImportJob
        fields = ["id", "unit", "file_name", "file_size", "status", "progress", "error", "draft", "plan", "created_at",
                  "finished_at", "confirmed_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.JSONField(allow_null=True))
    def get_draft(self, job: ImportJob) -> dict | None:
        return job.result.get("draft")


class ImportUploadSerializer(serializers.Serializer):
    unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all())
    file = serializers.FileField()


class ImportConfirmSerializer(serializers.Serializer):
    """The plan's year (required, as a check) and, optionally, a corrected title and number; the areas,
    tasks and targets are taken as extracted, units matched where the match is sure."""

    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=500, required=False)
    number = serializers.CharField(max_length=64, required=False, allow_blank=True)
