"""Pages of the inspections app. Each view is scoped (``cchc.core.views``) and calls one selector or service.

Writes: the inspecting unit's people who edit (``Perm.EDIT``) plan, record and close; the assigned unit's people
who report progress (``Perm.UPDATE_PROGRESS``) report on its recommendations; administrators of units
(``Perm.MANAGE_UNITS``) replace the Word templates.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from cchc.core import docx_render, xlsx
from cchc.core.forms import is_row_id
from cchc.core.uploads import bytes_response, file_response
from cchc.core.views import ScopedDetailView, ScopedListView, ScopedMixin, ServiceFormView
from cchc.documents.views import DOCX
from cchc.inspections import documents, selectors, services
from cchc.inspections.choices import TemplateKind
from cchc.inspections.forms import (
    AnswerForm,
    ChecklistItemForm,
    CloseForm,
    FindingForm,
    ItemFilterForm,
    PlanFilterForm,
    PlanForm,
    RecordForm,
    RemediationProgressForm,
    ReopenForm,
    ScheduleForm,
    TemplateUploadForm,
)
from cchc.inspections.models import Inspection, InspectionPlan, InspectionTemplate, RemediationItem
from cchc.plans.models import Task
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import user_can, visible_unit_ids


def _current_unit_with(request, perm: str) -> int | None:
    current = getattr(request, "current_unit_id", None)
    return current if current is not None and user_can(request.user, perm, current) else None


# --- plans -------------------------------------------------------------------------------------------


class PlanListView(ScopedListView):
    """Inspection plans per unit and year, with how many inspections were carried out."""

    template_name = "inspections/list.html"
    queryset = InspectionPlan.objects.all()
    context_object_name = "plans"
    paginate_by = 50

    def get_queryset(self):
        self.form = PlanFilterForm(self.request.GET or None)
        filters = self.form.cleaned_data if self.form.is_valid() else {}
        return selectors.plan_list(self.request.user, year=filters.get("year"), query=filters.get("q") or "")

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, create_unit_id=_current_unit_with(self.request, Perm.EDIT),
                                        readable_unit_ids=visible_unit_ids(self.request.user, Perm.VIEW), **kwargs)


class PlanCreateView(ServiceFormView):
    """A new inspection plan of the unit on the page."""

    queryset = Unit.objects.all()
    write_permission = Perm.EDIT
    form_class = PlanForm
    title = gettext_lazy("New inspection plan")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "unit": self.object}

    def get_initial(self):
        return {"coverage_target": "100", "title": _("Inspection of administrative reform work")}

    def run_service(self, form):
        self.success_message = _("The inspection plan was created.")
        return services.inspection_plan_create(unit=self.object, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, result=None):
        return result.get_absolute_url()


class PlanDetailView(ScopedDetailView):
    """The plan: its coverage against the target, the inspections planned and carried out, team and checklist."""

    template_name = "inspections/plan_detail.html"
    queryset = InspectionPlan.objects.select_related("unit", "task__plan", "team_lead")
    context_object_name = "plan"

    def get_context_data(self, **kwargs):
        plan, user = self.object, self.request.user
        return super().get_context_data(
            coverage=selectors.plan_coverage(plan, on=timezone.localdate()),
            inspections=selectors.plan_inspections(plan),
            readable_ids=set(Inspection.objects.visible_to(user, Perm.VIEW).filter(plan=plan).values_list("pk", flat=True)),
            unit_readable=user_can(user, Perm.VIEW, plan.unit_id),
            task_readable=plan.task_id is not None and Task.objects.visible_to(user, Perm.VIEW).filter(pk=plan.task_id).exists(),
            checklist=list(plan.checklist.all()),
            team=list(plan.team.all().order_by("full_name", "username")),
            can_edit=user_can(user, Perm.EDIT, plan.unit_id),
            **kwargs,
        )


class PlanEditView(ServiceFormView):
    queryset = InspectionPlan.objects.select_related("unit")
    write_permission = Perm.EDIT
    form_class = PlanForm
    title = gettext_lazy("Edit the inspection plan")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "unit": self.object.unit, "year": self.object.year}

    def get_initial(self):
        plan = self.object
        names = ("title", "number", "issued_on", "coverage_basis", "task", "team_lead")
        return {**{name: getattr(plan, name) for name in names}, "coverage_target": f"{plan.coverage_target.normalize():f}",
                "team": list(plan.team.all())}

    def run_service(self, form):
        self.success_message = _("The inspection plan was saved.")
        return services.inspection_plan_update(plan=self.object, actor=self.request.user, **form.cleaned_data)


class ChecklistAddView(ServiceFormView):
    queryset = InspectionPlan.objects.select_related("unit")
    write_permission = Perm.EDIT
    form_class = ChecklistItemForm
    title = gettext_lazy("Add to the checklist")

    def run_service(self, form):
        self.success_message = _("The checklist line was added.")
        services.checklist_item_add(plan=self.object, actor=self.request.user, **form.cleaned_data)
        return self.object


class ScheduleView(ServiceFormView):
    """Plan an inspection of a unit in reach for a month of the year."""

    queryset = InspectionPlan.objects.select_related("unit")
    write_permission = Perm.EDIT
    form_class = ScheduleForm
    title = gettext_lazy("Plan an inspection")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.object}

    def run_service(self, form):
        self.success_message = _("The inspection was planned.")
        services.inspection_schedule(plan=self.object, actor=self.request.user, **form.cleaned_data)
        return self.object


# --- inspections -------------------------------------------------------------------------------------


class InspectionDetailView(ScopedDetailView):
    """An inspection: team, checklist answers, findings and their recommendations, documents."""

    template_name = "inspections/inspection_detail.html"
    queryset = Inspection.objects.select_related("plan__unit", "unit", "team_lead")
    context_object_name = "inspection"

    def get_context_data(self, **kwargs):
        inspection = self.object
        return super().get_context_data(
            team=list(inspection.team.all().order_by("full_name", "username")),
            can_edit=user_can(self.request.user, Perm.EDIT, inspection.plan.unit_id),
            today=timezone.localdate(),
            **selectors.inspection_detail(inspection),
            **kwargs,
        )


class RecordView(ServiceFormView):
    """The inspecting unit records the inspection as carried out (or corrects it)."""

    queryset = Inspection.objects.select_related("plan__unit", "unit")
    write_permission = Perm.EDIT
    form_class = RecordForm
    title = gettext_lazy("Record the inspection")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.object.plan}

    def get_initial(self):
        inspection = self.object
        names = ("inspected_on", "team_lead", "summary", "conclusion_number", "conclusion_date", "signer_name", "signer_title")
        return {**{name: getattr(inspection, name) for name in names}, "team": list(inspection.team.all())}

    def run_service(self, form):
        self.success_message = _("The inspection was recorded.")
        return services.inspection_record(inspection=self.object, actor=self.request.user, **form.cleaned_data)


class AnswerView(ServiceFormView):
    """The result of one checklist line at the inspection."""

    queryset = Inspection.objects.select_related("plan__unit", "unit")
    write_permission = Perm.EDIT
    form_class = AnswerForm
    title = gettext_lazy("Record a checklist result")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.object.plan}

    def get_initial(self):
        item = self.request.GET.get("item", "")
        return {"item": int(item)} if is_row_id(item) else {}

    def run_service(self, form):
        data = form.cleaned_data
        evidence = form.evidence_inputs()
        self.success_message = _("The result was recorded.")
        services.checklist_answer_record(inspection=self.object, item=data["item"], result=data["result"], note=data["note"],
                                         evidence=evidence[0] if evidence else None, actor=self.request.user)
        return self.object


class FindingAddView(ServiceFormView):
    """A finding and its recommendation: the recommendation becomes work of the inspected unit."""

    queryset = Inspection.objects.select_related("plan__unit", "unit")
    write_permission = Perm.EDIT
    form_class = FindingForm
    title = gettext_lazy("Add a finding and recommendation")

    def run_service(self, form):
        self.success_message = _("The finding was recorded.")
        services.finding_add(inspection=self.object, actor=self.request.user, **form.cleaned_data)
        return self.object


class DocumentView(ScopedDetailView):
    """An inspection document in the Decree 30 layout, from the inspecting unit's Word template."""

    queryset = Inspection.objects.select_related("plan__unit__parent", "unit", "team_lead")
    kind = TemplateKind.MINUTE
    file_name = "bien-ban-kiem-tra"

    def get(self, request, *args, **kwargs):
        inspection = self.get_object()
        try:
            data = documents.inspection_docx(inspection, self.kind)
        except docx_render.TemplateProblem as problem:  # an administrator's template that cannot be filled
            messages.error(request, str(problem))
            return redirect(inspection)
        return bytes_response(data, download_name=f"{self.file_name}-{inspection.pk}.docx", content_type=DOCX)


class ConclusionView(DocumentView):
    kind = TemplateKind.CONCLUSION
    file_name = "thong-bao-ket-luan-kiem-tra"


# --- recommendations ---------------------------------------------------------------------------------


class ItemListView(ScopedListView):
    """Recommendations in reach, filtered by state and by side (to carry out, or issued)."""

    template_name = "inspections/items.html"
    queryset = RemediationItem.objects.all()
    context_object_name = "items"
    paginate_by = 100

    def get_queryset(self):
        self.form = ItemFilterForm(self.request.GET or None)
        filters = self.form.cleaned_data if self.form.is_valid() else {}
        return selectors.item_list(self.request.user, state=filters.get("state") or "", side=filters.get("side") or "")

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, today=timezone.localdate(), **kwargs)


class ItemDetailView(ScopedDetailView):
    """A recommendation: its due date, the unit's reports and evidence, the closures and reopenings."""

    template_name = "inspections/item_detail.html"
    queryset = RemediationItem.objects.select_related("unit", "finding", "inspection__plan__unit", "inspection__unit")
    context_object_name = "item"

    def get_context_data(self, **kwargs):
        item, user = self.object, self.request.user
        return super().get_context_data(
            today=timezone.localdate(),
            can_report=not item.is_closed and user_can(user, Perm.UPDATE_PROGRESS, item.unit_id),
            can_decide=user_can(user, Perm.EDIT, item.inspection.plan.unit_id),
            **selectors.item_history(item),
            **kwargs,
        )


class ItemProgressView(ServiceFormView):
    """The assigned unit reports its progress on the recommendation, with evidence."""

    queryset = RemediationItem.objects.select_related("unit", "inspection__plan__unit")
    write_permission = Perm.UPDATE_PROGRESS
    form_class = RemediationProgressForm
    title = gettext_lazy("Report remediation progress")

    def check_write(self, obj) -> None:
        """Those who report for the assigned unit; others get 403."""
        if not user_can(self.request.user, self.write_permission, obj.unit_id):
            raise PermissionDenied

    def get_initial(self):
        return {"reported_on": timezone.localdate()}

    def run_service(self, form):
        data = form.cleaned_data
        services.remediation_progress_record(
            item=self.object, status=data["status"], percent=data["percent"], reported_on=data["reported_on"],
            note=data["note"], lateness_reason=data["lateness_reason"], evidence=form.evidence_inputs(),
            actor=self.request.user)
        self.success_message = _("The progress was recorded.")
        return self.object


class ItemCloseView(ServiceFormView):
    """The inspecting unit closes the recommendation (with evidence)."""

    queryset = RemediationItem.objects.select_related("unit", "inspection__plan__unit")
    write_permission = Perm.EDIT
    form_class = CloseForm
    title = gettext_lazy("Close the recommendation")

    def get_initial(self):
        return {"closed_on": timezone.localdate()}

    def run_service(self, form):
        data = form.cleaned_data
        evidence = form.evidence_inputs()
        services.remediation_close(item=self.object, closed_on=data["closed_on"], note=data["note"],
                                   evidence=evidence[0] if evidence else None, actor=self.request.user)
        self.success_message = _("The recommendation was closed.")
        return self.object


class ItemReopenView(ServiceFormView):
    queryset = RemediationItem.objects.select_related("unit", "inspection__plan__unit")
    write_permission = Perm.EDIT
    form_class = ReopenForm
    title = gettext_lazy("Reopen the recommendation")

    def get_initial(self):
        return {"reopened_on": timezone.localdate()}

    def run_service(self, form):
        services.remediation_reopen(item=self.object, actor=self.request.user, **form.cleaned_data)
        self.success_message = _("The recommendation was reopened.")
        return self.object


# --- per unit, and the Excel file ----------------------------------------------------------------------


class UnitView(ScopedDetailView):
    """A unit's inspections (received and carried out) and its open recommendations."""

    template_name = "inspections/unit.html"
    queryset = Unit.objects.all()
    context_object_name = "unit"

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **selectors.unit_inspections(self.request.user, self.object),
                                        **kwargs)


class ExportView(ScopedMixin, generic.View):
    """Every inspection in reach and every open recommendation, as a spreadsheet (one unit's with ``?unit=``)."""

    queryset = Inspection.objects.all()
    permission = Perm.VIEW

    def get(self, request):
        unit = None
        given = request.GET.get("unit", "")
        if given:
            if not is_row_id(given):
                raise Http404
            unit = Unit.objects.visible_to(request.user, Perm.VIEW).filter(pk=int(given)).first()
            if unit is None:
                raise Http404
        inspections, items = selectors.export_rows(request.user, unit=unit)
        name = f"kiem-tra-cchc-{unit.code if unit else 'tat-ca'}-{timezone.localdate():%Y%m%d}.xlsx"
        return bytes_response(documents.render_xlsx(inspections, items), download_name=name, content_type=xlsx.CONTENT_TYPE)


# --- templates -----------------------------------------------------------------------------------------


class TemplateListView(ScopedListView):
    """Word templates of the inspection documents uploaded for the units in reach; the shipped ones otherwise."""

    template_name = "inspections/template_list.html"
    queryset = InspectionTemplate.objects.select_related("unit", "uploaded_by")
    context_object_name = "templates"

    def get_context_data(self, **kwargs):
        return super().get_context_data(upload_unit_id=_current_unit_with(self.request, Perm.MANAGE_UNITS),
                                        kinds=TemplateKind.choices, **kwargs)


class TemplateUploadView(ServiceFormView):
    """An administrator replaces a Word template for a unit and the units below it."""

    queryset = Unit.objects.all()
    write_permission = Perm.MANAGE_UNITS
    form_class = TemplateUploadForm
    title = gettext_lazy("Upload a Word template for inspection documents")

    def run_service(self, form):
        self.success_message = _("The template was uploaded; the unit's inspection documents use it.")
        return services.template_upload(unit=self.object, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, result=None):
        return reverse("inspections:template_list")


class TemplateDownloadView(ScopedDetailView):
    queryset = InspectionTemplate.objects.all()

    def get(self, request, *args, **kwargs):
        template = self.get_object()
        try:
            return file_response(template.file, download_name=f"mau-{template.kind}.docx")
        except FileNotFoundError as exc:
            raise Http404 from exc


class DefaultTemplateView(ScopedMixin, generic.View):
    """A shipped Word template, as a starting point for an administrator's own."""

    queryset = InspectionTemplate.objects.all()
    permission = Perm.VIEW

    def get(self, request, kind):
        if kind not in TemplateKind.values:
            raise Http404
        return FileResponse(selectors.DEFAULT_TEMPLATES[kind].open("rb"), as_attachment=True, filename=f"mau-{kind}-nd30.docx")
