from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cchc.core.api import ScopedPrimaryKeyRelatedField, SlugRelatedField
from cchc.units.models import Membership, Unit
from cchc.units.roles import Perm, Role


class UnitSerializer(serializers.ModelSerializer):
    successor_ids = serializers.SerializerMethodField()
    predecessor_ids = serializers.SerializerMethodField()

    class Meta:
        model = Unit
        fields = [
            "id", "name", "short_name", "code", "kind", "parent", "valid_from", "valid_to",
            "predecessor_ids", "successor_ids", "is_demo",
        ]

    def get_successor_ids(self, unit) -> list[int]:
        return sorted({s.pk for change in unit.changes_as_predecessor.all() for s in change.successors.all()} - {unit.pk})

    def get_predecessor_ids(self, unit) -> list[int]:
        return sorted({p.pk for change in unit.changes_as_successor.all() for p in change.predecessors.all()} - {unit.pk})


class MembershipSerializer(serializers.ModelSerializer):
    username = SlugRelatedField(
        source="user", slug_field="username", queryset=get_user_model().objects.filter(is_active=True),
        error_messages={"does_not_exist": _("No active user has this username.")},
    )
    unit = ScopedPrimaryKeyRelatedField(perm=Perm.VIEW, queryset=Unit.objects.all())
    role = serializers.ChoiceField(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["id", "username", "unit", "role", "title", "valid_from", "valid_to"]


class MembershipEndSerializer(serializers.Serializer):
    valid_to = serializers.DateField()
