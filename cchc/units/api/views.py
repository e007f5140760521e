from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from cchc.core.api import ScopedViewSet
from cchc.units import services
from cchc.units.api.serializers import MembershipEndSerializer, MembershipSerializer, UnitSerializer
from cchc.units.models import Membership, Unit, UnitChange
from cchc.units.roles import Perm
from cchc.units.scoping import may_grant_on


class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Units the caller may see, closed units included, with their reorganisation links."""

    serializer_class = UnitSerializer
    queryset = Unit.objects.prefetch_related(
        Prefetch("changes_as_predecessor", queryset=UnitChange.objects.prefetch_related("successors")),
        Prefetch("changes_as_successor", queryset=UnitChange.objects.prefetch_related("predecessors")),
    ).order_by("pk")
    permission = Perm.VIEW


class MembershipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    """Roles held on units the caller may see; granting and ending need the right to manage members."""

    serializer_class = MembershipSerializer
    queryset = Membership.objects.select_related("user", "unit").order_by("pk")
    permission = Perm.VIEW
    write_permission = Perm.MANAGE_MEMBERS

    def check_write(self, membership) -> None:
        """Ending needs the same right as granting: 403 unless the caller may grant this role there."""
        if not may_grant_on(self.request.user, membership.role, membership.unit):
            raise PermissionDenied()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        self.check_write_unit(data["unit"].pk)
        # whether this role may be granted on this unit is the service's rule (400 on the role field)
        serializer.instance = services.membership_create(actor=self.request.user, **data)

    @extend_schema(request=MembershipEndSerializer, responses=MembershipSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        membership = self.get_object()
        payload = MembershipEndSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        membership = services.membership_end(membership=membership, actor=request.user, **payload.validated_data)
        return Response(MembershipSerializer(membership, context={"request": request}).data, status=status.HTTP_200_OK)
