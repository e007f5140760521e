"""The administrator edits the working-day calendar and the counting rules here; saves go through the services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from cchc.calendar import services as calendar_services
from cchc.procedures import services
from cchc.procedures.models import CalendarAdjustment, CountingRules

ADJUSTMENT_FIELDS = ["day", "kind", "reason", "source", "effective_from"]


class CalendarAdjustmentForm(forms.ModelForm):
    """The adjustment, saved only once the administrator has seen which open deadlines it moves.

    A change that moves a submitted report's deadline is refused on ``day``; one that moves other open
    deadlines (plan tasks not done, reports not yet sent) lists them and asks for ``confirm_moves``.
    Open dossiers keep their stored due dates; the list says so.
    """

    confirm_moves = forms.BooleanField(
        label=_("I have read which deadlines this change moves; save it"), required=False
    )

    class Meta:
        model = CalendarAdjustment
        fields = ADJUSTMENT_FIELDS

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        candidate = CalendarAdjustment(pk=self.instance.pk, **{name: cleaned.get(name) for name in ADJUSTMENT_FIELDS})
        preview = calendar_services.calendar_change_preview(adjustment=candidate)
        if preview.locked:
            raise ValidationError({"day": calendar_services.refusal_message(preview)})
        if preview.all_moved and not cleaned.get("confirm_moves"):
            lines = [
                _("{kind}: {label}, {old} → {new}").format(
                    kind=m.kind, label=m.label, old=f"{m.old:%d/%m/%Y}", new=f"{m.new:%d/%m/%Y}"
                )
                for m in preview.all_moved
            ]
            raise ValidationError(
                [_("This change moves these open deadlines; tick the confirmation to save it:"), *lines, *preview.notes]
            )
        return cleaned


@admin.register(CalendarAdjustment)
class CalendarAdjustmentAdmin(SimpleHistoryAdmin):
    form = CalendarAdjustmentForm
    list_display = ["day", "kind", "reason", "effective_from"]
    list_filter = ["kind", "effective_from"]
    date_hierarchy = "day"

    def save_model(self, request, obj, form, change):
        services.calendar_adjustment_save(adjustment=obj, actor=request.user)

    def delete_view(self, request, object_id, extra_context=None):
        """The deletion page lists the deadlines the deletion moves; refused like a save for a submitted report."""
        adjustment = self.get_object(request, object_id)
        if adjustment is not None:
            preview = calendar_services.calendar_change_preview(removing=adjustment)
            if preview.locked:
                self.message_user(request, calendar_services.refusal_message(preview), level=messages.ERROR)
                return HttpResponseRedirect(reverse("admin:procedures_calendaradjustment_change", args=[adjustment.pk]))
            extra_context = {**(extra_context or {}), "moved_deadlines": preview.all_moved,
                             "calendar_notes": preview.notes}
        return super().delete_view(request, object_id, extra_context)

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
