from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from cchc.core.api import ScopedViewSet
from cchc.procedures import services
from cchc.procedures.api.serializers import (
    DossierBatchResultSerializer,
    DossierBatchSerializer,
    DossierSerializer,
    ProcedureSerializer,
)
from cchc.procedures.choices import BatchSource
from cchc.procedures.models import Dossier, Procedure
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import UnitGraph, visible_unit_ids


class ProcedureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The TTHC catalogue that applies to the caller's units."""

    serializer_class = ProcedureSerializer
    queryset = Procedure.objects.select_related("unit").order_by("code")
    permission = Perm.VIEW


class DossierViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Dossiers of the caller's units; ``batch`` upserts dossiers pushed by the one-stop system."""

    serializer_class = DossierSerializer
    queryset = Dossier.objects.select_related("procedure", "unit", "due_rule").order_by("pk")
    permission = Perm.VIEW
    write_permission = Perm.EDIT

    @extend_schema(
        request=DossierBatchSerializer,
        responses={
            200: DossierBatchResultSerializer,
            400: OpenApiResponse(description="Per-item errors by position in the list: {\"items\": {\"0\": [\"…\"]}}"),
        },
        description="Idempotent upsert on the dossier code: re-sending a batch changes nothing. All or nothing. "
        f"At most {services.MAX_BATCH_ITEMS} dossiers per batch.",
    )
    @action(detail=False, methods=["post"])
    def batch(self, request):
        writable = visible_unit_ids(request.user, Perm.EDIT)
        if not writable:
            raise exceptions.PermissionDenied()
        payload = DossierBatchSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            result = services.dossiers_ingest(
                records=enumerate(payload.validated_data["items"]),
                actor=request.user,
                unit=self._sender(writable),
                source=BatchSource.API,
                name=f"API {request.user.get_username()}",
                writable_unit_ids=writable,
                line_label="#",
            )
        except services.RowErrors as error:
            items: dict[str, list[str]] = {}
            for position, message in error.rows:
                items.setdefault(str(position), []).append(message)
            raise exceptions.ValidationError({"items": items}) from error
        return Response({"batch": result.batch.pk, "created": result.created, "updated": result.updated,
                         "unchanged": result.unchanged})

    def _sender(self, writable: frozenset[int]) -> Unit:
        """The unit the push is recorded under: the switcher's unit if writable, else the highest writable unit."""
        chosen = getattr(self.request, "current_unit_id", None)
        if chosen not in writable:
            graph = UnitGraph.load()
            chosen = min(writable, key=lambda pk: (len(graph.ancestors(pk)), pk))
        return Unit.objects.get(pk=chosen)
