from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cchc.petitions.models import Petition, PetitionEvent
from cchc.petitions.services import MAX_BATCH_ITEMS
from cchc.units.roles import Perm
from cchc.units.scoping import user_can

CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email", "contact_address")
#: what only the officers handling a petition see: how to reach the petitioner, and the code that opens the public lookup
HANDLERS_ONLY = ("tracking_code", *CONTACT_FIELDS)


class PetitionSerializer(serializers.ModelSerializer):
    """A petition as its unit's officers see it; the tracking code and contact details only for those who handle it
    (edit permission), empty for the others."""

    unit_code = serializers.CharField(source="unit.code", read_only=True)
    overdue = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()

    class Meta:
        model = Petition
        fields = ["id", "tracking_code", "external_code", "unit", "unit_code", "channel", "content", "procedure_code", "dossier_code",
                  *CONTACT_FIELDS, "category", "status", "received_at", "received_on", "started_on", "decide_due", "info_due",
                  "resolve_due", "publish_due", "due_rule", "rejected_on", "info_requested_on", "approved_on", "published_on",
                  "reject_reason", "answer", "public_summary", "public_answer", "overdue", "rating"]

    def get_overdue(self, petition) -> bool:
        return petition.is_overdue(timezone.localdate())

    def get_rating(self, petition) -> str:
        rating = getattr(petition, "rating", None) if hasattr(petition, "rating") else None
        return rating.value if rating is not None else ""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not user_can(request.user, Perm.EDIT, instance.unit_id):
            for name in HANDLERS_ONLY:
                data[name] = ""
        return data


class PetitionEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default="", read_only=True)

    class Meta:
        model = PetitionEvent
        fields = ["id", "kind", "actor", "at", "from_status", "to_status", "from_unit", "to_unit", "note"]


class PetitionItemSerializer(serializers.Serializer):
    """One petition pushed by the national portal; the texts are checked by the service (lengths, markup)."""

    external_code = serializers.CharField(help_text=_("Code of the petition on the national portal; the idempotency key."))
    unit = serializers.CharField(help_text=_("Code of the unit handling it."))
    received_at = serializers.CharField(help_text=_("ISO 8601 or dd/mm/yyyy hh:mm, local time when no offset."))
    content = serializers.CharField(allow_blank=True, trim_whitespace=False)
    procedure_code = serializers.CharField(required=False, allow_blank=True)
    dossier_code = serializers.CharField(required=False, allow_blank=True)
    category = serializers.CharField(required=False, allow_blank=True, help_text="regulation | conduct | other")
    contact_name = serializers.CharField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(required=False, allow_blank=True)
    contact_email = serializers.CharField(required=False, allow_blank=True)
    contact_address = serializers.CharField(required=False, allow_blank=True)


class PetitionBatchSerializer(serializers.Serializer):
    items = serializers.ListField(
        child=PetitionItemSerializer(), allow_empty=False, max_length=MAX_BATCH_ITEMS,
        help_text=_("Petitions to record (at most {limit}).").format(limit=MAX_BATCH_ITEMS),
    )


class PetitionBatchResultSerializer(serializers.Serializer):
    created = serializers.ListField(child=serializers.IntegerField(), help_text=_("Ids of the petitions recorded."))
    unchanged = serializers.IntegerField()
