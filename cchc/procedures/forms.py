from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.forms import ScopedForm, unit_picker
from cchc.core.uploads import UploadPolicy, validate_upload
from cchc.procedures.choices import Channel, Outcome
from cchc.procedures.models import Procedure
from cchc.units.forms import DateInput
from cchc.units.models import Unit
from cchc.units.roles import Perm

TABLE_UPLOAD = UploadPolicy(extensions=frozenset({".csv", ".xlsx"}), max_bytes=200 * 1024 * 1024)


class TableImportForm(ScopedForm):
    """A CSV or XLSX file and the unit it is entered for (among the units the user may edit)."""

    choice_permission = Perm.EDIT
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.filter(valid_to__isnull=True))
    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, TABLE_UPLOAD)
        return upload


class DossierFilterForm(forms.Form):
    q = forms.CharField(label=_("Dossier code"), required=False)
    procedure = forms.ModelChoiceField(label=_("Procedure"), queryset=Procedure.objects.all(), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.all(), required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", "—"), *Channel.choices], required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *Outcome.choices], required=False)
    late = forms.BooleanField(label=_("Late or overdue only"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = Procedure.objects.visible_to(user, Perm.VIEW)
        self.fields["unit"].queryset = Unit.objects.visible_to(user, Perm.VIEW)
        unit_picker(self.fields["unit"])


class ProcedureFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    sector = forms.CharField(label=_("Field"), required=False)
