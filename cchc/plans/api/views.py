"""REST endpoints for plans, tasks, targets and progress, scoped like the pages.

Reads need the view permission on the row's unit (a task is also seen by the units taking part
in it); writes need: edit (plans, tasks, targets), approve (issue, amend), steer (assign a task
to units below), update progress (progress reports, measured values).
"""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from cchc.core.api import ScopedViewSet
from cchc.plans import selectors, services
from cchc.plans.api.serializers import (
    CascadeSerializer,
    HistorySerializer,
    ManualMeasurementSerializer,
    ManualMeasurementWriteSerializer,
    PlanAmendSerializer,
    PlanIssueSerializer,
    PlanSerializer,
    PlanUpdateSerializer,
    PlanVersionSerializer,
    PlanWriteSerializer,
    ProgressSerializer,
    ProgressWriteSerializer,
    TargetSerializer,
    TargetValueSerializer,
    TargetWriteSerializer,
    TaskSerializer,
    TaskUpdateSerializer,
    TaskWriteSerializer,
)
from cchc.plans.models import Plan, ProgressUpdate, Target, Task, TaskPeriod
from cchc.units.roles import Perm


class ActionPermissionMixin:
    """The write permission of each action (``action_permissions``), else the viewset's."""

    action_permissions: dict[str, str] = {}

    def initial(self, request, *args, **kwargs):
        self.write_permission = self.action_permissions.get(self.action, type(self).write_permission)
        super().initial(request, *args, **kwargs)

    def payload(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def reply(self, serializer_class, instance, *, many=False, code=status.HTTP_200_OK):
        return Response(serializer_class(instance, many=many, context=self.get_serializer_context()).data, status=code)


def _plan_filters():
    return [OpenApiParameter("unit", int, description="Only this unit's plans"), OpenApiParameter("year", int)]


class PlanViewSet(ActionPermissionMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Annual reform plans; ``issue`` and ``amend`` are the head of unit's."""

    serializer_class = PlanSerializer
    queryset = Plan.objects.select_related("unit").order_by("pk")
    permission = Perm.VIEW
    write_permission = Perm.EDIT
    action_permissions = {"issue": Perm.APPROVE, "amend": Perm.APPROVE}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        plans = super().get_queryset()
        for name in ("unit", "year"):
            value = self.request.query_params.get(name, "")
            if value.isdigit():
                plans = plans.filter(**{name: int(value)})
        return plans

    @extend_schema(parameters=_plan_filters())
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=PlanWriteSerializer, responses={201: PlanSerializer})
    def create(self, request, *args, **kwargs):
        data = dict(self.payload(PlanWriteSerializer))
        self.check_write_unit(data["unit"].pk)
        plan = services.plan_create(actor=request.user, **data)
        return self.reply(PlanSerializer, plan, code=status.HTTP_201_CREATED)

    @extend_schema(request=PlanUpdateSerializer, responses=PlanSerializer)
    def partial_update(self, request, *args, **kwargs):
        plan = self.get_object()
        plan = services.plan_update(plan=plan, actor=request.user, **self.payload(PlanUpdateSerializer))
        return self.reply(PlanSerializer, plan)

    @extend_schema(request=PlanIssueSerializer, responses=PlanVersionSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        version = services.plan_issue(plan=self.get_object(), actor=request.user, **self.payload(PlanIssueSerializer))
        return self.reply(PlanVersionSerializer, version)

    @extend_schema(request=PlanAmendSerializer, responses=PlanVersionSerializer)
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        version = services.plan_amend(plan=self.get_object(), actor=request.user, **self.payload(PlanAmendSerializer))
        return self.reply(PlanVersionSerializer, version)

    @extend_schema(responses=PlanVersionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def versions(self, request, pk=None):
        plan = self.get_object()
        return self.reply(PlanVersionSerializer, plan.versions.select_related("created_by").order_by("number"), many=True)

    @extend_schema(responses=HistorySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        return self.reply(HistorySerializer, selectors.audit_trail(self.get_object()), many=True)


class TaskViewSet(ActionPermissionMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Tasks of plans; the units leading or coordinating a task see it too. ``cascade`` assigns a task to units below."""

    serializer_class = TaskSerializer
    queryset = (
        Task.objects.select_related("area")
        .prefetch_related("coordinating_units", Prefetch("periods", queryset=TaskPeriod.objects.order_by("due_date", "pk")))
        .order_by("pk")
    )
    permission = Perm.VIEW
    write_permission = Perm.EDIT
    action_permissions = {"cascade": Perm.STEER}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        tasks = super().get_queryset()
        plan = self.request.query_params.get("plan", "")
        return tasks.filter(plan_id=int(plan)) if plan.isdigit() else tasks

    @extend_schema(parameters=[OpenApiParameter("plan", int, description="Only this plan's tasks")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=TaskWriteSerializer, responses={201: TaskSerializer})
    def create(self, request, *args, **kwargs):
        data = dict(self.payload(TaskWriteSerializer))
        self.check_write_unit(data["plan"].unit_id)
        task = services.task_create(actor=request.user, **data)
        return self.reply(TaskSerializer, task, code=status.HTTP_201_CREATED)

    @extend_schema(request=TaskUpdateSerializer, responses=TaskSerializer)
    def partial_update(self, request, *args, **kwargs):
        task = services.task_update(task=self.get_object(), actor=request.user, **self.payload(TaskUpdateSerializer))
        return self.reply(TaskSerializer, task)

    @extend_schema(request=CascadeSerializer, responses=TaskSerializer(many=True))
    @action(detail=True, methods=["post"])
    def cascade(self, request, pk=None):
        copies = services.task_cascade(task=self.get_object(), units=self.payload(CascadeSerializer)["units"], actor=request.user)
        return self.reply(TaskSerializer, copies, many=True)

    @extend_schema(responses=HistorySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        return self.reply(HistorySerializer, selectors.task_history(self.get_object()), many=True)


class TargetViewSet(ActionPermissionMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Measurable targets of plans; ``record_value`` stores a measured value."""

    serializer_class = TargetSerializer
    queryset = Target.objects.select_related("plan").order_by("pk")
    permission = Perm.VIEW
    write_permission = Perm.EDIT
    action_permissions = {"record_value": Perm.UPDATE_PROGRESS, "report_measurement": Perm.UPDATE_PROGRESS}

    @extend_schema(request=TargetWriteSerializer, responses={201: TargetSerializer})
    def create(self, request, *args, **kwargs):
        data = dict(self.payload(TargetWriteSerializer))
        self.check_write_unit(data["plan"].unit_id)
        target = services.target_create(actor=request.user, **data)
        return self.reply(TargetSerializer, target, code=status.HTTP_201_CREATED)

    @extend_schema(request=TargetValueSerializer, responses=TargetSerializer)
    @action(detail=True, methods=["post"], url_path="record-value")
    def record_value(self, request, pk=None):
        target = services.target_record_value(target=self.get_object(), actor=request.user, **self.payload(TargetValueSerializer))
        return self.reply(TargetSerializer, target)

    @extend_schema(request=ManualMeasurementWriteSerializer, responses={201: ManualMeasurementSerializer})
    @action(detail=True, methods=["post"], url_path="manual-measurements")
    def report_measurement(self, request, pk=None):
        """Report, for a target of the manual metric, a numerator and a denominator for a period, with its evidence."""
        data = dict(self.payload(ManualMeasurementWriteSerializer))
        evidence = services.EvidenceInput(document_number=data.pop("document_number"), document_date=data.pop("document_date", None),
                                          issuer=data.pop("issuer", ""))
        measurement = services.manual_measurement_record(target=self.get_object(), evidence=evidence, actor=request.user, **data)
        return self.reply(ManualMeasurementSerializer, measurement, code=status.HTTP_201_CREATED)


class ProgressViewSet(ActionPermissionMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Progress reports per task period and unit, with their evidence records; never edited, only added."""

    serializer_class = ProgressSerializer
    queryset = ProgressUpdate.objects.select_related("period", "created_by").prefetch_related("evidence").order_by("pk")
    permission = Perm.VIEW
    write_permission = Perm.UPDATE_PROGRESS

    def get_queryset(self):
        updates = super().get_queryset()
        task = self.request.query_params.get("task", "")
        return updates.filter(period__task_id=int(task)) if task.isdigit() else updates

    @extend_schema(parameters=[OpenApiParameter("task", int, description="Only this task's reports")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ProgressWriteSerializer, responses={201: ProgressSerializer})
    def create(self, request, *args, **kwargs):
        data = dict(self.payload(ProgressWriteSerializer))
        self.check_write_unit(data["unit"].pk)
        evidence = [services.EvidenceInput(**item) for item in data.pop("evidence")]
        update = services.progress_record(actor=request.user, evidence=evidence, **data)
        return self.reply(ProgressSerializer, update, code=status.HTTP_201_CREATED)
