from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cchc.core.forms import ScopedForm
from cchc.units.models import SplitRecordKind, Unit, UnitKind
from cchc.units.roles import Perm, Role
from cchc.units.scoping import may_grant_on
from cchc.units.services import GRANT_REFUSED


class DateInput(forms.DateInput):
    def __init__(self, **kwargs):
        super().__init__(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, **kwargs)


class UnitCreateForm(ScopedForm):
    """A new unit below the unit on the page."""

    choice_permission = Perm.MANAGE_UNITS
    name = forms.CharField(label=_("Name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=100, required=False)
    code = forms.CharField(label=_("Code"), max_length=40)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())


class UnitMergeForm(ScopedForm):
    """Merge the unit on the page (and others) into an existing or a new unit."""

    choice_permission = Perm.MANAGE_UNITS
    other_sources = forms.ModelMultipleChoiceField(
        label=_("Other units merged at the same time"), queryset=Unit.objects.filter(valid_to__isnull=True), required=False
    )
    into = forms.ModelChoiceField(
        label=_("Merge into an existing unit"), queryset=Unit.objects.filter(valid_to__isnull=True), required=False
    )
    new_name = forms.CharField(label=_("or the name of the new unit"), max_length=255, required=False)
    new_code = forms.CharField(label=_("Code of the new unit"), max_length=40, required=False)
    new_kind = forms.ChoiceField(label=_("Kind of the new unit"), choices=[("", "—"), *UnitKind.choices], required=False)
    new_parent = forms.ModelChoiceField(
        label=_("Parent of the new unit"), queryset=Unit.objects.filter(valid_to__isnull=True), required=False
    )
    effective = forms.DateField(label=_("Effective from"), widget=DateInput())
    decision = forms.CharField(label=_("Legal decision"), max_length=255)

    def clean(self):
        data = super().clean()
        has_new = bool(data.get("new_name"))
        if bool(data.get("into")) == has_new:
            raise forms.ValidationError(_("Choose an existing unit or give the name of a new unit (one of the two)."))
        if has_new:
            for field in ("new_code", "new_kind"):
                if not data.get(field):
                    self.add_error(field, _("Required for a new unit."))
        return data


#: the words a mapping line may start with, in Vietnamese and English, and the kind they name
SPLIT_KIND_WORDS = {
    "hồ sơ": SplitRecordKind.DOSSIER, "dossier": SplitRecordKind.DOSSIER,
    "nhiệm vụ": SplitRecordKind.TASK, "task": SplitRecordKind.TASK,
    "báo cáo": SplitRecordKind.REPORT, "report": SplitRecordKind.REPORT,
    "thủ tục": SplitRecordKind.PROCEDURE, "procedure": SplitRecordKind.PROCEDURE,
    "lĩnh vực": SplitRecordKind.SECTOR, "sector": SplitRecordKind.SECTOR,
}


class SplitDivideForm(ScopedForm):
    """How a split divides the old unit's data: a default new unit and one line per exception.

    A line reads ``kind; record; new unit code``: ``hồ sơ; H12.34-250301-0001; XA-B`` (a dossier by
    its code), ``thủ tục; 1.000002; XA-C`` (every dossier of a procedure, by its code),
    ``lĩnh vực; Hộ tịch; XA-C`` (every dossier of a field), ``nhiệm vụ; 15; XA-B`` or
    ``báo cáo; 7; XA-B`` (a plan task or a report, by the number shown on its page).
    """

    choice_permission = Perm.MANAGE_UNITS
    default_successor = forms.ModelChoiceField(
        label=_("Default successor"), queryset=Unit.objects.all(), required=False,
        help_text=_("Takes every record the lines below do not name."),
    )
    mapping = forms.CharField(
        label=_("Exceptions, one per line: kind; record; code of the new unit"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        strip=False,
        help_text=_("Kinds: hồ sơ (dossier code), thủ tục (procedure code), lĩnh vực (field name), nhiệm vụ, báo cáo (number)."),
    )

    def __init__(self, *args, successors, **kwargs):
        super().__init__(*args, **kwargs)
        self.successors = {unit.code: unit for unit in successors}
        field = self.fields["default_successor"]
        field.queryset = field.queryset.filter(pk__in=[u.pk for u in successors])

    def clean_mapping(self) -> list[tuple[int, str, str, Unit]]:
        """(line number, kind, record as written, new unit) per non-empty line."""
        rows = []
        for number, text in enumerate(self.cleaned_data["mapping"].splitlines(), start=1):
            if not text.strip():
                continue
            parts = [part.strip() for part in text.split(";")]
            if len(parts) != 3 or not all(parts):
                raise forms.ValidationError(
                    _("Line {line}: write kind; record; code of the new unit.").format(line=number)
                )
            kind = SPLIT_KIND_WORDS.get(parts[0].lower())
            if kind is None:
                raise forms.ValidationError(_("Line {line}: unknown kind “{kind}”.").format(line=number, kind=parts[0]))
            successor = self.successors.get(parts[2])
            if successor is None:
                raise forms.ValidationError(
                    _("Line {line}: {code} is not one of the units this split creates.").format(line=number, code=parts[2])
                )
            rows.append((number, kind, parts[1], successor))
        return rows

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("default_successor") and not data.get("mapping"):
            raise forms.ValidationError(_("Choose a default successor or write at least one line."))
        return data


class MembershipForm(ScopedForm):
    """Grant a role on the unit on the page."""

    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    title = forms.CharField(label=_("Job title"), max_length=255, required=False)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_to = forms.DateField(label=_("Valid to"), widget=DateInput(), required=False)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        try:
            return get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist as exc:
            raise forms.ValidationError(_("No active user has this username.")) from exc

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        role.choices = [(value, label) for value, label in Role.choices if may_grant_on(self.user, value, unit)]
        role.error_messages["invalid_choice"] = GRANT_REFUSED


class MembershipEndForm(ScopedForm):
    valid_to = forms.DateField(label=_("Last day"), widget=DateInput())


class TreeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    on = forms.DateField(label=_("As of"), required=False, widget=DateInput())
    include_closed = forms.BooleanField(label=_("Include merged and dissolved units"), required=False)
