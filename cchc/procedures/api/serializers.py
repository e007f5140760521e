from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cchc.procedures.models import Dossier, Procedure
from cchc.procedures.services import MAX_BATCH_ITEMS


class ProcedureSerializer(serializers.ModelSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)

    class Meta:
        model = Procedure
        fields = ["id", "code", "name", "sector", "level", "processing_time", "processing_unit", "online_level", "fee",
                  "paper_result", "unit", "unit_code", "is_demo"]


class DossierSerializer(serializers.ModelSerializer):
    procedure_code = serializers.CharField(source="procedure.code", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    due_rule = serializers.CharField(source="due_rule.rule_id", read_only=True)

    class Meta:
        model = Dossier
        fields = ["id", "code", "procedure", "procedure_code", "unit", "unit_code", "received_at", "channel", "status",
                  "due_date", "due_rule", "extended_due_date", "apology_issued_on", "supplement_requests",
                  "supplement_requested_at", "supplement_completed_at", "finished_at", "fee_amount", "paid_online",
                  "components_digitised", "electronic_result", "reused_digitised_data", "shared_data",
                  "population_data", "outcome", "overdue_from", "resolution_days"]
        # Bounds of the narrowest supported database, so the published schema is the same on SQLite and PostgreSQL.
        extra_kwargs = {
            "supplement_requests": {"min_value": 0, "max_value": 32767},
            "resolution_days": {"min_value": -2147483648, "max_value": 2147483647},
        }


class DossierItemSerializer(serializers.Serializer):
    """One dossier of a push: the columns of the import file, by code; dates ISO 8601 or dd/mm/yyyy."""

    code = serializers.CharField(help_text=_("External dossier code (mã số hồ sơ); the upsert key."))
    procedure = serializers.CharField(help_text=_("Procedure code of the catalogue."))
    unit = serializers.CharField(help_text=_("Code of the receiving unit."))
    received_at = serializers.CharField()
    channel = serializers.CharField(help_text="direct | online | postal (1 | 2 | 3)")
    due_date = serializers.CharField(required=False, allow_blank=True)
    status = serializers.CharField(required=False, allow_blank=True)
    finished_at = serializers.CharField(required=False, allow_blank=True)
    supplement_requests = serializers.IntegerField(required=False, min_value=0, max_value=32767)
    supplement_requested_at = serializers.CharField(required=False, allow_blank=True)
    supplement_completed_at = serializers.CharField(required=False, allow_blank=True)
    extended_due_date = serializers.CharField(required=False, allow_blank=True)
    apology_issued_on = serializers.CharField(required=False, allow_blank=True)
    fee_amount = serializers.DecimalField(max_digits=14, decimal_places=0, required=False)
    paid_online = serializers.BooleanField(required=False)
    components_digitised = serializers.BooleanField(required=False)
    electronic_result = serializers.BooleanField(required=False)
    reused_digitised_data = serializers.BooleanField(required=False)
    shared_data = serializers.BooleanField(required=False)
    population_data = serializers.BooleanField(required=False)


class DossierBatchSerializer(serializers.Serializer):
    items = serializers.ListField(
        child=DossierItemSerializer(), allow_empty=False, max_length=MAX_BATCH_ITEMS,
        help_text=_("Dossiers to create or update (at most {limit}).").format(limit=MAX_BATCH_ITEMS),
    )


class DossierBatchResultSerializer(serializers.Serializer):
    batch = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
