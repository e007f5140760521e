"""REST endpoints of the petitions app, scoped like the pages: reads need the view permission on the
petition's unit; the national portal's push needs the edit permission on each item's unit."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from cchc.core.api import ScopedViewSet
from cchc.petitions import selectors, services
from cchc.petitions.api.serializers import (
    PetitionBatchResultSerializer,
    PetitionBatchSerializer,
    PetitionEventSerializer,
    PetitionSerializer,
)
from cchc.petitions.choices import Status
from cchc.petitions.models import Petition
from cchc.units.roles import Perm
from cchc.units.scoping import visible_unit_ids


class PetitionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Petitions of the caller's units; ``batch`` records petitions pushed by the national portal."""

    serializer_class = PetitionSerializer
    queryset = Petition.objects.select_related("unit", "rating").order_by("pk")
    permission = Perm.VIEW
    write_permission = Perm.EDIT

    def get_queryset(self):
        rows = super().get_queryset()
        unit = self.request.query_params.get("unit", "")
        if unit.isdigit() and len(unit) <= 18:
            rows = rows.filter(unit_id=int(unit))
        status = self.request.query_params.get("status", "")
        if status in Status.values:
            rows = rows.filter(status=status)
        return rows

    @extend_schema(parameters=[OpenApiParameter("unit", int, description="Only this unit's petitions"),
                               OpenApiParameter("status", str, enum=Status.values)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=PetitionEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        events = selectors.petition_events(self.get_object())
        return Response(PetitionEventSerializer(events, many=True).data)

    @extend_schema(
        request=PetitionBatchSerializer,
        responses={200: PetitionBatchResultSerializer,
                   400: OpenApiResponse(description="Per-item errors by position in the list: {\"items\": {\"0\": [\"…\"]}}")},
        description="Idempotent on the national portal code: re-sending a batch records nothing twice. All or nothing. "
        f"At most {services.MAX_BATCH_ITEMS} petitions per batch.",
    )
    @action(detail=False, methods=["post"])
    def batch(self, request):
        writable = visible_unit_ids(request.user, Perm.EDIT)
        if not writable:
            raise exceptions.PermissionDenied()
        payload = PetitionBatchSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            result = services.petitions_import(items=payload.validated_data["items"], actor=request.user, writable_unit_ids=writable)
        except services.RowErrors as error:
            items: dict[str, list[str]] = {}
            for position, message in error.rows:
                items.setdefault(str(position), []).append(message)
            raise exceptions.ValidationError({"items": items}) from error
        return Response({"created": [p.pk for p in result.created], "unchanged": result.unchanged})
