"""REST endpoints of the surveys app, scoped like the pages: questionnaires, campaigns and their
aggregated results. No endpoint returns an individual response: results are counts and ratios."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from cchc.core.api import ScopedViewSet
from cchc.surveys import selectors
from cchc.surveys.api.serializers import QuestionnaireSerializer, ResultsSerializer, SurveyCampaignSerializer
from cchc.surveys.forms import ResultFilterForm
from cchc.surveys.models import Campaign, Questionnaire
from cchc.surveys.results import Summary
from cchc.units.roles import Perm


class QuestionnaireViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Built-in questionnaires and those of the units in reach, with their groups and items."""

    serializer_class = QuestionnaireSerializer
    queryset = Questionnaire.objects.prefetch_related("groups__items").order_by("pk")
    permission = Perm.VIEW


def _summary(key, label, summary: Summary) -> dict:
    mean = summary.mean.rounded(2) if summary.mean is not None else None
    return {"key": str(key), "label": label, "responses": summary.responses, "counts": list(summary.counts),
            "valid": summary.valid, "mean": mean,
            "satisfied_percent": summary.satisfied.percent(2) if summary.satisfied is not None else None,
            "score_percent": summary.score.percent(2) if summary.score is not None else None}


class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Campaigns of the units in reach and those surveying a unit in reach; ``results`` aggregates their answers."""

    serializer_class = SurveyCampaignSerializer
    queryset = Campaign.objects.prefetch_related("targets").order_by("pk")
    permission = Perm.VIEW

    @extend_schema(
        responses=ResultsSerializer,
        parameters=[OpenApiParameter("unit", int, description="Only this surveyed unit"),
                    OpenApiParameter("month_from", str, description="mm/yyyy"), OpenApiParameter("month_to", str, description="mm/yyyy")],
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def results(self, request, pk=None):
        campaign = self.get_object()
        units = selectors.result_units(request.user, campaign)
        form = ResultFilterForm(request.query_params or None, units=units)
        data = form.cleaned_data if form.is_valid() else {}
        if data.get("unit"):
            units = [u for u in units if u.pk == data["unit"]]
        found = selectors.campaign_results(
            campaign, units=units, month_from=data["month_from"].replace(day=1) if data.get("month_from") else None,
            month_to=data["month_to"].replace(day=1) if data.get("month_to") else None,
        )

        def rows(found_rows):
            return [_summary(r.key, r.label, r.summary) for r in found_rows]

        payload = {
            "campaign": campaign.pk, "scale": campaign.questionnaire.scale, "overall": _summary("all", "Toàn bộ", found.overall),
            "items": rows(found.items), "groups": rows(found.groups), "units": rows(found.by_unit), "sectors": rows(found.by_sector),
            "months": rows(found.by_month), **{name: rows(r) for name, (_l, r) in found.by_profile.items()},
        }
        return Response(ResultsSerializer(payload).data)
