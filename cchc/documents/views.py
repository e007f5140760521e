"""Pages of the documents app: plan imports (upload, progress, review, confirm; scans with their page
images), plan exports (Word, Excel, PDF for any registered document) and the Word templates exports
use. Every view is scoped (``cchc.core.views``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from cchc.core import docx_render, pdf, xlsx
from cchc.core.uploads import bytes_response, file_response
from cchc.core.views import ScopedDetailView, ScopedListView, ScopedMixin, ScopedObjectMixin, ServiceFormView
from cchc.documents import exports, pdf_exports, selectors, services
from cchc.documents.choices import ImportStatus, PdfStatus
from cchc.documents.forms import (
    AreaFormSet,
    ImportUploadForm,
    ReviewPlanForm,
    ReviewTaskForm,
    TargetFormSet,
    TaskFormSet,
    TemplateUploadForm,
)
from cchc.documents.models import ImportJob, PdfExport, PlanTemplate
from cchc.documents.review import ReviewedArea, ReviewedPlan, scan_regions, source_excerpt
from cchc.plans import services as plans_services
from cchc.plans.models import Plan
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import user_can

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: the draft's names for uncertain plan fields → the review form's fields
PLAN_UNCERTAIN = {"signer.name": "signer_name", "signer.title": "signer_title"}
#: the draft's names for uncertain task fields → the review form's fields
TASK_UNCERTAIN = {"lead": ("lead_unit", "lead_text"), "coordinators": ("coordinating_units", "coordinators_text"),
                  "budget": ("budget_source",)}


def _current_unit_with(request, perm: str) -> int | None:
    current = getattr(request, "current_unit_id", None)
    return current if current is not None and user_can(request.user, perm, current) else None


# --- imports -----------------------------------------------------------------------------------------


class ImportListView(ScopedListView):
    """Plan documents uploaded for the units the user reaches, and where each stands."""

    template_name = "documents/import_list.html"
    queryset = ImportJob.objects.all()
    context_object_name = "jobs"
    paginate_by = 50

    def get_queryset(self):
        return selectors.import_list(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(upload_unit_id=_current_unit_with(self.request, Perm.EDIT), **kwargs)


class ImportCreateView(ServiceFormView):
    """Upload a plan document for the unit on the page; it is read in the background."""

    queryset = Unit.objects.all()
    write_permission = Perm.EDIT
    form_class = ImportUploadForm
    title = gettext_lazy("Import a plan from a file")

    def run_service(self, form):
        self.success_message = _("The file was uploaded; it is being read.")
        return services.import_upload(unit=self.object, files=form.cleaned_data["file"], actor=self.request.user)

    def get_success_url(self, result=None):
        return result.get_absolute_url()


class ImportDetailView(ScopedDetailView):
    """Where the job stands; the page polls the status part (htmx) until the job has finished."""

    template_name = "documents/import_detail.html"
    queryset = ImportJob.objects.select_related("unit", "created_by", "plan")
    context_object_name = "job"

    def get_template_names(self):
        return ["documents/_import_status.html"] if self.request.htmx else [self.template_name]

    def get_context_data(self, **kwargs):
        job = self.object
        return super().get_context_data(can_edit=user_can(self.request.user, Perm.EDIT, job.unit_id), **kwargs)


class ImportPageImageView(ScopedDetailView):
    """One recognised page of a scan, as the reader saw it (turned upright, straightened), for the
    review page to show beside the text read from it.

    The JPEG was written by the reader from decoded pixels, never the uploaded bytes, so it is sent
    inline (an ``<img>``/SVG ``<image>`` and opening the page in a tab both show it), with the same
    ``nosniff`` and sandboxing headers as every download.
    """

    queryset = ImportJob.objects.all()

    def get(self, request, *args, **kwargs):
        job = self.get_object()
        page = next((page for page in job.page_images if page.get("number") == kwargs["number"]), None)
        if page is None:
            raise Http404
        try:
            handle = default_storage.open(page["name"], "rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(handle, content_type="image/jpeg")
        response["Content-Disposition"] = content_disposition_header(False, f"trang-{page['number']}.jpg")
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, max-age=3600"
        return response


class ImportFileView(ScopedDetailView):
    """The uploaded file, always as a download."""

    queryset = ImportJob.objects.all()

    def get(self, request, *args, **kwargs):
        job = self.get_object()
        try:
            return file_response(job.file, download_name=job.file_name)
        except FileNotFoundError as exc:
            raise Http404 from exc


class ImportReviewView(ScopedObjectMixin, generic.TemplateView):
    """The extracted draft next to the source text; the officer corrects it and confirms.

    Confirming creates the plan, its areas, tasks and targets in one transaction; an error names the
    field and the row and nothing is written.
    """

    template_name = "documents/review.html"
    queryset = ImportJob.objects.select_related("unit", "created_by")
    permission = Perm.VIEW
    write_permission = Perm.EDIT

    def get(self, request, *args, **kwargs):
        job = self.get_object()
        if job.status == ImportStatus.CONFIRMED and job.plan_id:
            return redirect("plans:detail", job.plan_id)
        if job.status != ImportStatus.READY:
            return redirect(job)
        return self.render_to_response(self.context(job, self.forms(job)))

    def post(self, request, *args, **kwargs):
        job = self.get_object()
        forms = self.forms(job, request.POST)
        header, areas, tasks, targets = forms
        if all(form.is_valid() for form in forms) and job.status == ImportStatus.READY:
            kept = [(row, form) for row, form in enumerate(tasks, 1) if form.cleaned_data.get("include")]
            kept_targets = [form for form in targets if form.cleaned_data.get("include") and form.cleaned_data["text"].strip()]
            header_data = dict(header.cleaned_data)
            amend = header_data.pop("amend", False)
            reviewed = ReviewedPlan(
                **header_data,
                areas=[ReviewedArea(**form.cleaned_data) for form in areas],
                tasks=[form.reviewed(row) for row, form in kept],
                targets=[form.cleaned_data["text"].strip() for form in kept_targets],
            )
            try:
                plan = services.import_confirm(job=job, reviewed=reviewed, actor=request.user, amend=amend)
            except ValidationError as error:
                _show_errors(error, header, {"areas": list(areas), "tasks": [form for _row, form in kept],
                                             "targets": kept_targets})
            else:
                if amend:
                    messages.success(request, _("The document's content was brought into the plan; the head of unit records "
                                                "the amendment."))
                else:
                    messages.success(request, _("The draft plan was created with {n} tasks.").format(n=len(reviewed.tasks)))
                return redirect(plan)
        elif job.status != ImportStatus.READY:
            header.add_error(None, _("This import was already confirmed or could not be read; upload the file again."))
        return self.render_to_response(self.context(job, forms), status=200)

    @staticmethod
    def regions(job: ImportJob):
        """lines → the parts of the page images they were read from (none for a file with a text layer)."""
        pages = {page["number"]: page for page in job.page_images}
        boxes = job.result.get("boxes") or {}

        def find(lines) -> list[dict]:
            found = scan_regions(boxes, pages, lines)
            for region in found:
                region["url"] = reverse("documents:import_page", args=[job.pk, region["page"]])
            return found

        return find

    def forms(self, job: ImportJob, data=None):
        draft = job.result.get("draft", {})
        matches = job.result.get("units", {})
        units = {unit.pk: unit for unit in selectors.units_for_plan(job.unit, draft.get("year")).visible_to(
            self.request.user, Perm.EDIT)}
        header = ReviewPlanForm(data, unit=job.unit, user=self.request.user, prefix="plan",
                                initial=ReviewPlanForm.initial_from(draft))
        areas = AreaFormSet(data, prefix="areas", initial=[
            {"code": a.get("code"), "title": a.get("title"), "local_number": a.get("local_number") or ""}
            for a in draft.get("areas", []) if a.get("code")])
        tasks = TaskFormSet(data, prefix="tasks", form_kwargs={"units": units}, initial=[
            ReviewTaskForm.initial_from(task, matches, job.unit_id) for task in draft.get("tasks", [])])
        targets = TargetFormSet(data, prefix="targets", initial=[
            {"include": True, "text": target.get("text", "")} for target in draft.get("targets", [])])
        return header, areas, tasks, targets

    def context(self, job: ImportJob, forms) -> dict:
        header, areas, tasks, targets = forms
        result = job.result
        draft, source = result.get("draft", {}), result.get("source", {})
        drafted = draft.get("tasks", [])
        regions = self.regions(job)
        rows = []
        for index, form in enumerate(tasks):
            task = drafted[index] if index < len(drafted) else {}
            rows.append({
                "form": form,
                "uncertain": _task_uncertain(task.get("uncertain", [])),
                "source": source_excerpt(source, task.get("lines")),
                "scans": regions(task.get("lines")),
                "suggestions": (result.get("units", {}).get(task.get("lead") or "") or {}).get("suggestions", []),
            })
        uncertain = {PLAN_UNCERTAIN.get(name, name) for name in draft.get("uncertain", [])}
        labels = {"title": _("Title"), "number": _("Number and symbol"), "issuer": _("Issuer in the document"),
                  "signer": _("Signed by")}
        field_sources = [(labels.get(name, name), source_excerpt(source, lines, limit=3), regions(lines))
                         for name, lines in result.get("field_lines", {}).items() if lines]
        return {
            "pages": [{**page, "url": reverse("documents:import_page", args=[job.pk, page["number"]])}
                      for page in job.page_images],
            "job": job, "view": self, "header": header, "areas": areas, "tasks": tasks, "targets": targets, "rows": rows,
            "formsets": [areas, tasks, targets],
            "uncertain": uncertain, "field_sources": field_sources, "draft": draft,
            "warnings": result.get("warnings", []), "can_edit": user_can(self.request.user, Perm.EDIT, job.unit_id),
            "existing_plan": plans_services.existing_plan(unit=job.unit, year=draft.get("year")) if draft.get("year") else None,
        }


def _task_uncertain(names: list[str]) -> set[str]:
    fields = set()
    for name in names:
        fields.update(TASK_UNCERTAIN.get(name, (name,)))
    return fields


def _show_errors(error: ValidationError, header, formsets: dict[str, list]) -> None:
    """Put a service error on the row's field it names (``tasks-3-timeframe``) or on the plan form."""
    items = error.message_dict.items() if hasattr(error, "error_dict") else [("__all__", error.messages)]
    for key, messages_ in items:
        prefix, _dash, rest = key.partition("-")
        index, _dash, field = rest.partition("-")
        forms = formsets.get(prefix)
        if forms is not None and index.isdigit() and int(index) < len(forms):
            form = forms[int(index)]
            form.add_error(field if field in form.fields else None, messages_)
        else:
            header.add_service_errors(ValidationError({key: messages_}))


# --- exports -----------------------------------------------------------------------------------------


class PlanExportView(ScopedDetailView):
    """The plan as a file; anyone who sees the plan may export it."""

    queryset = Plan.objects.select_related("unit__parent")
    extension = ""
    content_type = ""

    def get(self, request, *args, **kwargs):
        plan = self.get_object()
        try:
            data = self.render(plan)
        except docx_render.TemplateProblem as problem:  # an administrator's template that cannot be filled
            messages.error(request, str(problem))
            return redirect(plan)
        return bytes_response(
            data, download_name=f"ke-hoach-{plan.year}-{plan.unit.code}-{plan.pk}.{self.extension}", content_type=self.content_type
        )

    def render(self, plan: Plan) -> bytes:  # pragma: no cover - each subclass defines it
        raise NotImplementedError


class PlanDocxView(PlanExportView):
    """The plan in the Decree 30/2020 layout, from the unit's Word template."""

    extension, content_type = "docx", DOCX

    def render(self, plan: Plan) -> bytes:
        return exports.render_docx(selectors.plan_export_context(plan), selectors.template_bytes(plan.unit))


class PlanXlsxView(PlanExportView):
    """The plan's task list as a spreadsheet."""

    extension, content_type = "xlsx", xlsx.CONTENT_TYPE

    def render(self, plan: Plan) -> bytes:
        return exports.render_xlsx(selectors.plan_export_context(plan))


# --- templates ---------------------------------------------------------------------------------------


class TemplateListView(ScopedListView):
    """Word templates uploaded for the units the user reaches; the shipped one is used otherwise."""

    template_name = "documents/template_list.html"
    queryset = PlanTemplate.objects.select_related("unit", "uploaded_by")
    context_object_name = "templates"

    def get_context_data(self, **kwargs):
        return super().get_context_data(upload_unit_id=_current_unit_with(self.request, Perm.MANAGE_UNITS), **kwargs)


class TemplateUploadView(ServiceFormView):
    """An administrator replaces the Word template for a unit and the units below it."""

    queryset = Unit.objects.all()
    write_permission = Perm.MANAGE_UNITS
    form_class = TemplateUploadForm
    title = gettext_lazy("Upload a Word template for plans")

    def run_service(self, form):
        self.success_message = _("The template was uploaded; plan exports of the unit use it.")
        return services.template_upload(unit=self.object, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, result=None):
        return reverse("documents:template_list")


class TemplateDownloadView(ScopedDetailView):
    queryset = PlanTemplate.objects.all()

    def get(self, request, *args, **kwargs):
        try:
            return file_response(self.get_object().file, download_name="mau-ke-hoach.docx")
        except FileNotFoundError as exc:
            raise Http404 from exc


class DefaultTemplateView(ScopedMixin, generic.View):
    """The shipped Word template, as a starting point for an administrator's own."""

    queryset = PlanTemplate.objects.all()
    permission = Perm.VIEW

    def get(self, request):
        return FileResponse(selectors.DEFAULT_TEMPLATE.open("rb"), as_attachment=True, filename="mau-ke-hoach-nd30.docx")


# --- PDF for signing ---------------------------------------------------------------------------------


class PdfRequestView(ScopedObjectMixin, generic.TemplateView):
    """Ask for a document as PDF (any registered kind: ``pdf_exports``); anyone who sees it may.

    GET shows what will be converted (or what the server lacks); POST queues the conversion and
    goes to its job page.
    """

    template_name = "documents/pdf_request.html"
    permission = Perm.VIEW
    write_permission = Perm.VIEW  # exporting changes nothing the user could not already read

    def dispatch(self, request, *args, **kwargs):
        self.source = pdf_exports.source(kwargs.get("kind", ""))
        if self.source is None:
            raise Http404
        self.queryset = self.source.model.objects.select_related(*self.source.select_related)
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not pdf_exports.offered(self.source, obj, self.request.user):
            raise Http404
        return obj

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.context(self.get_object()))

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        if request.POST.get("make") != "pdf":  # only the page's own button asks for a conversion
            return self.render_to_response(self.context(obj, errors=[_("Press “Make the PDF” to convert the document.")]))
        try:
            job = services.pdf_request(source=self.source, obj=obj, actor=request.user)
        except ValidationError as error:
            return self.render_to_response(self.context(obj, errors=error.messages), status=200)
        return redirect(job)

    def context(self, obj, errors=()) -> dict:
        return {"object": obj, "source": self.source, "kind": self.source.kind, "missing": pdf.missing(),
                "errors": errors}


class PdfDetailView(ScopedDetailView):
    """Where a conversion stands; the page polls (htmx) until the PDF is ready to download."""

    template_name = "documents/pdf_detail.html"
    queryset = PdfExport.objects.select_related("unit", "requested_by")
    context_object_name = "job"

    def get_template_names(self):
        return ["documents/_pdf_status.html"] if self.request.htmx else [self.template_name]


class PdfFileView(ScopedDetailView):
    """The PDF, as a download."""

    queryset = PdfExport.objects.all()

    def get(self, request, *args, **kwargs):
        job = self.get_object()
        if job.status != PdfStatus.DONE or not job.file:
            raise Http404
        return file_response(job.file, download_name=job.download_name or "tai-lieu.pdf")
