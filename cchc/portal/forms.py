from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.forms import ScopedForm

ACTIONS = [("publish", _("Publish on the public portal")), ("unpublish", _("Withdraw from the public portal"))]


class PublicationForm(ScopedForm):
    """Publish or withdraw: the choice is explicit, so a post without it changes nothing."""

    action = forms.ChoiceField(label=_("Decision"), choices=ACTIONS, widget=forms.RadioSelect)

    @property
    def published(self) -> bool:
        return self.cleaned_data["action"] == "publish"


class ScorecardPublicationForm(PublicationForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class ReportPublicationForm(ScopedForm):
    """The sections of an accepted report to publish; the others are withdrawn. ``decision`` confirms, so a
    post without it changes nothing."""

    sections = forms.MultipleChoiceField(label=_("Sections to publish"), required=False, widget=forms.CheckboxSelectMultiple)
    decision = forms.ChoiceField(choices=[("save", "save")], widget=forms.HiddenInput, initial="save")

    def __init__(self, *args, report, **kwargs):
        from cchc.reporting.outline import SECTIONS

        super().__init__(*args, **kwargs)
        written = report.sections or {}
        self.fields["sections"].choices = [(s.code, s.name) for s in SECTIONS if (written.get(s.code) or "").strip()]
