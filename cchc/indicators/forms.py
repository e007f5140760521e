"""The period window of the indicator pages: any [from, to], calendar periods or the reporting cut-off windows."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.calendar.periods import NATIONAL, PeriodKind
from cchc.indicators.catalogue import METRICS
from cchc.units.forms import DateInput

PERIODS = [
    ("", _("From 1 January to today")),
    ("year", _("Calendar year")),
    ("q1", _("Quarter I")),
    ("q2", _("Quarter II")),
    ("q3", _("Quarter III")),
    ("q4", _("Quarter IV")),
    ("report_q1", _("Report window: quarter I (15/12–14/3)")),
    ("report_h1", _("Report window: first half (15/12–14/6)")),
    ("report_q3", _("Report window: quarter III (15/6–14/9)")),
    ("report_year", _("Report window: year (15/12–14/12)")),
    ("custom", _("From … to …")),
]
_REPORT_KINDS = {"report_q1": PeriodKind.Q1, "report_h1": PeriodKind.H1, "report_q3": PeriodKind.Q3, "report_year": PeriodKind.YEAR}
RANKED_METRICS = [(spec.code, spec.name) for spec in METRICS if spec.kind != "count"]


class WindowForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    rank = forms.ChoiceField(label=_("Rank by"), choices=RANKED_METRICS, required=False)

    def clean(self):
        data = super().clean()
        if data.get("period") == "custom":
            if not data.get("date_from") or not data.get("date_to"):
                raise forms.ValidationError(_("Give both dates of the period."))
            if data["date_to"] < data["date_from"]:
                self.add_error("date_to", _("The end date is before the start date."))
        return data

    def window(self) -> tuple[dt.date, dt.date]:
        """The chosen ``(from, to)``; the default (and the fallback for bad input) is 1 January to today."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        period, year = data.get("period") or "", data.get("year") or today.year
        if period == "custom":
            return data["date_from"], data["date_to"]
        if period == "year":
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if period in {"q1", "q2", "q3", "q4"}:
            first = 3 * (int(period[1]) - 1) + 1
            end = dt.date(year + (first == 10), (first + 3) % 12 or 12, 1) - dt.timedelta(days=1)
            return dt.date(year, first, 1), end
        if period in _REPORT_KINDS:
            return NATIONAL.window(_REPORT_KINDS[period], year)
        return dt.date(today.year, 1, 1), today

    def rank_metric(self) -> str:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("rank") or "on_time_rate"
