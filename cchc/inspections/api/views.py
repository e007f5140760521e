"""REST endpoints for inspection plans, inspections and recommendations, scoped like the pages.

Reads: the inspecting unit's reach, and an inspected unit's for its own inspections and recommendations.
Writes: edit permission on the inspecting unit (plans, scheduling, recording, findings, closing and
reopening); update-progress permission on the assigned unit (progress on a recommendation).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action

from cchc.core.api import ScopedViewSet
from cchc.inspections import selectors, services
from cchc.inspections.api.serializers import (
    AnswerWriteSerializer,
    CloseSerializer,
    FindingSerializer,
    FindingWriteSerializer,
    InspectionPlanSerializer,
    InspectionPlanUpdateSerializer,
    InspectionPlanWriteSerializer,
    InspectionSerializer,
    RecordSerializer,
    RemediationItemSerializer,
    RemediationProgressSerializer,
    ReopenSerializer,
    ScheduleSerializer,
)
from cchc.inspections.choices import ItemState
from cchc.inspections.models import ChecklistItem, Inspection, InspectionPlan, RemediationItem
from cchc.plans.api.views import ActionPermissionMixin
from cchc.plans.services import EvidenceInput
from cchc.units.roles import Perm


def _people(unit, user, data: dict) -> dict:
    """``team`` (usernames) and ``team_lead`` (a username) as users among those who may sit on the unit's team; any
    other name is refused in the same words whether or not it exists."""
    found = {}
    people = selectors.users_for_team(unit, user)
    if "team" in data:
        names = list(dict.fromkeys(data["team"]))
        users = {u.username: u for u in people.filter(username__in=names)}
        for name in names:
            if name not in users:
                raise ValidationError({"team": _("{name} is not a person who can sit on the team of {unit}.").format(
                    name=name[:150], unit=unit.name)})
        found["team"] = [users[name] for name in names]
    if "team_lead" in data:
        name = data["team_lead"]
        lead = people.filter(username=name).first() if name else None
        if name and lead is None:
            raise ValidationError({"team_lead": _("{name} is not a person who can sit on the team of {unit}.").format(
                name=name[:150], unit=unit.name)})
        found["team_lead"] = lead
    return found


def _evidence(data) -> EvidenceInput | None:
    return EvidenceInput(**data) if data else None


class InspectionPlanViewSet(ActionPermissionMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Inspection plans: the units to inspect, the team, the checklist, the coverage target and its live coverage."""

    serializer_class = InspectionPlanSerializer
    queryset = InspectionPlan.objects.select_related("unit", "team_lead").prefetch_related("team", "checklist").order_by("pk")
    permission = Perm.VIEW
    write_permission = Perm.EDIT
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        plans = super().get_queryset()
        for name in ("unit", "year"):
            value = self.request.query_params.get(name, "")
            if value.isdigit() and len(value) <= 18:
                plans = plans.filter(**{name: int(value)})
        return plans

    @extend_schema(parameters=[OpenApiParameter("unit", int, description="Only this unit's plans"), OpenApiParameter("year", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=InspectionPlanWriteSerializer, responses={201: InspectionPlanSerializer})
    def create(self, request, *args, **kwargs):
        data = dict(self.payload(InspectionPlanWriteSerializer))
        self.check_write_unit(data["unit"].pk)
        checklist = data.pop("checklist")
        data.update(_people(data["unit"], request.user, data))
        plan = services.inspection_plan_create(actor=request.user, **data)
        for line in checklist:
            services.checklist_item_add(plan=plan, actor=request.user, **line)
        return self.reply(InspectionPlanSerializer, plan, code=status.HTTP_201_CREATED)

    @extend_schema(request=InspectionPlanUpdateSerializer, responses=InspectionPlanSerializer)
    def partial_update(self, request, *args, **kwargs):
        plan = self.get_object()
        data = dict(self.payload(InspectionPlanUpdateSerializer))
        data.update(_people(plan.unit, request.user, data))
        plan = services.inspection_plan_update(plan=plan, actor=request.user, **data)
        return self.reply(InspectionPlanSerializer, InspectionPlan.objects.get(pk=plan.pk))


class InspectionViewSet(ActionPermissionMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Inspections: planned (``POST`` with a plan, a unit and a month), then ``record``ed, their checklist ``answer``ed and
    their ``findings`` added, each with the recommendation the inspected unit must carry out."""

    serializer_class = InspectionSerializer
    queryset = (
        Inspection.objects.select_related("plan", "team_lead")
        .prefetch_related("team", "answers__evidence", "findings", "items")
        .order_by("pk")
    )
    permission = Perm.VIEW
    write_permission = Perm.EDIT
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        inspections = super().get_queryset()
        for name in ("plan", "unit"):
            value = self.request.query_params.get(name, "")
            if value.isdigit() and len(value) <= 18:
                inspections = inspections.filter(**{name: int(value)})
        return inspections

    @extend_schema(parameters=[OpenApiParameter("plan", int, description="Only this plan's inspections"),
                               OpenApiParameter("unit", int, description="Only the inspections of this unit")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ScheduleSerializer, responses={201: InspectionSerializer})
    def create(self, request, *args, **kwargs):
        data = dict(self.payload(ScheduleSerializer))
        self.check_write_unit(data["plan"].unit_id)
        inspection = services.inspection_schedule(actor=request.user, **data)
        return self.reply(InspectionSerializer, inspection, code=status.HTTP_201_CREATED)

    @extend_schema(request=RecordSerializer, responses=InspectionSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        inspection = self.get_object()
        data = dict(self.payload(RecordSerializer))
        data.update(_people(inspection.plan.unit, request.user, data))
        services.inspection_record(inspection=inspection, actor=request.user, **data)
        return self.reply(InspectionSerializer, self.get_queryset().get(pk=inspection.pk))

    @extend_schema(request=AnswerWriteSerializer, responses=InspectionSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        inspection = self.get_object()
        data = dict(self.payload(AnswerWriteSerializer))
        item = ChecklistItem.objects.filter(pk=data["item"], plan=inspection.plan).first()
        services.checklist_answer_record(inspection=inspection, item=item, result=data["result"], note=data["note"],
                                         evidence=_evidence(data["evidence"]), actor=request.user)
        return self.reply(InspectionSerializer, self.get_queryset().get(pk=inspection.pk))

    @extend_schema(request=FindingWriteSerializer, responses={201: FindingSerializer})
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        finding = services.finding_add(inspection=self.get_object(), actor=request.user, **self.payload(FindingWriteSerializer))
        return self.reply(FindingSerializer, finding, code=status.HTTP_201_CREATED)


class RemediationItemViewSet(ActionPermissionMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Recommendations to carry out: the assigned unit reports ``progress`` with evidence; the inspecting unit
    ``close``s (with evidence) or ``reopen``s them."""

    serializer_class = RemediationItemSerializer
    queryset = (
        RemediationItem.objects.select_related("inspection__plan", "finding")
        .prefetch_related("updates__evidence", "updates__created_by", "decisions__evidence", "decisions__created_by")
        .order_by("pk")
    )
    permission = Perm.VIEW
    write_permission = Perm.EDIT
    action_permissions = {"progress": Perm.UPDATE_PROGRESS}
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        items = super().get_queryset()
        state = self.request.query_params.get("state", "")
        if state in ItemState.values:
            return items.filter(pk__in=[i.pk for i in selectors.item_list(self.request.user, state=state)])
        return items

    def check_write(self, obj) -> None:
        """Progress is reported by the assigned unit; closing and reopening are the inspecting unit's."""
        self.check_write_unit(obj.unit_id if self.action == "progress" else obj.inspection.plan.unit_id)

    @extend_schema(parameters=[OpenApiParameter("state", str, enum=ItemState.values,
                                                description="open, overdue, awaiting (reported done) or closed")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=RemediationProgressSerializer, responses={201: RemediationItemSerializer})
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        item = self.get_object()
        data = dict(self.payload(RemediationProgressSerializer))
        evidence = [EvidenceInput(**proof) for proof in data.pop("evidence")]
        services.remediation_progress_record(item=item, evidence=evidence, actor=request.user, **data)
        return self.reply(RemediationItemSerializer, self.get_queryset().get(pk=item.pk), code=status.HTTP_201_CREATED)

    @extend_schema(request=CloseSerializer, responses=RemediationItemSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        item = self.get_object()
        data = dict(self.payload(CloseSerializer))
        services.remediation_close(item=item, closed_on=data["closed_on"], note=data["note"],
                                   evidence=_evidence(data["evidence"]), actor=request.user)
        return self.reply(RemediationItemSerializer, self.get_queryset().get(pk=item.pk))

    @extend_schema(request=ReopenSerializer, responses=RemediationItemSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        item = self.get_object()
        services.remediation_reopen(item=item, actor=request.user, **self.payload(ReopenSerializer))
        return self.reply(RemediationItemSerializer, self.get_queryset().get(pk=item.pk))
