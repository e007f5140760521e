from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.forms import IdsChoiceField, ScopedForm
from cchc.reporting.choices import (
    CalendarPreset,
    DeadlinePolicyChoice,
    DocumentFormat,
    PeriodKindChoice,
    ReminderKind,
    ReportStatus,
)
from cchc.reporting.models import ReportingPeriod
from cchc.reporting.outline import SECTIONS
from cchc.units.forms import DateInput
from cchc.units.models import Unit
from cchc.units.roles import Perm

PERIODIC_KINDS = [
    (value, label) for value, label in PeriodKindChoice.choices if value != PeriodKindChoice.ADHOC
]


class CalendarForm(ScopedForm):
    """A steering unit's reporting calendar for a year, from a preset or its own days."""

    choice_permission = Perm.STEER
    unit = forms.ModelChoiceField(
        label=_("Steering unit"), queryset=Unit.objects.filter(valid_to__isnull=True)
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    preset = forms.ChoiceField(label=_("Rule"), choices=CalendarPreset.choices, widget=forms.RadioSelect)
    deadline_policy = forms.ChoiceField(
        label=_("When a deadline falls on a weekend or holiday"),
        choices=DeadlinePolicyChoice.choices,
        initial=DeadlinePolicyChoice.NEXT_WORKING_DAY,
    )
    kinds = forms.MultipleChoiceField(
        label=_("Periodic reports (own rule)"),
        choices=PERIODIC_KINDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cutoff_day = forms.IntegerField(
        label=_("Windows end on day (own rule)"), min_value=1, max_value=31, required=False
    )
    deadline_day = forms.IntegerField(
        label=_("Deadline day (own rule)"), min_value=1, max_value=31, required=False
    )
    source = forms.CharField(
        label=_("Legal basis"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PeriodForm(ScopedForm):
    data_from = forms.DateField(label=_("Data from"), widget=DateInput())
    data_to = forms.DateField(label=_("Data to"), widget=DateInput())
    nominal_deadline = forms.DateField(
        label=_("Deadline"),
        widget=DateInput(),
        help_text=_("A deadline on a weekend or holiday moves according to the calendar's rule."),
    )


class AdhocForm(ScopedForm):
    """An ad hoc request of a calendar; ``candidates`` are the units the calendar may ask.

    Only the candidates the user steers are offered (scoped as ``ScopedForm`` scopes every unit
    field), so any other id, or a value no row id can be, is an invalid choice.
    """

    choice_permission = Perm.STEER
    title = forms.CharField(label=_("Subject"), max_length=255)
    data_from = forms.DateField(label=_("Data from"), widget=DateInput())
    data_to = forms.DateField(label=_("Data to"), widget=DateInput())
    nominal_deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
    recipients = IdsChoiceField(
        label=_("Units asked"), queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = candidates.visible_to(self.user, self.choice_permission)


class ReportForm(ScopedForm):
    """The report editor: header fields, then one text area per section of the outline.

    ``revision`` is the version the editor was opened on; saving over a newer version is refused
    so that two people editing the same report never overwrite each other.
    """

    revision = forms.CharField(widget=forms.HiddenInput)
    number = forms.CharField(label=_("Number and symbol"), max_length=64, required=False)
    place = forms.CharField(label=_("Place of issue"), max_length=100, required=False)
    signer_name = forms.CharField(label=_("Signed by (name)"), max_length=255, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=255, required=False)
    recipients_text = forms.CharField(
        label=_("Recipients (Nơi nhận), one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            self.fields[f"section_{section.code}"] = forms.CharField(
                label=section.name,
                required=False,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=_("Required before sending.") if section.required else "",
            )

    def sections(self) -> dict[str, str]:
        return {s.code: self.cleaned_data.get(f"section_{s.code}", "") for s in SECTIONS}


class ReturnForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return"))])
    reason = forms.CharField(
        label=_("Reason for returning"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DocumentForm(forms.Form):
    format = forms.ChoiceField(choices=DocumentFormat.choices)


class StartForm(forms.Form):
    """The period of a unit's report to open. The period belongs to a superior unit's calendar,
    which the unit's officers do not reach: it is not scoped; the unit in the URL is, and the
    view answers a period the user neither reaches nor owes a report for as a missing one
    (``selectors.period_open_to``)."""

    period = forms.ModelChoiceField(queryset=ReportingPeriod.objects.select_related("calendar__unit"))


class TemplateForm(ScopedForm):
    choice_permission = Perm.MANAGE_UNITS
    unit = forms.ModelChoiceField(
        label=_("For the unit and the units below"), queryset=Unit.objects.filter(valid_to__isnull=True)
    )
    file = forms.FileField(label=_("Word template (DOCX)"))
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class MyReportsFilterForm(forms.Form):
    """Which of "Báo cáo của tôi" to show (the home page's counts link here)."""

    show = forms.ChoiceField(label=_("Show"), required=False, choices=[
        ("", _("All reports")), ("to_write", _("To write")), ("returned", _("Returned to me")),
        ("overdue", _("Overdue, not sent")),
    ])


class ReviewFilterForm(forms.Form):
    """Filters of the review queue: period, status and lateness."""

    period = forms.ModelChoiceField(label=_("Report"), queryset=ReportingPeriod.objects.none(), required=False,
                                    empty_label=_("All periods"))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("All")), (ReportStatus.SUBMITTED, ReportStatus.SUBMITTED.label),
        (ReportStatus.RESUBMITTED, ReportStatus.RESUBMITTED.label),
    ])
    late = forms.ChoiceField(label=_("Timeliness"), required=False, choices=[
        ("", _("All")), ("yes", _("Sent late")), ("no", _("Sent on time")),
    ])

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = ReportingPeriod.objects.filter(pk__in=[p.pk for p in periods]).select_related("calendar")
        self.fields["period"].label_from_instance = lambda period: period.label


class RollupFilterForm(forms.Form):
    show = forms.ChoiceField(label=_("Show"), required=False, choices=[
        ("", _("All units")), ("missing", _("Units that have not reported")),
    ])


class ReminderFilterForm(forms.Form):
    """Filters of a calendar's reminders page."""

    period = forms.ModelChoiceField(label=_("Report"), queryset=ReportingPeriod.objects.none(), required=False,
                                    empty_label=_("All periods"))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *ReminderKind.choices])

    def __init__(self, *args, calendar, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = calendar.periods.select_related("calendar").order_by("data_to", "pk")
        self.fields["period"].label_from_instance = lambda period: period.label
