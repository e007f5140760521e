"""The public API (tag "Công khai"): read-only, open to anyone without a token, published content only.

The same data as the portal's pages and open-data files; nothing here is scoped because nothing here is
internal: what a head of unit did not publish is not found (404), whoever asks.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from cchc.portal import cache, plan_section, search, sections, selectors
from cchc.portal.api.serializers import (
    PublicPlanDetailSerializer,
    PublicPlanSerializer,
    PublicUnitSerializer,
    TableEntrySerializer,
    TableSerializer,
)
from cchc.portal.views import licence, table_data

TAG = "Công khai"


class PublicMixin:
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    #: ids a database row can have (at most 18 digits); anything else is a 404 by URL
    lookup_value_regex = r"[0-9]{1,18}"


def _number(request, name: str) -> int | None:
    value = request.query_params.get(name, "")
    return int(value) if value.isdigit() and len(value) <= 18 else None


@extend_schema(tags=[TAG])
class TableListView(PublicMixin, APIView):
    """The open-data tables for each year with something published, with their addresses and licence."""

    @extend_schema(responses=TableEntrySerializer(many=True))
    def get(self, request):
        years = selectors.years() or [timezone.localdate().year]
        entries = [
            {"year": year, "name": spec.name, "title": spec.title, "description": spec.description,
             "csv": reverse("portal:table_csv", args=[year, spec.name]), "json": reverse("portal:table_json", args=[year, spec.name]),
             "licence": licence()}
            for year in years for _section, spec in sections.tables()
        ]
        return Response(TableEntrySerializer(entries, many=True).data)


@extend_schema(tags=[TAG])
class TableDetailView(PublicMixin, APIView):
    """One open-data table of a year, the same as its JSON file."""

    @extend_schema(responses=TableSerializer)
    def get(self, request, year: int, name: str):
        return Response(TableSerializer(table_data(year, name)).data)


@extend_schema(tags=[TAG])
class PlanViewSet(PublicMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Plans their head of unit published, with their progress; one plan with its tasks by reform area."""

    serializer_class = PublicPlanSerializer

    def get_queryset(self):
        return plan_section.published_plans(year=_number(self.request, "year"), unit=None).order_by("-year", "pk")

    def filter_queryset(self, queryset):
        unit = _number(self.request, "unit")
        return queryset.filter(unit_id=unit) if unit is not None else queryset

    @extend_schema(parameters=[OpenApiParameter("unit", int, description="Only this unit's plans"), OpenApiParameter("year", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=PublicPlanDetailSerializer)
    def retrieve(self, request, *args, **kwargs):
        plan = plan_section.published_plan(kwargs["pk"])
        if plan is None:
            raise Http404
        content = cache.remember(f"plan-content:{plan.pk}", lambda: plan_section.plan_content(plan, timezone.localdate()))
        data = {**PublicPlanSerializer(plan).data}
        data["areas"] = [{"number": area.number, "title": area.title, "tasks": [vars(task) for task in area.tasks]}
                         for area in content["areas"]]
        data["targets"] = content["targets"]
        return Response(PublicPlanDetailSerializer(data).data)


@extend_schema(tags=[TAG])
class UnitViewSet(PublicMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Units with a public page; ``q`` finds them by name without diacritics ("tran de")."""

    serializer_class = PublicUnitSerializer

    def get_queryset(self):
        query = self.request.query_params.get("q", "")
        if query:
            found = search.search(query, limit=100).units
            return selectors.public_units().filter(pk__in=[unit.pk for unit in found]).order_by("name", "pk")
        return selectors.public_units().order_by("name", "pk")

    @extend_schema(parameters=[OpenApiParameter("q", str, description="Part of the name, with or without diacritics")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
