"""Pages of the plans app. Each view is scoped (``cchc.core.views``) and calls one selector or service."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core.uploads import file_response
from cchc.core.views import ScopedDetailView, ScopedListView, ServiceFormView
from cchc.plans import selectors, services
from cchc.plans.choices import TaskStatus
from cchc.plans.forms import (
    AmendForm,
    AreaForm,
    CascadeForm,
    IssueForm,
    ManualMeasurementForm,
    MyTasksFilterForm,
    PlanFilterForm,
    PlanForm,
    ProgressForm,
    SuggestionForm,
    TargetForm,
    TargetValueForm,
    TaskFilterForm,
    TaskForm,
    legal_bases_text,
)
from cchc.plans.models import Evidence, Plan, Target, Task, TaskPeriod
from cchc.plans.versions import diff_snapshots
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import user_can, visible_unit_ids


class PlanListView(ScopedListView):
    """Plans per unit and year."""

    template_name = "plans/list.html"
    queryset = Plan.objects.all()
    context_object_name = "plans"
    paginate_by = 50

    def get_queryset(self):
        self.form = PlanFilterForm(self.request.GET or None)
        filters = self.form.cleaned_data if self.form.is_valid() else {}
        if filters.get("awaiting") == "approval":
            plans = selectors.plans_awaiting_approval(self.request.user)
            plans = plans.filter(year=filters["year"]) if filters.get("year") else plans
        else:
            plans = selectors.plan_list(self.request.user, year=filters.get("year"))
        if filters.get("q"):
            plans = plans.filter(Q(unit__name__icontains=filters["q"]) | Q(title__icontains=filters["q"]))
        return plans

    def get_context_data(self, **kwargs):
        current = getattr(self.request, "current_unit_id", None)
        can_create = current is not None and user_can(self.request.user, Perm.EDIT, current)
        return super().get_context_data(form=self.form, create_unit_id=current if can_create else None, **kwargs)


class PlanDetailView(ScopedDetailView):
    """The plan with its tasks grouped by area, filters and a progress chart by area."""

    template_name = "plans/detail.html"
    queryset = Plan.objects.select_related("unit", "parent_plan__unit")
    context_object_name = "plan"

    def get_template_names(self):
        return ["plans/_tasks.html"] if self.request.htmx else [self.template_name]

    def get_context_data(self, **kwargs):
        plan, user, today = self.object, self.request.user, timezone.localdate()
        status_labels = {value: str(label) for value, label in TaskStatus.choices}
        table = selectors.plan_task_table(plan, today, status_labels)
        form = TaskFilterForm(self.request.GET or None, areas=table.areas, leads=table.leads)
        filters = selectors.TaskFilters(**form.cleaned_data) if form.is_valid() else selectors.TaskFilters()
        if filters == selectors.TaskFilters():
            groups, shown = table.groups, table.shown
        else:
            tasks = selectors.filter_tasks(selectors.plan_tasks(plan), filters, today)
            groups, shown = selectors.task_row_groups(table.areas, tasks, today, status_labels), len(tasks)
        targets, suggestions = selectors.plan_targets_and_suggestions(plan)
        return super().get_context_data(
            form=form,
            groups=groups,
            shown=shown,
            chart=table.chart,
            status_labels=status_labels,
            targets=targets,
            suggestions=suggestions,
            version_count=plan.versions.count(),
            readable_task_ids=selectors.readable_task_ids(user, plan),
            today=today,
            can_edit=user_can(user, Perm.EDIT, plan.unit_id),
            can_approve=user_can(user, Perm.APPROVE, plan.unit_id),
            can_steer=user_can(user, Perm.STEER, plan.unit_id),
            can_report=user_can(user, Perm.UPDATE_PROGRESS, plan.unit_id),
            **kwargs,
        )


class PlanVersionsView(ScopedDetailView):
    """Each issued version with who recorded it under which decision, and what changed."""

    template_name = "plans/versions.html"
    queryset = Plan.objects.select_related("unit")
    context_object_name = "plan"

    def get_context_data(self, **kwargs):
        versions = list(self.object.versions.select_related("created_by").order_by("number"))
        rows = [(version, diff_snapshots(versions[i - 1].snapshot, version.snapshot) if i else None)
                for i, version in enumerate(versions)]
        pending = diff_snapshots(versions[-1].snapshot, selectors.plan_snapshot(self.object)) if versions else None
        return super().get_context_data(rows=list(reversed(rows)), pending=pending, field_labels=field_labels(), **kwargs)


def field_labels() -> dict[str, str]:
    """Human names of the snapshot fields, for the version diff."""
    labels = {field.name: str(field.verbose_name) for model in (Plan, Task) for field in model._meta.fields}
    labels.update(area=str(_("reform area")), coordinating_units=str(_("coordinating units")), parent_plan=str(_("superior plan")))
    return labels


class PlanCoverageView(ScopedDetailView):
    """For a superior plan: which units below took up which task, and which no unit took up."""

    template_name = "plans/coverage.html"
    queryset = Plan.objects.select_related("unit")
    context_object_name = "plan"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            coverage=selectors.plan_coverage(self.object, user),
            readable_task_ids=selectors.readable_task_ids(user, self.object),
            **kwargs,
        )


class PlanCreateView(ServiceFormView):
    """A new draft plan of the unit on the page."""

    queryset = Unit.objects.all()
    write_permission = Perm.EDIT
    form_class = PlanForm
    title = gettext_lazy("New plan")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "unit": self.object}

    def run_service(self, form):
        self.success_message = _("The draft plan was created.")
        return services.plan_create(unit=self.object, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, result=None):
        return result.get_absolute_url()


class PlanEditView(ServiceFormView):
    queryset = Plan.objects.select_related("unit")
    write_permission = Perm.EDIT
    form_class = PlanForm
    title = gettext_lazy("Edit the plan")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "unit": self.object.unit, "plan": self.object}

    def get_initial(self):
        plan = self.object
        initial = {name: getattr(plan, name) for name in ("title", "number", "place", "parent_plan", "purpose", "requirements",
                                                          "goals", "implementation")}
        return {**initial, "legal_bases": legal_bases_text(plan.legal_bases)}

    def run_service(self, form):
        self.success_message = _("The plan was saved.")
        return services.plan_update(plan=self.object, actor=self.request.user, **form.cleaned_data)


class PlanIssueView(ServiceFormView):
    """The head of unit issues the plan (number, date, signer)."""

    queryset = Plan.objects.select_related("unit")
    write_permission = Perm.APPROVE
    form_class = IssueForm
    title = gettext_lazy("Issue the plan")

    def get_initial(self):
        return {"number": self.object.number, "signer_name": self.object.signer_name, "signer_title": self.object.signer_title}

    def run_service(self, form):
        self.success_message = _("The plan was issued.")
        services.plan_issue(plan=self.object, actor=self.request.user, **form.cleaned_data)
        return self.object


class PlanAmendView(ServiceFormView):
    """The head of unit records an amendment: the current content becomes a new version."""

    queryset = Plan.objects.select_related("unit")
    write_permission = Perm.APPROVE
    form_class = AmendForm
    title = gettext_lazy("Record an amendment")

    def run_service(self, form):
        self.success_message = _("The amendment was recorded.")
        services.plan_amend(plan=self.object, actor=self.request.user, **form.cleaned_data)
        return self.object


class AreaCreateView(ServiceFormView):
    queryset = Plan.objects.select_related("unit")
    write_permission = Perm.EDIT
    form_class = AreaForm
    title = gettext_lazy("Add a reform area")

    def run_service(self, form):
        self.success_message = _("The area was added.")
        services.area_create(plan=self.object, actor=self.request.user, **form.cleaned_data)
        return self.object


class TaskCreateView(ServiceFormView):
    queryset = Plan.objects.select_related("unit", "parent_plan")
    write_permission = Perm.EDIT
    form_class = TaskForm
    title = gettext_lazy("Add a task")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.object}

    def run_service(self, form):
        self.success_message = _("The task was added.")
        return services.task_create(plan=self.object, actor=self.request.user, **form.service_fields())


class TaskDetailView(ScopedDetailView):
    """A task: its periods, each unit's progress and evidence, where it comes from and its history."""

    template_name = "plans/task_detail.html"
    queryset = Task.objects.select_related("plan__unit", "area", "lead_unit", "parent", "source_task__plan__unit")
    context_object_name = "task"

    def get_context_data(self, **kwargs):
        task, user = self.object, self.request.user
        reporting = visible_unit_ids(user, Perm.UPDATE_PROGRESS)
        return super().get_context_data(
            progress=selectors.task_progress(task),
            history=selectors.task_history(task),
            copies=task.cascaded_tasks.visible_to(user, Perm.VIEW).select_related("plan__unit").prefetch_related("periods"),
            children=task.children.all(),
            today=timezone.localdate(),
            can_edit=user_can(user, Perm.EDIT, task.plan.unit_id),
            can_steer=user_can(user, Perm.STEER, task.plan.unit_id) and not task.plan.is_draft,
            can_report=not task.plan.is_draft and any(u in reporting for u in task.participant_unit_ids()),
            **kwargs,
        )


class TaskEditView(ServiceFormView):
    queryset = Task.objects.select_related("plan__unit", "plan__parent_plan")
    write_permission = Perm.EDIT
    form_class = TaskForm
    title = gettext_lazy("Edit the task")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.object.plan}

    def get_initial(self):
        task = self.object
        names = ("area", "number", "title", "parent", "lead_unit", "lead_text", "coordinators_text", "timeframe", "due_date",
                 "recurrence", "budget_source", "budget_amount", "source_task")
        return {**{name: getattr(task, name) for name in names}, "products": "\n".join(task.products),
                "coordinating_units": list(task.coordinating_units.all())}

    def run_service(self, form):
        self.success_message = _("The task was saved.")
        return services.task_update(task=self.object, actor=self.request.user, **form.service_fields())


class TaskCascadeView(ServiceFormView):
    """The steering unit assigns a task of its plan to units below; each gets it in its own plan."""

    queryset = Task.objects.select_related("plan__unit", "area")
    write_permission = Perm.STEER
    form_class = CascadeForm
    title = gettext_lazy("Assign to units below")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "task": self.object}

    def run_service(self, form):
        copies = services.task_cascade(task=self.object, units=form.cleaned_data["units"], actor=self.request.user)
        self.success_message = _("The task was assigned to {n} unit(s).").format(n=len(copies))
        return self.object


class ProgressCreateView(ServiceFormView):
    """A unit taking part in the task reports its progress with evidence."""

    queryset = Task.objects.select_related("plan__unit", "lead_unit").prefetch_related("coordinating_units")
    write_permission = Perm.UPDATE_PROGRESS
    form_class = ProgressForm
    title = gettext_lazy("Report progress")

    def check_write(self, obj) -> None:
        """Anyone who reports for one of the task's units may report; others get 403."""
        mine = visible_unit_ids(self.request.user, self.write_permission)
        if not any(unit_id in mine for unit_id in obj.participant_unit_ids()):
            raise PermissionDenied(self.write_permission)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "task": self.object}

    def get_initial(self):
        return {"reported_on": timezone.localdate()}

    def run_service(self, form):
        data = form.cleaned_data
        services.progress_record(
            period=data["period"], unit=data["unit"], status=data["status"], percent=data["percent"],
            reported_on=data["reported_on"], note=data["note"], lateness_reason=data["lateness_reason"],
            evidence=form.evidence_inputs(), actor=self.request.user,
        )
        self.success_message = _("The progress was recorded.")
        return self.object


class EvidenceFileView(ScopedDetailView):
    """The evidence file, always as a download."""

    queryset = Evidence.objects.all()

    def get(self, request, *args, **kwargs):
        evidence = self.get_object()
        if not evidence.file:
            raise Http404
        try:
            return file_response(evidence.file, download_name=evidence.file_name)
        except FileNotFoundError as exc:  # the record outlived its file (storage restored from an older backup)
            raise Http404 from exc


class MyTasksView(ScopedListView):
    """"Việc của tôi": open periods of the tasks the user's units lead or coordinate, soonest due first;
    ``?show=overdue|due_soon|review`` keeps the rows the home page counts (``selectors.my_task_list``)."""

    template_name = "plans/my_tasks.html"
    queryset = TaskPeriod.objects.all()
    context_object_name = "periods"
    paginate_by = 100

    def get_queryset(self):
        self.form = MyTasksFilterForm(self.request.GET or None)
        show = self.form.cleaned_data["show"] if self.form.is_valid() else ""
        return selectors.my_task_list(self.request.user, today=timezone.localdate(), show=show)

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), form=self.form, **kwargs)


class TargetCreateView(ServiceFormView):
    queryset = Plan.objects.select_related("unit")
    write_permission = Perm.EDIT
    form_class = TargetForm
    title = gettext_lazy("Add a target")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.object}

    def run_service(self, form):
        self.success_message = _("The target was added.")
        services.target_create(plan=self.object, actor=self.request.user, **form.cleaned_data)
        return self.object


class TargetRecordView(ServiceFormView):
    """Record the value measured for a target."""

    queryset = Target.objects.select_related("plan__unit")
    write_permission = Perm.UPDATE_PROGRESS
    form_class = TargetValueForm
    title = gettext_lazy("Record a measured value")

    def run_service(self, form):
        self.success_message = _("The value was recorded.")
        target = services.target_record_value(target=self.object, actor=self.request.user, **form.cleaned_data)
        return target.plan

    def get_success_url(self, result=None):
        return result.get_absolute_url()


class TargetMeasureView(ServiceFormView):
    """The unit reports, for a target no catalogue metric computes, a numerator and a denominator for
    a period with the evidence that proves them."""

    queryset = Target.objects.select_related("plan__unit")
    write_permission = Perm.UPDATE_PROGRESS
    form_class = ManualMeasurementForm
    title = gettext_lazy("Report a target's numerator and denominator")

    def get_initial(self):
        return {"period_start": dt.date(self.object.plan.year, 1, 1)}

    def run_service(self, form):
        data = form.cleaned_data
        evidence = services.EvidenceInput(file=data.get("file"), document_number=data.get("document_number", ""),
                                          document_date=data.get("document_date"), issuer=data.get("issuer", ""))
        services.manual_measurement_record(
            target=self.object, period_start=data["period_start"], period_end=data["period_end"], numerator=data["numerator"],
            denominator=data["denominator"], evidence=evidence, actor=self.request.user,
        )
        self.success_message = _("The value was recorded.")
        return self.object.plan

    def get_success_url(self, result=None):
        return result.get_absolute_url() + "#targets"


class TargetAcceptView(ServiceFormView):
    """The plan's unit accepts a target suggested by the superior plan."""

    queryset = Target.objects.select_related("plan__unit")
    write_permission = Perm.EDIT
    form_class = SuggestionForm
    title = gettext_lazy("Accept the suggested target")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "target": self.object}

    def run_service(self, form):
        self.success_message = _("The target was added to the plan.")
        return services.target_suggestion_accept(target=self.object, actor=self.request.user).plan

    def get_success_url(self, result=None):
        return result.get_absolute_url() + "#targets"


class TargetDropView(TargetAcceptView):
    """The plan's unit drops a target suggested by the superior plan."""

    title = gettext_lazy("Drop the suggested target")

    def run_service(self, form):
        self.success_message = _("The suggestion was dropped.")
        return services.target_suggestion_drop(target=self.object, actor=self.request.user)
