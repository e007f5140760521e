"""Forms of the petitions pages. Public forms are plain; staff forms are scoped (``ScopedForm``).

Text fields carry the browser hints (``maxlength``) but the services decide: their messages name the
field and land on it (``ScopedForm.add_service_errors``), the same on the page and through the API.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.forms import ScopedForm
from cchc.petitions.choices import STAFF_CHANNELS, Category, Channel, ContactPolicy, Rating, Status
from cchc.petitions.models import MAX_TEXT
from cchc.petitions.services import ATTACHMENT_POLICY, MAX_ATTACHMENTS
from cchc.units.forms import DateInput
from cchc.units.models import Unit


def _text(label, *, rows: int = 6, max_length: int = MAX_TEXT, required: bool = False, help_text: str = ""):
    attrs = {"rows": rows, "maxlength": max_length}
    if required:
        attrs["required"] = "required"
    return forms.CharField(label=label, required=False, strip=False, widget=forms.Textarea(attrs=attrs), help_text=help_text)


def _line(label, *, max_length: int, input_type: str = "text", autocomplete: str = "", help_text: str = ""):
    attrs = {"maxlength": max_length}
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    widget = {"email": forms.EmailInput, "tel": forms.TextInput}.get(input_type, forms.TextInput)(attrs=attrs)
    if input_type == "tel":
        widget.input_type = "tel"
        widget.attrs["inputmode"] = "tel"
    return forms.CharField(label=label, required=False, strip=False, widget=widget, help_text=help_text)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service (type, content, size)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(sorted(ATTACHMENT_POLICY.extensions))}))
        super().__init__(required=False, allow_empty_file=True, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


def attachment_help() -> str:
    return _("Up to {n} files ({types}), at most {mb} MB each.").format(
        n=MAX_ATTACHMENTS, types=ATTACHMENT_POLICY.describe(), mb=ATTACHMENT_POLICY.max_bytes // (1024 * 1024)
    )


class IntakeFields(forms.Form):
    """What a petitioner tells: the text, what it concerns and, per the unit's setting, how to reach them."""

    content = _text(_("Content of the petition"), rows=8, required=True)
    procedure_code = _line(_("Procedure concerned (code or name, if any)"), max_length=40)
    dossier_code = _line(_("Dossier code (if any)"), max_length=64)
    contact_name = _line(_("Full name"), max_length=100, autocomplete="name")
    contact_phone = _line(_("Phone"), max_length=20, input_type="tel", autocomplete="tel")
    contact_email = _line(_("E-mail"), max_length=254, input_type="email", autocomplete="email")
    contact_address = _line(_("Address"), max_length=255, autocomplete="street-address")
    files = MultipleFileField(label=_("Attachments"))

    CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email", "contact_address")

    def intake_data(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in (
            "content", "procedure_code", "dossier_code", *self.CONTACT_FIELDS)}


class PublicIntakeForm(IntakeFields):
    """The public form. ``website`` is a honeypot: hidden from people, filled only by robots."""

    website = forms.CharField(required=False, label=_("Leave this field empty"),
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, contact_policy: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = attachment_help()
        if contact_policy == ContactPolicy.HIDDEN:
            for name in self.CONTACT_FIELDS:
                del self.fields[name]
        elif contact_policy == ContactPolicy.REQUIRED:
            self.fields["contact_name"].widget.attrs["required"] = "required"

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=40, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false", "placeholder": "XXXXX-XXXXX"}))


class RatingForm(forms.Form):
    code = forms.CharField(max_length=40, widget=forms.HiddenInput)
    value = forms.ChoiceField(label=_("Your rating of the answer"), choices=Rating.choices, widget=forms.RadioSelect)
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))


# --- staff ------------------------------------------------------------------------------------


class RegisterForm(IntakeFields, ScopedForm):
    """An officer records a petition received by phone, letter or from the national portal."""

    channel = forms.ChoiceField(label=_("Received by"), choices=[(c.value, c.label) for c in STAFF_CHANNELS])
    received_at = forms.DateTimeField(label=_("Reception time"), help_text=_("dd/mm/yyyy hh:mm"),
                                      widget=forms.DateTimeInput(format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm"}))
    external_code = _line(_("National portal code"), max_length=64)

    field_order = ["channel", "received_at", "external_code", "content"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = attachment_help()


class StepForm(ScopedForm):
    """A handling step: ``version`` is the number of steps the officer saw (see ``handling``)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=10**9)

    def add_service_errors(self, error) -> None:
        if hasattr(error, "error_dict") and "version" in error.error_dict:
            self.add_error(None, error.error_dict.pop("version"))
        super().add_service_errors(error)


class ClassifyForm(StepForm):
    category = forms.ChoiceField(label=_("Class"), choices=Category.choices, widget=forms.RadioSelect)
    note = _text(_("Note"), rows=2)


class DecideForm(StepForm):
    ACCEPT, REJECT = "accept", "reject"
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                 choices=[(ACCEPT, _("Accept for handling")), (REJECT, _("Do not accept"))])
    reason = _text(_("Reason (told to the petitioner when not accepted)"), rows=3)


class RequestInfoForm(StepForm):
    request = _text(_("Information asked for"), rows=4, required=True)


class InfoReceivedForm(StepForm):
    note = _text(_("Information received"), rows=4, required=True)


class TransferForm(StepForm):
    to_unit = forms.ModelChoiceField(label=_("Transfer to"), queryset=Unit.objects.all())
    note = _text(_("Note"), rows=2)

    def __init__(self, *args, petition, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils import timezone

        self.fields["to_unit"].queryset = (
            self.fields["to_unit"].queryset.valid_on(timezone.localdate()).exclude(pk=petition.unit_id).order_by("name")
        )


class AnswerForm(StepForm):
    answer = _text(_("Answer"), rows=10, required=True)


class ApproveForm(StepForm):
    APPROVE, RETURN = "approve", "return"
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                 choices=[(APPROVE, _("Approve the answer")), (RETURN, _("Return it for rework"))])
    note = _text(_("Note (what to change, when returning)"), rows=3)


class PublishForm(StepForm):
    summary = _text(_("Summary of the petition to publish"), rows=6, required=True,
                    help_text=_("Shown publicly with the answer. Phone numbers, e-mails, ID numbers and the petitioner's details "
                                "are masked automatically; remove any other personal data."))


class WithdrawForm(StepForm):
    note = _text(_("Reason for withdrawing the answer from the public pages"), rows=3, required=True)


class SettingForm(ScopedForm):
    contact_policy = forms.ChoiceField(label=_("Contact details on the public form"), choices=ContactPolicy.choices,
                                       widget=forms.RadioSelect)


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + list(Status.choices))
    category = forms.ChoiceField(label=_("Class"), required=False,
                                 choices=[("", _("All")), ("none", _("Not classified"))] + list(Category.choices))
    channel = forms.ChoiceField(label=_("Reception channel"), required=False, choices=[("", _("All"))] + list(Channel.choices))
    received_from = forms.DateField(label=_("Received from"), required=False, widget=DateInput())
    received_to = forms.DateField(label=_("Received to"), required=False, widget=DateInput())
    todo = forms.CharField(required=False, widget=forms.HiddenInput)
