from decimal import Decimal

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins
from rest_framework.response import Response

from cchc.core.api import ScopedViewSet
from cchc.indicators import catalogue, scorecards, selectors, tt01
from cchc.indicators.api.serializers import (
    IndicatorQuerySerializer,
    IndicatorValueSerializer,
    MetricSerializer,
    ScorecardQuerySerializer,
    ScorecardSerializer,
)
from cchc.indicators.formulas import round_half_up
from cchc.indicators.models import Metric
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import visible_unit_ids


class MetricViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The metric catalogue; plan targets refer to a metric by its code."""

    serializer_class = MetricSerializer
    queryset = Metric.objects.order_by("position", "code")
    permission = Perm.VIEW
    lookup_field = "code"
    lookup_value_regex = r"[a-z0-9_]{1,60}"


class IndicatorValueViewSet(ScopedViewSet):
    """Live indicator values for a unit (and the units below it) and any window ``[date_from, date_to]``."""

    queryset = Unit.objects.all()
    permission = Perm.VIEW
    serializer_class = IndicatorValueSerializer
    pagination_class = None

    @extend_schema(parameters=[IndicatorQuerySerializer], responses=IndicatorValueSerializer(many=True))
    def list(self, request):
        query = IndicatorQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        code = params.get("metric")
        if code and code not in catalogue.BY_CODE:
            raise exceptions.ValidationError({"metric": [f"Không có chỉ số mã '{code}'."]})
        unit = self.get_queryset().filter(pk=params["unit"]).first()
        if unit is None:
            raise exceptions.NotFound()
        units = [unit]
        if params["children"]:
            units += selectors.subordinate_units(
                unit=unit, date_from=params["date_from"], date_to=params["date_to"],
                visible=visible_unit_ids(request.user, Perm.VIEW),
            )
        totals = selectors.totals_for_units(units=units, date_from=params["date_from"], date_to=params["date_to"])
        codes = [code] if code else [spec.code for spec in catalogue.METRICS]
        rows = []
        for item in units:
            for metric in codes:
                ratio = catalogue.compute(metric, totals[item.pk])
                kind = catalogue.BY_CODE[metric].kind
                value = ratio.percent() if kind == "ratio" else (Decimal(ratio.numerator) if kind == "count" else ratio.rounded())
                rows.append({
                    "unit": item.pk, "unit_code": item.code, "unit_name": item.name, "metric": metric,
                    "date_from": params["date_from"], "date_to": params["date_to"],
                    "numerator": Decimal(ratio.numerator), "denominator": Decimal(ratio.denominator),
                    "value": value, "display": catalogue.display(metric, ratio),
                })
        return Response(IndicatorValueSerializer(rows, many=True).data)


def _rounded(value):
    return None if value is None else round_half_up(value, 2)


class _OneObjectSchema(AutoSchema):
    """The scorecard's ``list`` answers one object (a unit's card for a window), not a list."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class ScorecardViewSet(ScopedViewSet):
    """The QĐ 766 scorecard of a unit for a window (points per indicator, points lost, points not yet
    measurable) and the TT 01/2018 indices of the same dossiers with their class."""

    queryset = Unit.objects.all()
    permission = Perm.VIEW
    serializer_class = ScorecardSerializer
    pagination_class = None
    schema = _OneObjectSchema()

    @extend_schema(parameters=[ScorecardQuerySerializer], responses=ScorecardSerializer)
    def list(self, request):
        query = ScorecardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        unit = self.get_queryset().filter(pk=params["unit"]).first()
        if unit is None:
            raise exceptions.NotFound()
        result = scorecards.unit_score(unit=unit, date_from=params["date_from"], date_to=params["date_to"])
        card = result.scorecard
        indicators = []
        for item in card.indicators:
            ratio = item.ratio
            value = None
            if ratio is not None:
                value = ratio.rounded() if item.rule.code == "2.2" else ratio.percent()
            indicators.append({
                "code": item.rule.code, "group": item.rule.group, "name": item.rule.name, "status": str(item.status),
                "numerator": None if ratio is None else Decimal(ratio.numerator),
                "denominator": None if ratio is None else Decimal(ratio.denominator),
                "value": value, "points": _rounded(item.points), "max_points": item.rule.max_points,
                "points_lost": _rounded(item.lost), "full_at": item.rule.full_at, "confirmed": item.rule.confirmed,
            })
        evaluation = result.evaluation
        data = {
            "unit": unit.pk, "unit_code": unit.code, "unit_name": unit.name,
            "date_from": params["date_from"], "date_to": params["date_to"],
            "total": _rounded(card.total), "points_lost": _rounded(card.lost),
            "not_measurable": _rounded(card.not_measurable), "indicators": indicators,
            "tt01": {
                "indices": [{"number": n, "name": name, "points": evaluation.indices[n]} for n, name in tt01.INDICES.items()],
                "total": evaluation.total, "maximum": evaluation.maximum, "grade": evaluation.grade,
            },
        }
        return Response(ScorecardSerializer(data).data)
