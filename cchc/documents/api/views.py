"""REST endpoints of plan imports, scoped like the pages: uploads and confirmations need the edit
permission on the unit; reading the job needs the view permission."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from cchc.core.api import ScopedViewSet
from cchc.documents import selectors, services
from cchc.documents.api.serializers import (
    ImportConfirmSerializer,
    ImportJobSerializer,
    ImportUploadSerializer,
)
from cchc.documents.models import ImportJob
from cchc.units.roles import Perm


class ImportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Plan documents uploaded to be read into draft plans; ``confirm`` creates the draft plan."""

    serializer_class = ImportJobSerializer
    queryset = ImportJob.objects.select_related("unit").order_by("-pk")
    permission = Perm.VIEW
    write_permission = Perm.EDIT
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    http_method_names = ["get", "post", "head", "options"]

    def payload(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(request={"multipart/form-data": ImportUploadSerializer}, responses={201: ImportJobSerializer})
    def create(self, request, *args, **kwargs):
        """Upload a plan document (DOCX, PDF, TXT, or a scan or photo as JPG/PNG; 20 MB at most); it is read in the background."""
        data = self.payload(ImportUploadSerializer)
        self.check_write_unit(data["unit"].pk)
        job = services.import_upload(unit=data["unit"], file=data["file"], actor=request.user)
        return Response(ImportJobSerializer(job).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ImportConfirmSerializer, responses=ImportJobSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Create the draft plan from the extracted draft, as ``import_plan --save`` does."""
        job = self.get_object()
        data = self.payload(ImportConfirmSerializer)
        draft = job.result.get("draft") or {}
        reviewed = selectors.reviewed_from_draft(draft, job.result.get("units") or {}, job.unit)
        for name, value in data.items():
            setattr(reviewed, name, value)
        services.import_confirm(job=job, reviewed=reviewed, actor=request.user)
        job.refresh_from_db()
        return Response(ImportJobSerializer(job).data)
