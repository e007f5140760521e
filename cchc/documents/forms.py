"""Forms of the documents pages: uploading a plan document or a Word template, and reviewing the
extracted draft (the plan header, its areas, tasks and targets) before it becomes a plan."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from cchc.core.forms import ScopedForm, unit_picker
from cchc.documents import review
from cchc.plans.choices import ReformArea
from cchc.plans.forms import PlanForm, legal_bases_text
from cchc.units.roles import Perm

TEXTAREA = forms.Textarea(attrs={"rows": 2})
AREA_CHOICES = [("", "—"), *ReformArea.choices]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One file, or several (the photos of one plan's pages); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".docx,.pdf,.txt,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data] if data else [single(None, initial)]
        return [single(data, initial)]


class ImportUploadForm(ScopedForm):
    file = MultipleFileField(
        label=_("Plan document"),
        help_text=_("Word (.docx), PDF or text (.txt), 20 MB at most; or scans and photos of the pages (JPG, PNG): "
                    "choose them all at once, they are read in the order of their file names."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from cchc.documents import ocr

        missing = ocr.missing()
        if missing:
            self.fields["file"].help_text = _("Word (.docx), PDF or text (.txt), 20 MB at most.") + " " + missing


class TemplateUploadForm(ScopedForm):
    file = forms.FileField(label=_("Word template (.docx)"), help_text=_("5 MB at most; it must keep the fields in double braces."))
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class ReviewPlanForm(PlanForm):
    """The plan's header and narrative as read from the document, with its signer."""

    choice_permission = Perm.EDIT
    signer_name = forms.CharField(label=_("Signed by"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100, required=False)
    amend = forms.BooleanField(
        label=_("Amend the existing plan"), required=False,
        help_text=_("When the unit already has a plan for the year: bring this document's content into it (a unit has "
                    "one plan a year) instead of creating a second plan."))

    @staticmethod
    def initial_from(draft: dict) -> dict:
        initial = review.plan_initial(draft)
        return {**initial, "legal_bases": legal_bases_text(initial["legal_bases"])}


class ReviewAreaForm(forms.Form):
    code = forms.ChoiceField(label=_("Standard reform area"), choices=ReformArea.choices)
    local_number = forms.CharField(label=_("Number in the plan"), max_length=16, required=False)
    title = forms.CharField(label=_("Title as written"), max_length=255)


class ReviewTaskForm(forms.Form):
    """One extracted task; units are chosen among the plan unit's units (``units``: id → Unit)."""

    include = forms.BooleanField(label=_("Keep"), required=False)
    area_code = forms.ChoiceField(label=_("Reform area"), choices=AREA_CHOICES, required=False)
    number = forms.CharField(label=_("Number"), max_length=32, required=False)
    title = forms.CharField(label=_("Task"), widget=TEXTAREA, required=False)
    products = forms.CharField(label=_("Products"), widget=TEXTAREA, required=False, help_text=_("One per line."))
    lead_unit = forms.TypedChoiceField(label=_("Lead unit"), coerce=int, empty_value=None, required=False)
    lead_text = forms.CharField(label=_("Lead as written"), max_length=255, required=False)
    coordinating_units = forms.TypedMultipleChoiceField(label=_("Coordinating units"), coerce=int, required=False)
    coordinators_text = forms.CharField(label=_("Coordinating units as written"), max_length=500, required=False)
    timeframe = forms.CharField(label=_("Timeframe as written"), max_length=255, required=False)
    budget_source = forms.CharField(label=_("Budget"), max_length=255, required=False)

    def __init__(self, *args, units: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        choices = [(pk, unit.name_with_parent) for pk, unit in units.items()]
        self.fields["lead_unit"].choices = [("", "—"), *choices]
        self.fields["coordinating_units"].choices = choices
        self.fields["coordinating_units"].widget.attrs["size"] = min(4, max(2, len(choices)))
        unit_picker(self.fields["lead_unit"])
        unit_picker(self.fields["coordinating_units"])

    def clean(self):
        data = super().clean()
        if not data.get("include"):
            return data
        if not (data.get("title") or "").strip():
            self.add_error("title", _("Give the task, or untick “Keep” to leave it out."))
        if not data.get("area_code"):
            self.add_error("area_code", _("Choose the reform area of the task."))
        return data

    def reviewed(self, row: int) -> review.ReviewedTask:
        data = self.cleaned_data
        return review.ReviewedTask(
            row=row, area_code=data["area_code"], title=data["title"].strip(), number=data["number"],
            products=[line.strip() for line in data["products"].splitlines() if line.strip()],
            lead_unit=self.units.get(data["lead_unit"]), lead_text=data["lead_text"],
            coordinating_units=[self.units[pk] for pk in data["coordinating_units"]],
            coordinators_text=data["coordinators_text"], timeframe=data["timeframe"], budget_source=data["budget_source"],
        )

    @staticmethod
    def initial_from(task: dict, matches: dict, own_unit_id: int) -> dict:
        initial = review.task_initial(task, matches, own_unit_id)
        return {**initial, "products": "\n".join(initial["products"])}


class ReviewTargetForm(forms.Form):
    include = forms.BooleanField(label=_("Keep"), required=False)
    text = forms.CharField(label=_("Target as written"), widget=TEXTAREA, required=False)


AreaFormSet = formset_factory(ReviewAreaForm, extra=0)
TaskFormSet = formset_factory(ReviewTaskForm, extra=0)
TargetFormSet = formset_factory(ReviewTargetForm, extra=0)
