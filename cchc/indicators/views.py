import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import generic

from cchc.core.views import ScopedDetailView, ScopedListView, ScopedMixin
from cchc.core.xlsx import table_response
from cchc.indicators import catalogue, scorecards, selectors, tt01
from cchc.indicators.forms import WindowForm
from cchc.indicators.formulas import NO_VALUE, format_decimal_vi, round_half_up
from cchc.indicators.models import Metric
from cchc.indicators.score766 import Status, check_rules
from cchc.procedures.models import Procedure
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import UnitGraph, visible_unit_ids
from cchc.units.selectors import unit_ancestors

#: The cards of the dashboard, in order.
CARD_METRICS = (
    "on_time_rate", "on_time_rate_766", "average_resolution_days", "online_share", "online_payment_share",
    "electronic_result_share", "digitisation_share", "apology_share",
)
#: The one-stop report columns (tthc_indicators.md §3.3).
REPORT_COLUMNS = (
    "carried_over", "received", "received_direct", "received_online", "received_postal", "resolved_early",
    "resolved_on_time", "resolved_late", "in_progress_within", "in_progress_overdue", "returned_or_withdrawn",
)


def _number(ratio, code):
    """A cell for XLSX: the percentage or average as a number, the count as an int, empty without a base."""
    kind = catalogue.BY_CODE[code].kind
    if kind == "count":
        return int(ratio.numerator)
    value = ratio.percent() if kind == "ratio" else ratio.rounded()
    return float(value) if isinstance(value, Decimal) else None


class WindowMixin:
    """Reads the period window and the ranking metric from the query string."""

    def window_form(self) -> WindowForm:
        if not hasattr(self, "_window_form"):
            self._window_form = WindowForm(self.request.GET or None)
        return self._window_form

    def window(self) -> tuple[dt.date, dt.date]:
        return self.window_form().window()

    def window_query(self) -> str:
        date_from, date_to = self.window()
        return urlencode({"period": "custom", "date_from": f"{date_from:%d/%m/%Y}", "date_to": f"{date_to:%d/%m/%Y}"})


class IndicatorHomeView(ScopedMixin, generic.View):
    """Open the dashboard of the unit chosen in the switcher, else the highest unit in reach."""

    queryset = Unit.objects.all()
    permission = Perm.VIEW

    def get(self, request, *args, **kwargs):
        visible = visible_unit_ids(request.user, Perm.VIEW)
        if not visible:
            raise Http404
        unit_id = request.current_unit_id if request.current_unit_id in visible else None
        if unit_id is None:
            graph = UnitGraph.load()
            active = set(Unit.objects.filter(pk__in=visible, valid_to__isnull=True).values_list("pk", flat=True)) or visible
            unit_id = min(active, key=lambda pk: (len(graph.ancestors(pk)), pk))
        url = reverse("indicators:dashboard", args=[unit_id])
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)


class DashboardView(WindowMixin, ScopedDetailView):
    """One unit and period: cards, the one-stop report row, monthly trend, ranking of the units below."""

    template_name = "indicators/dashboard.html"
    queryset = Unit.objects.select_related("parent")
    context_object_name = "unit"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        export = request.GET.get("export")
        if export in {"ranking", "report", "trend"}:
            return getattr(self, f"export_{export}")()
        return self.render_to_response(self.get_context_data(object=self.object))

    def figures(self):
        date_from, date_to = self.window()
        totals = selectors.totals_for_units(units=[self.object], date_from=date_from, date_to=date_to)[self.object.pk]
        return date_from, date_to, totals

    def ranked(self):
        date_from, date_to = self.window()
        units = selectors.subordinate_units(
            unit=self.object, date_from=date_from, date_to=date_to, visible=visible_unit_ids(self.request.user, Perm.VIEW)
        )
        return selectors.ranking(units=units, metric_code=self.window_form().rank_metric(), date_from=date_from, date_to=date_to)

    def trend(self):
        date_from, date_to = self.window()
        return selectors.monthly_trend(unit=self.object, date_from=date_from, date_to=date_to)

    def get_context_data(self, **kwargs):
        date_from, date_to, totals = self.figures()
        rank_code = self.window_form().rank_metric()
        trend = self.trend()
        cards = []
        for code in CARD_METRICS:
            spec, ratio = catalogue.BY_CODE[code], catalogue.compute(code, totals)
            text = catalogue.display(code, ratio)
            cards.append((spec, ratio, text if spec.kind != "average" or ratio.fraction is None else f"{text} {spec.unit_label}"))
        report = [(catalogue.BY_CODE[code], catalogue.compute(code, totals).numerator) for code in REPORT_COLUMNS]
        chart = {
            "labels": [f"{p.month:%m/%Y}" for p in trend],
            "received": [p.totals.counts.received for p in trend],
            "on_time": [_number(catalogue.compute("on_time_rate", p.totals), "on_time_rate") for p in trend],
            "received_label": _("Received"),
            "on_time_label": _("On-time rate (%)"),
        }
        ranked = [
            (item, catalogue.display(rank_code, item.value), catalogue.display("on_time_rate", catalogue.compute("on_time_rate", item.totals)))
            for item in self.ranked()
        ]
        return super().get_context_data(
            form=self.window_form(),
            date_from=date_from,
            date_to=date_to,
            window_query=self.window_query(),
            ancestors=unit_ancestors(unit=self.object),
            cards=cards,
            report=report,
            online_received=catalogue.compute("received_online", totals).numerator,
            discrepancy=totals.balance_discrepancy,
            chart=chart,
            ranked=ranked,
            rank_spec=catalogue.BY_CODE[rank_code],
            last_refresh=selectors.last_refresh(),
            check=selectors.balance_check(unit=self.object, date_from=date_from, date_to=date_to)
            if self.request.GET.get("check") else None,
            targets=selectors.measured_targets(user=self.request.user, unit=self.object, date_from=date_from, date_to=date_to),
            **kwargs,
        )

    def export_ranking(self):
        code = self.window_form().rank_metric()
        headers = [_("Unit"), catalogue.BY_CODE[code].name, _("Received"), _("Resolved"), _("Resolved late"), _("In progress past the deadline")]
        rows = [
            [item.unit.name, _number(item.value, code), item.totals.counts.received, item.totals.counts.resolved,
             item.totals.resolved_late, item.totals.in_progress_overdue]
            for item in self.ranked()
        ]
        return table_response(f"xep-hang-{self.object.code}.xlsx", _("Ranking"), headers, rows)

    def export_report(self):
        _from, _to, totals = self.figures()
        headers = [_("Indicator"), _("Value"), _("Numerator"), _("Denominator")]
        rows = []
        for spec in catalogue.METRICS:
            ratio = catalogue.compute(spec.code, totals)
            rows.append([spec.name, _number(ratio, spec.code), float(ratio.numerator), float(ratio.denominator)])
        return table_response(f"chi-so-{self.object.code}.xlsx", _("Indicators"), headers, rows)

    def export_trend(self):
        headers = [_("Month"), _("Received"), _("Resolved"), _("Resolved late"), _("On-time rate (%)")]
        rows = [
            [f"{p.month:%m/%Y}", p.totals.counts.received, p.totals.counts.resolved, p.totals.resolved_late,
             _number(catalogue.compute("on_time_rate", p.totals), "on_time_rate")]
            for p in self.trend()
        ]
        return table_response(f"theo-thang-{self.object.code}.xlsx", _("By month"), headers, rows)


class ProcedureBreakdownView(WindowMixin, ScopedDetailView):
    """One unit and period, per procedure, with links to each procedure's late dossiers."""

    template_name = "indicators/procedures.html"
    queryset = Unit.objects.all()
    context_object_name = "unit"

    def rows(self):
        date_from, date_to = self.window()
        by_procedure = selectors.totals_by_procedure(unit=self.object, date_from=date_from, date_to=date_to)
        procedures = Procedure.objects.in_bulk(list(by_procedure))
        rows = []
        for pk, totals in by_procedure.items():
            rate = catalogue.compute("on_time_rate", totals)
            days = catalogue.compute("average_resolution_days", totals)
            rows.append((procedures[pk], totals, rate, days, catalogue.display("average_resolution_days", days)))
        return sorted(rows, key=lambda r: (r[2].fraction is None, r[2].fraction if r[2].fraction is not None else 0, r[0].code))

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if request.GET.get("export") == "xlsx":
            headers = [_("Code"), _("Procedure"), _("Received"), _("Resolved"), _("Resolved late"),
                       _("In progress past the deadline"), _("On-time rate (%)"), _("Average resolution time (working days)")]
            data = [
                [p.code, p.name, t.counts.received, t.counts.resolved, t.resolved_late, t.in_progress_overdue,
                 _number(rate, "on_time_rate"), _number(days, "average_resolution_days")]
                for p, t, rate, days, _text in self.rows()
            ]
            return table_response(f"thu-tuc-{self.object.code}.xlsx", _("By procedure"), headers, data)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        date_from, date_to = self.window()
        return super().get_context_data(
            form=self.window_form(), date_from=date_from, date_to=date_to, window_query=self.window_query(),
            rows=self.rows(), **kwargs,
        )


def _points(value) -> str:
    return NO_VALUE if value is None else format_decimal_vi(value, 2)


class ScorecardView(WindowMixin, ScopedDetailView):
    """One unit and period: the QĐ 766 indicators with their value, points and points lost, and the
    TT 01/2018 indices of the same dossiers with the class they give."""

    template_name = "indicators/scorecard.html"
    queryset = Unit.objects.all()
    context_object_name = "unit"

    def get_context_data(self, **kwargs):
        date_from, date_to = self.window()
        result = scorecards.unit_score(unit=self.object, date_from=date_from, date_to=date_to)
        card = result.scorecard
        groups = []
        for group in card.groups:
            rows = []
            for item in group.indicators:
                if item.status == Status.NO_DATA:
                    value = _("no data yet")
                elif item.rule.code == "2.2":
                    value = catalogue.display("average_resolution_days", item.ratio)
                else:
                    value = item.ratio.display()
                rows.append({
                    "item": item, "value": value,
                    "fraction": f"{item.ratio.numerator}/{item.ratio.denominator}" if item.ratio is not None else "",
                    "points": _points(item.rounded_points()), "lost": _points(item.rounded_lost()),
                    "maximum": _points(item.rule.max_points),
                })
            groups.append({"group": group, "rows": rows, "points": _points(round_half_up(group.points)),
                           "lost": _points(round_half_up(group.lost)), "maximum": _points(group.maximum),
                           "not_measurable": _points(round_half_up(group.not_measurable))})
        evaluation = result.evaluation
        return super().get_context_data(
            form=self.window_form(), date_from=date_from, date_to=date_to, window_query=self.window_query(),
            groups=groups, total=_points(round_half_up(card.total)), lost=_points(round_half_up(card.lost)),
            not_measurable=_points(round_half_up(card.not_measurable)), measurable=_points(round_half_up(card.measurable)),
            rule_problems=check_rules(item.rule for item in card.indicators),
            tt01_rows=[(number, name, evaluation.indices[number]) for number, name in tt01.INDICES.items()],
            tt01_total=format_decimal_vi(evaluation.total, 1), tt01_maximum=evaluation.maximum,
            tt01_grade=evaluation.grade, **kwargs,
        )


class MetricListView(ScopedListView):
    """The metric catalogue: definitions, numerators, denominators, sources, legal bases."""

    template_name = "indicators/metric_list.html"
    queryset: QuerySet = Metric.objects.all()
    context_object_name = "metrics"
