"""Pages of the reporting cycle. Views parse input, call one service or selector and render;
who may act is decided by ``selectors.can_*`` (403), what exists for the user by scoping (404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from cchc.core import pdf
from cchc.core.uploads import file_response
from cchc.core.views import (
    ScopedDetailView,
    ScopedListView,
    ScopedMixin,
    ScopedObjectMixin,
    ServiceFormView,
    UnitChoiceFormView,
)
from cchc.reporting import selectors, services
from cchc.reporting.choices import DocumentStatus
from cchc.reporting.coverage import reporting_candidates
from cchc.reporting.forms import (
    AdhocForm,
    CalendarForm,
    DocumentForm,
    MyReportsFilterForm,
    PeriodForm,
    ReminderFilterForm,
    ReportForm,
    ReturnForm,
    ReviewFilterForm,
    RollupFilterForm,
    StartForm,
    TemplateForm,
)
from cchc.reporting.models import Report, ReportDocument, ReportingCalendar, ReportingPeriod, ReportTemplate
from cchc.reporting.outline import SECTIONS
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import user_can

REPORTS = Report.objects.select_related("unit__parent", "period__calendar__unit", "signed_by", "reviewed_by")
PERIODS = ReportingPeriod.objects.select_related("calendar__unit")


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# -- calendars ----------------------------------------------------------------------------------------


class CalendarListView(ScopedListView):
    template_name = "reporting/calendar_list.html"
    queryset = ReportingCalendar.objects.select_related("unit").annotate(period_count=Count("periods"))
    context_object_name = "calendars"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            can_create=CalendarCreateView.open_to(user),
            can_manage_templates=TemplateListView.open_to(user),
            **kwargs,
        )


class CalendarCreateView(UnitChoiceFormView):
    queryset = ReportingCalendar.objects.all()
    write_permission = Perm.STEER
    form_class = CalendarForm
    title = gettext_lazy("New reporting calendar")
    success_message = gettext_lazy("The reporting calendar was created with its periods.")

    def get_initial(self):
        return {"year": timezone.localdate().year, "preset": "national", "unit": self.request.current_unit_id}

    def run_service(self, form):
        return services.calendar_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, result=None):
        return result.get_absolute_url()


class CalendarDetailView(ScopedDetailView):
    template_name = "reporting/calendar_detail.html"
    queryset = ReportingCalendar.objects.select_related("unit", "created_by")
    context_object_name = "calendar"

    def get_context_data(self, **kwargs):
        calendar = self.object
        return super().get_context_data(
            rollups=selectors.rollups(selectors.calendar_periods(calendar)),
            can_steer=selectors.can_steer(self.request.user, calendar),
            **kwargs,
        )


class CompletenessView(ScopedDetailView):
    """Received, missing, on time and late for every period of a calendar, with a chart."""

    template_name = "reporting/completeness.html"
    queryset = ReportingCalendar.objects.select_related("unit")
    context_object_name = "calendar"

    def get_context_data(self, **kwargs):
        rollups = selectors.rollups(selectors.calendar_periods(self.object))
        reminders = selectors.reminders_for(self.request.user, self.object)
        latest = [(reminder, selectors.reminder_text(reminder.period, reminder.kind)) for reminder in reminders[:10]]
        return super().get_context_data(
            rollups=rollups,
            chart=selectors.chart_data(rollups),
            reminders=[reminder for reminder, _text in latest],
            reminder_rows=latest,
            reminder_count=reminders.count(),
            **kwargs,
        )


class ReminderListView(ScopedDetailView):
    """Every reminder sent for a calendar's periods: when, to which unit and whom, and the message sent;
    filtered by period and kind, 50 a page."""

    template_name = "reporting/reminders.html"
    queryset = ReportingCalendar.objects.select_related("unit")
    context_object_name = "calendar"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        form = ReminderFilterForm(self.request.GET or None, calendar=self.object)
        filters = form.cleaned_data if form.is_valid() else {}
        reminders = selectors.reminders_for(self.request.user, self.object, period=filters.get("period"),
                                            kind=filters.get("kind", ""))
        page = Paginator(reminders, self.paginate_by).get_page(self.request.GET.get("page"))
        rows = [(reminder, selectors.reminder_text(reminder.period, reminder.kind)) for reminder in page.object_list]
        return super().get_context_data(form=form, rows=rows, page_obj=page, paginator=page.paginator,
                                        is_paginated=page.has_other_pages(), **kwargs)


class PeriodEditView(ServiceFormView):
    queryset = PERIODS
    write_permission = Perm.STEER
    form_class = PeriodForm
    title = gettext_lazy("Change the data window or deadline")

    def get_initial(self):
        period = self.object
        return {
            "data_from": period.data_from,
            "data_to": period.data_to,
            "nominal_deadline": period.nominal_deadline,
        }

    def run_service(self, form):
        self.success_message = _("The period was updated.")
        return services.period_update(period=self.object, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, result=None):
        return self.object.calendar.get_absolute_url()


class AdhocCreateView(ServiceFormView):
    queryset = ReportingCalendar.objects.select_related("unit")
    write_permission = Perm.STEER
    form_class = AdhocForm
    title = gettext_lazy("Request an ad hoc report")

    def get_form_kwargs(self):
        candidates = reporting_candidates(self.object).filter(valid_to__isnull=True)
        return {**super().get_form_kwargs(), "candidates": candidates}

    def run_service(self, form):
        self.success_message = _("The ad hoc report was requested.")
        return services.adhoc_period_create(
            calendar=self.object, actor=self.request.user, **form.cleaned_data
        )

    def get_success_url(self, result=None):
        return self.object.get_absolute_url()


# -- a period -------------------------------------------------------------------------------------------


class RollupView(ScopedDetailView):
    """A period seen by its steering unit: who sent, who is late, who is missing; the consolidated report."""

    template_name = "reporting/rollup.html"
    queryset = PERIODS
    context_object_name = "period"

    def get_context_data(self, **kwargs):
        period = self.object
        rollup = selectors.rollup(period)
        form = RollupFilterForm(self.request.GET or None)
        missing_only = form.is_valid() and form.cleaned_data["show"] == "missing"
        rows = [row for row in rollup.rows if not row.received] if missing_only else rollup.rows
        return super().get_context_data(
            rollup=rollup,
            rows=rows,
            form=form,
            can_steer=selectors.can_steer(self.request.user, period.calendar),
            **kwargs,
        )


class ReportStartView(ScopedObjectMixin, generic.View):
    """Open a unit's report for a period (created as a prefilled draft the first time).

    Keyed on the unit, which the user must reach; drafting needs EDIT on it, or STEER for the
    consolidated report of the calendar's own unit.
    """

    http_method_names = ["post"]
    queryset = Unit.objects.all()
    permission = Perm.VIEW

    def check_write(self, obj) -> None:
        """Checked once the period is known (``post``)."""

    def post(self, request, pk):
        unit = self.get_object()
        form = StartForm(request.POST)
        if not form.is_valid() or not selectors.period_open_to(request.user, unit, form.cleaned_data["period"]):
            return HttpResponseBadRequest(_("Choose a reporting period."))
        period = form.cleaned_data["period"]
        needed = Perm.STEER if unit.pk == period.calendar.unit_id else Perm.EDIT
        if not user_can(request.user, needed, unit):
            raise PermissionDenied(needed)
        try:
            report = services.report_start(unit=unit, period=period, actor=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect("reporting:my_reports")
        return redirect(report.get_absolute_url())


# -- the user's reports and the review queue -------------------------------------------------------------


class MyReportsView(ScopedMixin, generic.TemplateView):
    """ "Báo cáo của tôi": what the user's units owe, and the consolidated reports of the units they steer;
    ``?show=to_write|returned|overdue`` keeps the rows the home page counts."""

    template_name = "reporting/my_reports.html"
    queryset = Report.objects.all()
    permission = Perm.VIEW

    def get_context_data(self, **kwargs):
        form = MyReportsFilterForm(self.request.GET or None)
        show = form.cleaned_data["show"] if form.is_valid() else ""
        rows = selectors.my_reports_shown(self.request.user, show=show)
        return super().get_context_data(rows=rows, form=form, **kwargs)


class ReviewQueueView(ScopedMixin, generic.TemplateView):
    """Reports waiting for the user's review, filtered by period, status and lateness, 50 a page;
    a report sent late says by how many working days."""

    template_name = "reporting/review_queue.html"
    queryset = Report.objects.all()
    permission = Perm.VIEW
    paginate_by = 50

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = ReviewFilterForm(self.request.GET or None, periods=selectors.review_queue_periods(user))
        filters = form.cleaned_data if form.is_valid() else {}
        rows = selectors.review_queue_rows(user, period=filters.get("period"), status=filters.get("status", ""),
                                           late=filters.get("late", ""))
        page = Paginator(rows, self.paginate_by).get_page(self.request.GET.get("page"))
        return super().get_context_data(form=form, rows=page.object_list, page_obj=page, paginator=page.paginator,
                                        is_paginated=page.has_other_pages(), **kwargs)


# -- a report -------------------------------------------------------------------------------------------


class ReportDetailView(ScopedDetailView):
    template_name = "reporting/report_detail.html"
    queryset = REPORTS
    context_object_name = "report"

    def get_context_data(self, **kwargs):
        report, user = self.object, self.request.user
        context = selectors.document_context(report)
        return super().get_context_data(
            doc=context,
            sections=[(s, report.sections.get(s.code, "")) for s in SECTIONS],
            changes=selectors.report_changes(report),
            late_days=selectors.working_days_late(report.period, report.submitted_on()),
            can_edit=selectors.can_edit(user, report) and report.is_editable,
            can_sign=selectors.can_sign(user, report) and report.is_editable,
            can_review=selectors.can_review(user, report) and report.awaits_review,
            documents=report.documents.order_by("-requested_at")[:6],
            pdf_missing=pdf.missing(),
            history=report.history.select_related("history_user").order_by("-history_date")[:20],
            **kwargs,
        )


class ReportWriteMixin(ScopedObjectMixin):
    """A write on a report, allowed by ``allowed(user, report)`` (403 otherwise)."""

    queryset = REPORTS
    permission = Perm.VIEW

    def allowed(self, user, report) -> bool:
        return selectors.can_edit(user, report)

    def needed(self, report) -> str:
        """The permission ``allowed`` asks for, named on the 403 page."""
        return report.edit_permission

    def check_write(self, obj) -> None:
        if not self.allowed(self.request.user, obj):
            raise PermissionDenied(self.needed(obj))


class ReportEditView(ReportWriteMixin, generic.FormView):
    """The report editor; htmx posts it on every pause in typing (autosave) and gets the save status back."""

    template_name = "reporting/report_edit.html"
    form_class = ReportForm
    write_on_get = True

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.object.is_editable:
            return redirect(self.object.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        report = self.object
        initial = {
            "revision": report.revision,
            "number": report.number,
            "place": report.place,
            "signer_name": report.signer_name,
            "signer_title": report.signer_title,
            "recipients_text": report.recipients_text,
        }
        initial.update({f"section_{code}": text for code, text in report.sections.items()})
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.object, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            report = services.report_save(
                report=self.object,
                actor=self.request.user,
                sections=form.sections(),
                revision=data["revision"],
                number=data["number"],
                place=data["place"],
                signer_name=data["signer_name"],
                signer_title=data["signer_title"],
                recipients_text=data["recipients_text"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
            return self.form_invalid(form)
        if self.request.htmx:
            context = {
                "report": report,
                "saved_at": timezone.localtime(report.updated_at),
                "revision": report.revision,
            }
            return TemplateResponse(self.request, "reporting/_saved.html", context)
        messages.success(self.request, _("The report was saved."))
        return redirect(report.get_absolute_url())

    def form_invalid(self, form):
        if self.request.htmx:
            return TemplateResponse(
                self.request, "reporting/_saved.html", {"form": form, "report": self.object}
            )
        return super().form_invalid(form)


class ReportActionView(ReportWriteMixin, generic.View):
    """One button on the report page. The form posts ``action`` and the ``revision`` the user saw:
    acting on a version the user has not seen, or an unknown action, is a bad request."""

    http_method_names = ["post"]
    action = ""
    done_message = ""

    def perform(self, report: Report) -> None:  # pragma: no cover - each subclass defines it
        raise NotImplementedError

    def post(self, request, pk):
        report = self.get_object()
        if request.POST.get("action") != self.action:
            return HttpResponseBadRequest(_("Unknown action."))
        if request.POST.get("revision") != report.revision:
            return HttpResponseBadRequest(
                _("The report changed since you opened it; reload the page and try again.")
            )
        try:
            self.perform(report)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, self.done_message)
        return redirect(report.get_absolute_url())


class ReportRefillView(ReportActionView):
    action = "refill"
    done_message = gettext_lazy("The sections were filled again from the system.")

    def perform(self, report):
        services.report_refill(report=report, actor=self.request.user)


class ReportSignView(ReportActionView):
    action = "sign"
    done_message = gettext_lazy("You approved the report for sending.")

    def allowed(self, user, report) -> bool:
        return selectors.can_sign(user, report)

    def needed(self, report) -> str:
        return Perm.APPROVE

    def perform(self, report):
        services.report_sign(report=report, actor=self.request.user)


class ReportSubmitView(ReportActionView):
    action = "submit"
    done_message = gettext_lazy("The report was sent; its figures are frozen.")

    def perform(self, report):
        services.report_submit(report=report, actor=self.request.user)


class ReportReviewView(ReportWriteMixin, generic.View):
    """Accept a received report, or return it with a reason."""

    http_method_names = ["post"]

    def allowed(self, user, report) -> bool:
        return selectors.can_review(user, report)

    def needed(self, report) -> str:
        return Perm.STEER

    def post(self, request, pk):
        report = self.get_object()
        form = ReturnForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(_("Choose to accept or to return the report."))
        try:
            if form.cleaned_data["decision"] == "accept":
                services.report_accept(report=report, actor=request.user)
                messages.success(request, _("The report was accepted."))
            else:
                services.report_return(report=report, reason=form.cleaned_data["reason"], actor=request.user)
                messages.success(request, _("The report was returned to the unit."))
        except ValidationError as error:
            messages.error(request, _error_text(error))
        return redirect(report.get_absolute_url())


# -- generated files ------------------------------------------------------------------------------------


class DocumentRequestView(ReportWriteMixin, generic.View):
    """Anyone who sees a report may have it generated as Word or Excel."""

    http_method_names = ["post"]

    def allowed(self, user, report) -> bool:
        return True

    def post(self, request, pk):
        report = self.get_object()
        form = DocumentForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(_("Choose Word (DOCX) or Excel (XLSX)."))
        document = services.document_request(
            report=report, format=form.cleaned_data["format"], actor=request.user
        )
        if request.htmx:
            return TemplateResponse(request, DocumentStatusView.template_name, {"document": document})
        return redirect(report.get_absolute_url())


class DocumentStatusView(ScopedDetailView):
    """The file's progress, polled by the report page until it is ready."""

    template_name = "reporting/_document.html"
    queryset = ReportDocument.objects.select_related("report")
    context_object_name = "document"


class DocumentDownloadView(ScopedDetailView):
    queryset = ReportDocument.objects.select_related("report__unit", "report__period__calendar")

    def get(self, request, *args, **kwargs):
        document = self.get_object()
        if document.status != DocumentStatus.DONE or not document.file:
            raise Http404
        return file_response(document.file, download_name=selectors.document_filename(document))


# -- templates ------------------------------------------------------------------------------------------


class TemplateListView(UnitChoiceFormView):
    """Word templates uploaded for units (administrators), and the upload form."""

    template_name = "reporting/templates.html"
    queryset = ReportTemplate.objects.all()
    write_permission = Perm.MANAGE_UNITS
    form_class = TemplateForm
    success_message = gettext_lazy("The template was uploaded; new Word files use it.")

    def get_context_data(self, **kwargs):
        templates = self.get_queryset().select_related("unit", "uploaded_by")
        return super().get_context_data(templates=templates, **kwargs)

    def run_service(self, form):
        return services.template_upload(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, result=None):
        return self.request.path


class TemplateDownloadView(ScopedDetailView):
    queryset = ReportTemplate.objects.all()

    def get(self, request, *args, **kwargs):
        return file_response(self.get_object().file, download_name="mau-bao-cao.docx")


class DefaultTemplateView(ScopedMixin, generic.View):
    """The shipped Word template, as a starting point for an administrator's own."""

    queryset = ReportTemplate.objects.all()
    permission = Perm.VIEW

    def get(self, request):
        return FileResponse(
            selectors.DEFAULT_TEMPLATE.open("rb"), as_attachment=True, filename="mau-bao-cao-nd30.docx"
        )
