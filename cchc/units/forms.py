from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cchc.core.forms import ScopedForm
from cchc.units.models import Unit, UnitKind
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
