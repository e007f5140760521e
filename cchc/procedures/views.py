import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from cchc.core.views import ScopedDetailView, ScopedListView, ScopedMixin
from cchc.core.xlsx import table_response
from cchc.procedures import publications, selectors, services
from cchc.procedures.choices import BatchSource
from cchc.procedures.forms import DossierFilterForm, ProcedureFilterForm, TableImportForm
from cchc.procedures.models import Dossier, IngestBatch, Procedure
from cchc.procedures.parsing import CellError, header_map, read_table
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import visible_unit_ids
from cchc.units.selectors import data_scope

PAGE_SIZE = 50


class ProcedureListView(ScopedListView):
    """The TTHC catalogue the user's units work with."""

    template_name = "procedures/procedure_list.html"
    queryset = Procedure.objects.all()
    context_object_name = "procedures"

    def get_queryset(self):
        self.form = ProcedureFilterForm(self.request.GET or None)
        filters = self.form.cleaned_data if self.form.is_valid() else {}
        return selectors.procedures_for(self.request.user, query=filters.get("q", ""), sector=filters.get("sector", ""))

    def get_context_data(self, **kwargs):
        can_import = bool(visible_unit_ids(self.request.user, Perm.EDIT))
        return super().get_context_data(form=self.form, can_import=can_import, **kwargs)


class ProcedureDetailView(ScopedDetailView):
    template_name = "procedures/procedure_detail.html"
    queryset = Procedure.objects.select_related("unit")
    context_object_name = "procedure"


class DossierListView(ScopedListView):
    """Dossiers in reach, filtered; ``?export=xlsx`` downloads the filtered table."""

    template_name = "procedures/dossier_list.html"
    queryset = Dossier.objects.all()
    context_object_name = "dossiers"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.form = DossierFilterForm(self.request.GET or None, user=self.request.user)
        filters = self.form.cleaned_data if self.form.is_valid() else {}
        unit = filters.get("unit")
        scope = None
        if unit is not None:
            window = (filters.get("date_from") or unit.valid_from, filters.get("date_to") or unit.valid_to or dt.date.max)
            scope = data_scope(unit=unit, date_from=window[0], date_to=window[1], carried_over=True)
        return selectors.dossiers_for(
            self.request.user,
            scope=scope,
            procedure=filters.get("procedure"),
            code=filters.get("q", ""),
            channel=filters.get("channel", ""),
            outcome=filters.get("outcome", ""),
            late=filters.get("late", False),
            date_from=filters.get("date_from"),
            date_to=filters.get("date_to"),
        )

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export(self.get_queryset()[:100_000])
        return super().get(request, *args, **kwargs)

    def export(self, dossiers):
        headers = [_("Dossier code"), _("Procedure"), _("Receiving unit"), _("Received at"), _("Channel"),
                   _("Appointment date"), _("Finished at"), _("Status"), _("Outcome"), _("Apology letter issued on")]
        rows = (
            [d.code, d.procedure.code, d.unit.name, _dmy(d.received_at), d.get_channel_display(), _dmy(d.due_date),
             _dmy(d.finished_at), d.get_status_display(), d.get_outcome_display(), _dmy(d.apology_issued_on)]
            for d in dossiers
        )
        return table_response("ho-so.xlsx", _("Dossiers"), headers, rows)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(form=self.form, query=query.urlencode(), **kwargs)


def _dmy(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


class DossierDetailView(ScopedDetailView):
    """A dossier's facts and the changes imports and pushes made to it."""

    template_name = "procedures/dossier_detail.html"
    queryset = Dossier.objects.select_related("procedure", "unit", "due_rule", "batch")
    context_object_name = "dossier"

    def get_context_data(self, **kwargs):
        return super().get_context_data(changes=selectors.dossier_changes(self.object), **kwargs)


class ImportView(ScopedMixin, generic.FormView):
    """Upload a CSV or XLSX table for a unit the user may edit; all or nothing, errors listed by line."""

    template_name = "procedures/import.html"
    form_class = TableImportForm
    queryset = Unit.objects.all()
    permission = Perm.VIEW
    write_permission = Perm.EDIT
    columns: tuple = ()
    title = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not visible_unit_ids(request.user, Perm.EDIT):
            raise PermissionDenied(Perm.EDIT)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=self.columns, title=self.title, **kwargs)

    def form_valid(self, form):
        try:
            headers, rows = read_table(form.cleaned_data["file"])
        except CellError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        positions, missing = header_map(headers, self.columns)
        if missing:
            form.add_error("file", _("Missing columns: {columns}.").format(columns=", ".join(missing)))
            return self.form_invalid(form)
        records = ((line, {key: cells[i] if i < len(cells) else "" for i, key in positions.items()}) for line, cells in rows)
        try:
            message = self.run_service(form, records)
        except ValidationError as error:
            form.add_service_errors(error)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(self.success_url)


class ProcedureImportView(ImportView):
    columns = services.PROCEDURE_COLUMNS
    title = gettext_lazy("Import the procedure catalogue")
    success_url = reverse_lazy("procedures:procedure_list")

    def run_service(self, form, records):
        created, updated = services.procedures_import(
            records=records, unit=form.cleaned_data["unit"], actor=self.request.user
        )
        return _("{created} procedures added, {updated} updated.").format(created=created, updated=updated)


class PublicationImportView(ImportView):
    """Publication decisions and publication facts of the catalogue (QĐ 766 group 1)."""

    columns = publications.PUBLICATION_COLUMNS
    title = gettext_lazy("Import procedure publications")
    success_url = reverse_lazy("procedures:procedure_list")

    def run_service(self, form, records):
        created, updated = publications.procedure_publications_import(
            records=records, unit=form.cleaned_data["unit"], actor=self.request.user
        )
        return _("{created} publications added, {updated} updated.").format(created=created, updated=updated)


class DossierImportView(ImportView):
    columns = services.DOSSIER_COLUMNS
    title = gettext_lazy("Import dossiers")
    success_url = reverse_lazy("procedures:dossier_list")

    def run_service(self, form, records):
        result = services.dossiers_ingest(
            records=records,
            actor=self.request.user,
            unit=form.cleaned_data["unit"],
            source=BatchSource.FILE,
            name=form.cleaned_data["file"].name,
            writable_unit_ids=visible_unit_ids(self.request.user, Perm.EDIT),
        )
        return _("{created} dossiers added, {updated} updated, {unchanged} unchanged.").format(
            created=result.created, updated=result.updated, unchanged=result.unchanged
        )


class BatchListView(ScopedListView):
    """Recent imports and pushes of dossiers."""

    template_name = "procedures/batch_list.html"
    queryset = IngestBatch.objects.select_related("unit", "created_by")
    context_object_name = "batches"
    paginate_by = PAGE_SIZE
