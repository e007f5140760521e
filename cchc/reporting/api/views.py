"""The reporting API: national and provincial systems pull reports, their status and frozen figures,
scoped like the pages; focal officers may send and steering officers review through it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from cchc.core.api import ScopedViewSet
from cchc.reporting import selectors, services
from cchc.reporting.api.serializers import (
    CompletenessSerializer,
    PeriodSerializer,
    ReportSerializer,
    ReviewSerializer,
    SubmitSerializer,
)
from cchc.reporting.models import Report, ReportingPeriod
from cchc.units.roles import Perm


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Reports of the units the caller may see; filter by ``period``, ``unit`` or ``status``."""

    serializer_class = ReportSerializer
    queryset = Report.objects.select_related("unit", "period__calendar").order_by("pk")
    permission = Perm.VIEW
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["period", "unit", "status"]

    def check_write(self, obj) -> None:
        """Each action checks its own right (below)."""

    def _require(self, allowed: bool) -> None:
        if not allowed:
            raise PermissionDenied

    @extend_schema(request=SubmitSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send the report up (the unit's focal officer), in the revision last read; its figures are frozen."""
        report = self.get_object()
        self._require(selectors.can_edit(request.user, report))
        payload = SubmitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if payload.validated_data["revision"] != report.revision:
            raise ValidationError(
                {"revision": _("The report changed since you read it; read it again before sending.")}
            )
        report = services.report_submit(report=report, actor=request.user)
        return Response(self.get_serializer(report).data)

    @extend_schema(request=ReviewSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """Accept a received report or return it with a reason (the steering unit's officers)."""
        report = self.get_object()
        self._require(selectors.can_review(request.user, report))
        payload = ReviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if payload.validated_data["decision"] == "accept":
            report = services.report_accept(report=report, actor=request.user)
        else:
            report = services.report_return(
                report=report, reason=payload.validated_data.get("reason", ""), actor=request.user
            )
        return Response(self.get_serializer(report).data)


class ReportingPeriodViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Periods of the calendars set by units the caller may see, with their completeness."""

    serializer_class = PeriodSerializer
    queryset = ReportingPeriod.objects.select_related("calendar").order_by("data_to", "pk")
    permission = Perm.VIEW
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["calendar", "kind"]

    @extend_schema(responses=CompletenessSerializer)
    @action(detail=True, methods=["get"])
    def completeness(self, request, pk=None):
        """Every unit expected for the period, its report's status and timeliness, and the counts."""
        return Response(CompletenessSerializer(selectors.rollup(self.get_object())).data)
