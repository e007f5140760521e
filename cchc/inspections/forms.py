"""Forms of the inspection pages. Choices of units, people, tasks and checklist lines are limited to the user's
reach (``ScopedForm``) and to what makes sense for the plan or inspection on the page. Values are read by the
services, which name the field of any error."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.core.forms import IdsChoiceField, ScopedForm
from cchc.inspections import selectors
from cchc.inspections.choices import AnswerResult, CoverageBasis, ItemState, TemplateKind
from cchc.inspections.models import ChecklistItem, InspectionPlan
from cchc.plans.choices import ReformArea
from cchc.plans.forms import EvidenceFields, ProgressFields
from cchc.plans.models import Task
from cchc.units.forms import DateInput
from cchc.units.models import Unit
from cchc.units.roles import Perm

TEXTAREA = forms.Textarea(attrs={"rows": 3})
MONTHS = [("", "—"), *((m, _("Month {m}").format(m=m)) for m in range(1, 13))]


def _person(user) -> str:
    return user.full_name or user.username


class PlanForm(ScopedForm):
    """An inspection plan's header, coverage target, team and the reform-plan task it follows."""

    title = forms.CharField(label=_("Title"), max_length=500)
    number = forms.CharField(label=_("Number and symbol"), max_length=64, required=False, help_text=_("e.g. 15/KH-SXD."))
    issued_on = forms.DateField(label=_("Issue date"), widget=DateInput(), required=False)
    coverage_basis = forms.ChoiceField(label=_("Coverage counts"), choices=CoverageBasis.choices)
    coverage_target = forms.CharField(label=_("Coverage target (%)"), max_length=16,
                                      help_text=_("Share of the units to inspect in the year, e.g. 40; 100 for every division."))
    task = forms.ModelChoiceField(label=_("Reform plan task"), queryset=Task.objects.none(), required=False,
                                  help_text=_("The task that calls for these inspections; its progress follows them."))
    team = IdsChoiceField(label=_("Inspection team"), queryset=get_user_model().objects.none(), required=False,
                          widget=forms.CheckboxSelectMultiple)
    team_lead = forms.ModelChoiceField(label=_("Team lead"), queryset=get_user_model().objects.none(), required=False)

    def __init__(self, *args, unit: Unit, year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if year is None:
            self.fields["year"] = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100,
                                                     initial=timezone.localdate().year)
            self.order_fields(["year", "title"])
            given = str(self.data.get("year", "")) if self.is_bound else ""
            year = int(given) if given.isdigit() and len(given) == 4 else timezone.localdate().year
        people = selectors.users_for_team(unit, self.user)
        for name in ("team", "team_lead"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = _person
        tasks = selectors.linkable_tasks(unit, year)
        self.fields["task"].queryset = tasks.filter(pk__in=Task.objects.visible_to(self.user, Perm.VIEW).values("pk"))
        self.fields["task"].label_from_instance = lambda t: f"{t.plan.number or t.plan.title} – {t}"[:200]


class ChecklistItemForm(ScopedForm):
    area = forms.ChoiceField(label=_("Reform area"), choices=[("", "—"), *ReformArea.choices], required=False)
    text = forms.CharField(label=_("Content to inspect"), widget=TEXTAREA, max_length=1000, required=False,
                           help_text=_("Leave empty to use the reform area's name."))


class ScheduleForm(ScopedForm):
    """A unit to inspect and the month planned."""

    unit = forms.ModelChoiceField(label=_("Unit to inspect"), queryset=Unit.objects.none())
    planned_month = forms.TypedChoiceField(label=_("Planned month"), choices=MONTHS, coerce=int, empty_value=None,
                                           required=False)

    def __init__(self, *args, plan: InspectionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.units_to_inspect(plan.unit, plan.year, self.user)


class RecordForm(ScopedForm):
    """The inspection as carried out: date, team, overall assessment and the conclusion notice."""

    inspected_on = forms.DateField(label=_("Inspection date"), widget=DateInput())
    team = IdsChoiceField(label=_("Inspection team"), queryset=get_user_model().objects.none(), required=False,
                          widget=forms.CheckboxSelectMultiple)
    team_lead = forms.ModelChoiceField(label=_("Team lead"), queryset=get_user_model().objects.none(), required=False)
    summary = forms.CharField(label=_("Overall assessment"), widget=TEXTAREA, required=False)
    conclusion_number = forms.CharField(label=_("Conclusion notice number"), max_length=64, required=False,
                                        help_text=_("e.g. 25/TB-SXD."))
    conclusion_date = forms.DateField(label=_("Conclusion notice date"), widget=DateInput(), required=False)
    signer_name = forms.CharField(label=_("Signed by"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100, required=False)

    def __init__(self, *args, plan: InspectionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        people = selectors.users_for_team(plan.unit, self.user)
        for name in ("team", "team_lead"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = _person


class AnswerForm(EvidenceFields, ScopedForm):
    """The result of one checklist line at the inspection, with a note and the evidence seen."""

    item = forms.ModelChoiceField(label=_("Checklist line"), queryset=ChecklistItem.objects.none())
    result = forms.ChoiceField(label=_("Result"), choices=AnswerResult.choices)
    note = forms.CharField(label=_("Note"), widget=TEXTAREA, required=False)
    field_order = ["item", "result", "note", "file", "document_number", "document_date", "issuer"]

    def __init__(self, *args, plan: InspectionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = plan.checklist.all()


class FindingForm(ScopedForm):
    """A finding and the recommendation that answers it, due in working days or on a date."""

    finding = forms.CharField(label=_("Finding (shortcoming)"), widget=TEXTAREA, required=False)
    recommendation = forms.CharField(label=_("Recommendation"), widget=TEXTAREA, required=False,
                                     help_text=_("The inspected unit carries it out and reports with evidence."))
    due_working_days = forms.IntegerField(label=_("Within (working days)"), required=False,
                                          help_text=_("Counted from the inspection date."))
    due_date = forms.DateField(label=_("Or by"), widget=DateInput(), required=False)


class RemediationProgressForm(ProgressFields, ScopedForm):
    """The assigned unit's report on a recommendation, with evidence."""

    choice_permission = Perm.UPDATE_PROGRESS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lateness_reason"].help_text = _("Required when the recommendation is carried out after its due date.")


class CloseForm(EvidenceFields, ScopedForm):
    """The inspecting unit closes a recommendation; evidence is needed when the unit sent none."""

    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())
    note = forms.CharField(label=_("Assessment"), widget=TEXTAREA, required=False)
    field_order = ["closed_on", "note", "file", "document_number", "document_date", "issuer"]


class ReopenForm(ScopedForm):
    reopened_on = forms.DateField(label=_("Reopened on"), widget=DateInput())
    reason = forms.CharField(label=_("Why it is reopened"), widget=TEXTAREA, required=False)


class TemplateUploadForm(ScopedForm):
    kind = forms.ChoiceField(label=_("Document"), choices=TemplateKind.choices)
    file = forms.FileField(label=_("Word template (.docx)"), required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class PlanFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label=_("Unit or title"), required=False, max_length=100)


class ItemFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All")), *ItemState.choices])
    side = forms.ChoiceField(label=_("Which"), required=False, choices=[
        ("", _("All")), ("assigned", _("To carry out by my units")), ("issued", _("From my units' inspections"))])
