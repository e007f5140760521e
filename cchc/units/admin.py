from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cchc.units.models import Membership, Unit, UnitChange


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("name", "code")


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "unit", "role", "valid_from", "valid_to")
    list_filter = ("role",)


@admin.register(UnitChange)
class UnitChangeAdmin(SimpleHistoryAdmin):
    list_display = ("kind", "effective", "decision")
