"""The administrator edits the QĐ 766 scoring rules here (sub-weights and thresholds no source confirms)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cchc.indicators import services
from cchc.indicators.models import ScoringRule


@admin.register(ScoringRule)
class ScoringRuleAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "max_points", "full_at", "confirmed"]
    list_filter = ["confirmed"]

    def save_model(self, request, obj, form, change):
        services.scoring_rule_save(rule=obj, actor=request.user)
