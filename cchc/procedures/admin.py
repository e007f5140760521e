"""The administrator edits the working-day calendar and the counting rules here; saves go through the services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cchc.procedures import services
from cchc.procedures.models import CalendarAdjustment, CountingRules


@admin.register(CalendarAdjustment)
class CalendarAdjustmentAdmin(SimpleHistoryAdmin):
    list_display = ["day", "kind", "reason", "effective_from"]
    list_filter = ["kind", "effective_from"]
    date_hierarchy = "day"

    def save_model(self, request, obj, form, change):
        services.calendar_adjustment_save(adjustment=obj, actor=request.user)

    def delete_model(self, request, obj):
        services.calendar_adjustment_delete(adjustment=obj, actor=request.user)


@admin.register(CountingRules)
class CountingRulesAdmin(SimpleHistoryAdmin):
    list_display = [
        "effective_from",
        "late_after_supplement_requests",
        "too_many_supplements_applies_to",
        "supplement_rule",
        "extension_moves_due_date",
        "online_needs_electronic_result",
    ]

    def save_model(self, request, obj, form, change):
        services.counting_rules_save(rules=obj, actor=request.user)
