"""Forms of the plans pages. Choices of units, plans and tasks are limited to the user's reach
(``ScopedForm``) and, further, to what makes sense for the plan or task on the page."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cchc.core.forms import IdsChoiceField, ScopedForm
from cchc.plans.choices import RecurrenceChoice, ReformArea, TaskStatus
from cchc.plans.models import Plan, PlanArea, Target, Task, TaskPeriod
from cchc.units.forms import DateInput
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import UnitGraph, visible_unit_ids

TEXTAREA = forms.Textarea(attrs={"rows": 3})
#: "111/KH-UBND", "76/NQ-CP", "1847/QĐ-TTg": a document number and symbol inside a citation.
DOCUMENT_NUMBER = re.compile(r"\b\d+[\w.]*/[\wĐđ/.-]*[A-Za-zĐđ][\wĐđ/.-]*")
DOCUMENT_DATE = re.compile(r"\bngày\s+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def parse_legal_bases(text: str) -> list[dict]:
    """One cited document per line ("Kế hoạch số 111/KH-UBND ngày 29/9/2021 của UBND tỉnh …")."""
    bases, errors = [], []
    for index, line in enumerate(text.splitlines(), start=1):
        line = line.strip(" -;.\t")
        if not line:
            continue
        number = DOCUMENT_NUMBER.search(line)
        if number is None:
            errors.append(_("Line {n}: no document number (such as 111/KH-UBND) found.").format(n=index))
            continue
        date = DOCUMENT_DATE.search(line)
        issued = f"{date.group(3)}-{int(date.group(2)):02d}-{int(date.group(1)):02d}" if date else ""
        bases.append({"kind": "", "number": number.group(0), "date": issued, "issuer": "", "title": line})
    if errors:
        raise forms.ValidationError(errors)
    return bases


def legal_bases_text(bases: list[dict]) -> str:
    return "\n".join(base.get("title") or base.get("number", "") for base in bases)


class PlanForm(ScopedForm):
    """A plan's header and narrative sections (the year and unit are fixed once created)."""

    title = forms.CharField(label=_("Title"), max_length=500)
    number = forms.CharField(label=_("Number and symbol"), max_length=64, required=False)
    place = forms.CharField(label=_("Place of issue"), max_length=100, required=False)
    parent_plan = forms.ModelChoiceField(label=_("Superior plan"), queryset=Plan.objects.all(), required=False)
    legal_bases = forms.CharField(
        label=_("Legal bases"), widget=TEXTAREA, required=False, help_text=_("One cited document per line.")
    )
    purpose = forms.CharField(label=_("Purpose"), widget=TEXTAREA, required=False)
    requirements = forms.CharField(label=_("Requirements"), widget=TEXTAREA, required=False)
    goals = forms.CharField(label=_("Goals"), widget=TEXTAREA, required=False)
    implementation = forms.CharField(label=_("Organisation of implementation"), widget=TEXTAREA, required=False)

    def __init__(self, *args, unit: Unit, plan: Plan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        if plan is None:
            self.fields["year"] = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
            self.order_fields(["year", "title"])
        ancestors = UnitGraph.load().ancestors(unit.pk)
        self.fields["parent_plan"].queryset = Plan.objects.in_force().filter(unit_id__in=ancestors).select_related("unit")

    def clean_legal_bases(self):
        return parse_legal_bases(self.cleaned_data["legal_bases"])

    def clean(self):
        data = super().clean()
        parent, year = data.get("parent_plan"), self.plan.year if self.plan else data.get("year")
        if parent is not None and year is not None and parent.year != year:
            self.add_error("parent_plan", _("The superior plan is for {year}.").format(year=parent.year))
        return data


class IssueForm(ScopedForm):
    number = forms.CharField(label=_("Number and symbol"), max_length=64, help_text=_("e.g. 120/KH-SXD"))
    issued_on = forms.DateField(label=_("Issue date"), widget=DateInput())
    signer_name = forms.CharField(label=_("Signed by"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100)


class AmendForm(ScopedForm):
    decision_number = forms.CharField(label=_("Number of the amending decision"), max_length=100)
    decided_on = forms.DateField(label=_("Decision date"), widget=DateInput())
    note = forms.CharField(label=_("What changes"), widget=TEXTAREA, required=False)


class AreaForm(ScopedForm):
    code = forms.ChoiceField(label=_("Standard reform area"), choices=ReformArea.choices)
    local_number = forms.CharField(label=_("Number in the plan"), max_length=16, required=False, help_text=_("e.g. II"))
    title = forms.CharField(label=_("Title as written"), max_length=255)


def _units_for(plan: Plan, user, perm: str = Perm.VIEW):
    """Units of the plan's subtree that existed in the plan year and the user reaches."""
    reach = UnitGraph.load().reach([plan.unit_id]) & visible_unit_ids(user, perm)
    return Unit.objects.filter(pk__in=reach).overlapping(*_year(plan.year)).order_by("name")


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


class TaskForm(ScopedForm):
    """A task of the plan on the page; units are chosen within the plan's unit."""

    area = forms.ModelChoiceField(label=_("Reform area"), queryset=PlanArea.objects.none())
    number = forms.CharField(label=_("Number"), max_length=32, required=False)
    title = forms.CharField(label=_("Task"), widget=TEXTAREA)
    parent = forms.ModelChoiceField(label=_("General task"), queryset=Task.objects.none(), required=False)
    products = forms.CharField(label=_("Products"), widget=TEXTAREA, required=False, help_text=_("One per line."))
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=Unit.objects.none(), required=False)
    lead_text = forms.CharField(
        label=_("Lead as written"), max_length=255, required=False, help_text=_("For a group such as \"Các phòng chuyên môn\".")
    )
    coordinating_units = IdsChoiceField(label=_("Coordinating units"), queryset=Unit.objects.none(), required=False)
    coordinators_text = forms.CharField(label=_("Coordinating units as written"), max_length=500, required=False)
    timeframe = forms.CharField(label=_("Timeframe as written"), max_length=255, required=False,
                                help_text=_("e.g. Quý I/2025, Trước ngày 15/01/2025, Hàng quý, Thường xuyên."))
    due_date = forms.DateField(label=_("Due date"), widget=DateInput(), required=False,
                               help_text=_("Leave empty to read it from the timeframe."))
    recurrence = forms.ChoiceField(label=_("Recurrence"), choices=[("", "—"), *RecurrenceChoice.choices], required=False)
    budget_source = forms.CharField(label=_("Budget source"), max_length=255, required=False)
    budget_amount = forms.DecimalField(label=_("Budget (VND)"), max_digits=15, decimal_places=0, min_value=0, required=False,
                                       localize=True)
    source_task = forms.ModelChoiceField(label=_("Takes up the superior plan's task"), queryset=Task.objects.none(), required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["area"].queryset = plan.areas.all()
        self.fields["parent"].queryset = plan.tasks.filter(parent__isnull=True)
        units = _units_for(plan, self.user)
        self.fields["lead_unit"].queryset = units
        self.fields["coordinating_units"].queryset = units
        source_tasks = Task.objects.filter(plan=plan.parent_plan) if plan.parent_plan_id else Task.objects.none()
        self.fields["source_task"].queryset = source_tasks

    def clean_products(self):
        return [line.strip() for line in self.cleaned_data["products"].splitlines() if line.strip()]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["recurrence"] = data.get("recurrence") or None
        return data


class CascadeForm(ScopedForm):
    """Units below the plan's unit that the task is assigned to."""

    choice_permission = Perm.STEER
    units = IdsChoiceField(label=_("Units"), queryset=Unit.objects.all(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        plan = task.plan
        below = UnitGraph.load().descendants(plan.unit_id) - {plan.unit_id}
        self.fields["units"].queryset = (
            self.fields["units"].queryset.filter(pk__in=below, parent_id=plan.unit_id)
            .overlapping(*_year(plan.year)).order_by("name")
        )


class EvidenceFields(forms.Form):
    """One piece of evidence: a file and/or the record of the document that proves the work (``Evidence``)."""

    file = forms.FileField(label=_("Evidence file"), required=False, help_text=_("PDF, Word, Excel, images or ZIP; 20 MB at most."))
    document_number = forms.CharField(label=_("Document number"), max_length=100, required=False)
    document_date = forms.DateField(label=_("Document date"), widget=DateInput(), required=False)
    issuer = forms.CharField(label=_("Issued by"), max_length=255, required=False)

    def evidence_inputs(self) -> list:
        """The evidence the form carries, for ``services.evidence_record`` (none when both file and number are empty)."""
        from cchc.plans.services import EvidenceInput

        data = self.cleaned_data
        if not (data.get("file") or data.get("document_number")):
            return []
        return [EvidenceInput(file=data.get("file"), document_number=data.get("document_number", ""),
                              document_date=data.get("document_date"), issuer=data.get("issuer", ""))]


class ProgressFields(EvidenceFields):
    """What every progress report asks (``models.ProgressRecord``), with one piece of evidence; a task's and a
    remediation item's progress forms add what they report on."""

    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    percent = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100)
    reported_on = forms.DateField(label=_("As of"), widget=DateInput())
    note = forms.CharField(label=_("What was done"), widget=TEXTAREA, required=False)
    lateness_reason = forms.CharField(label=_("Reason for lateness"), widget=TEXTAREA, required=False,
                                      help_text=_("Required when the task is completed after its due date."))
    field_order = ["status", "percent", "reported_on", "note", "lateness_reason", "file", "document_number", "document_date",
                   "issuer"]


class ProgressForm(ProgressFields, ScopedForm):
    """A progress report on a task period by one of the units the user reports for, with evidence."""

    choice_permission = Perm.UPDATE_PROGRESS
    period = forms.ModelChoiceField(label=pgettext_lazy("task period", "Period"), queryset=TaskPeriod.objects.none())
    unit = forms.ModelChoiceField(label=_("Reporting unit"), queryset=Unit.objects.none())
    field_order = ["period", "unit", *ProgressFields.field_order]

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = task.periods.order_by("due_date", "pk")
        self.fields["period"].label_from_instance = lambda p: p.label or _("Whole task")
        mine = visible_unit_ids(self.user, Perm.UPDATE_PROGRESS)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u for u in task.participant_unit_ids() if u in mine])
        periods = list(self.fields["period"].queryset)
        if len(periods) == 1:
            self.fields["period"].initial = periods[0].pk
        if self.fields["unit"].queryset.count() == 1:
            self.fields["unit"].initial = self.fields["unit"].queryset.get().pk


class TargetForm(ScopedForm):
    text = forms.CharField(label=_("Target as written"), widget=TEXTAREA, help_text=_("e.g. ≥98% hồ sơ giải quyết đúng hạn"))
    area = forms.ModelChoiceField(label=_("Reform area"), queryset=PlanArea.objects.none(), required=False)
    metric_code = forms.CharField(label=_("Indicator code"), max_length=64, required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = plan.areas.all()


class TargetValueForm(ScopedForm):
    value = forms.DecimalField(label=_("Measured value"), max_digits=14, decimal_places=2, localize=True)
    period_end = forms.DateField(label=_("Measured up to"), widget=DateInput())


class ManualMeasurementForm(ScopedForm):
    """A value reported by hand: numerator over denominator for a period, with its evidence.

    The numbers are read by the service, so that text, a negative number or a numerator above the
    denominator each get one message naming the field."""

    period_start = forms.DateField(label=_("Period from"), widget=DateInput())
    period_end = forms.DateField(label=_("Period to"), widget=DateInput())
    numerator = forms.CharField(label=_("Numerator"), max_length=32, help_text=_("e.g. 18 (civil servants trained)"))
    denominator = forms.CharField(label=_("Denominator"), max_length=32, help_text=_("e.g. 20 (civil servants of the unit)"))
    file = forms.FileField(label=_("Evidence file"), required=False, help_text=_("PDF, Word, Excel, images or ZIP; 20 MB at most."))
    document_number = forms.CharField(label=_("Document number"), max_length=100, required=False)
    document_date = forms.DateField(label=_("Document date"), widget=DateInput(), required=False)
    issuer = forms.CharField(label=_("Issued by"), max_length=255, required=False)


class SuggestionForm(ScopedForm):
    """The button confirms; it names the suggested target, so a post without it changes nothing."""

    target = forms.TypedChoiceField(label=_("Target"), coerce=int, widget=forms.HiddenInput)

    def __init__(self, *args, target: Target, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(target.pk, str(target.pk))]
        self.fields["target"].initial = target.pk


class PlanFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label=_("Unit or title"), required=False)
    awaiting = forms.ChoiceField(label=_("Show"), required=False, choices=[
        ("", _("All plans")), ("approval", _("Drafts awaiting my approval")),
    ])


class MyTasksFilterForm(forms.Form):
    """Which of "Việc của tôi" to show (the home page's counts link here)."""

    show = forms.ChoiceField(label=_("Show"), required=False, choices=[
        ("", _("All open tasks")), ("overdue", _("Overdue")), ("due_soon", _("Due within 5 working days")),
        ("review", _("Coordinators' progress to review")),
    ])


class TaskFilterForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Area"), required=False, coerce=int, empty_value=None)
    lead = forms.ChoiceField(label=_("Lead"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *TaskStatus.choices])
    due = forms.ChoiceField(label=_("Due"), required=False, choices=[
        ("", _("All")), ("overdue", _("Overdue")), ("due_soon", _("Due within 5 working days")), ("no_date", _("No due date")),
    ])

    def __init__(self, *args, areas, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("All")), *((a.pk, str(a)) for a in areas)]
        self.fields["lead"].choices = [("", _("All")), *((lead, lead) for lead in leads)]
