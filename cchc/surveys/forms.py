"""Forms of the surveys pages: the public answer form (also used for paper forms keyed in by staff),
and the staff forms for questionnaires, campaigns and access points."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.forms import ScopedForm
from cchc.surveys import services
from cchc.surveys.choices import AGE_BANDS, EDUCATION, SEX, Channel, QuestionnaireKind, Scale
from cchc.surveys.models import Campaign, Questionnaire
from cchc.surveys.selectors import OTHER_SECTOR
from cchc.units.forms import DateInput
from cchc.units.models import Unit
from cchc.units.roles import Perm

REQUIRED = "Vui lòng trả lời câu này."


class AnswerForm(forms.Form):
    """One response: a choice for every item, the field (lĩnh vực), the optional profile and comment.

    ``website`` is a honeypot: hidden from people (and screen readers), filled in only by robots.
    """

    def __init__(self, *args, campaign: Campaign, sectors: list[str], paper: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        questionnaire = campaign.questionnaire
        choices = [(str(c["value"]), c["label"]) for c in questionnaire.choice_list()]
        self.items = list(questionnaire.items.select_related("group").order_by("number"))
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.TypedChoiceField(
                label=f"{item.number}. {item.text}", choices=choices, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": f"Nhận định {item.number}: vui lòng chọn một mức đánh giá.",
                                "invalid_choice": f"Nhận định {item.number}: vui lòng chọn một mức đánh giá."},
            )
        self.sectors = sectors
        if sectors:
            self.fields["sector"] = forms.ChoiceField(
                label="Lĩnh vực đã giải quyết", choices=[("", "— Chọn lĩnh vực —")] + [(s, s) for s in sectors] + [(OTHER_SECTOR, OTHER_SECTOR)],
                error_messages={"required": "Vui lòng chọn lĩnh vực đã giải quyết.", "invalid_choice": "Lĩnh vực không hợp lệ."},
            )
        self.fields["procedure_text"] = forms.CharField(
            label="Thủ tục hành chính đã giải quyết" if sectors else "Lĩnh vực/thủ tục hành chính đã giải quyết",
            max_length=services.MAX_PROCEDURE, required=not sectors,
            error_messages={"required": "Vui lòng cho biết lĩnh vực/thủ tục hành chính đã giải quyết.",
                            "max_length": f"Tối đa {services.MAX_PROCEDURE} ký tự."},
        )
        if campaign.ask_dossier_code:
            self.fields["dossier_code"] = forms.CharField(
                label="Mã hồ sơ (ghi trên giấy tiếp nhận và hẹn trả kết quả)", max_length=services.MAX_DOSSIER_CODE,
                error_messages={"required": "Vui lòng nhập mã hồ sơ ghi trên giấy tiếp nhận.",
                                "max_length": f"Mã hồ sơ tối đa {services.MAX_DOSSIER_CODE} ký tự."},
            )
        for name, label, options in (("sex", "Giới tính", SEX), ("age_band", "Độ tuổi", AGE_BANDS), ("education", "Trình độ", EDUCATION)):
            self.fields[name] = forms.ChoiceField(label=label, choices=options, required=False, widget=forms.RadioSelect,
                                                  error_messages={"invalid_choice": "Lựa chọn không hợp lệ."})
        self.fields["comment"] = forms.CharField(
            label="Ý kiến khác của Ông/Bà (nếu có)", required=False, max_length=services.MAX_COMMENT,
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages={"max_length": f"Ý kiến khác tối đa {services.MAX_COMMENT} ký tự."},
        )
        if paper:
            self.fields["answered_on"] = forms.DateField(label="Ngày trả lời trên phiếu", widget=DateInput,
                                                          error_messages={"required": "Vui lòng nhập ngày trả lời.",
                                                                          "invalid": "Ngày không hợp lệ (dd/mm/yyyy)."})
            self.fields["paper_reference"] = forms.CharField(label="Số phiếu giấy", max_length=50, required=False)
        else:
            self.fields["website"] = forms.CharField(label="Để trống ô này", required=False)

    def radios(self, name: str) -> dict:
        """A radio question as plain data for the template (Django's widget templates cost a few
        milliseconds per radio; the public form has about seventy)."""
        field = self[name]
        value = str(field.value() or "")
        return {"name": field.html_name, "id": field.auto_id, "label": field.label, "errors": field.errors,
                "choices": [{"value": str(v), "label": label, "id": f"{field.auto_id}_{index}", "checked": str(v) == value}
                            for index, (v, label) in enumerate(field.field.choices)]}

    def groups(self):
        """(group title, [radio questions]) in the questionnaire's order, for the template."""
        out: list[tuple[str, list]] = []
        for item in self.items:
            if not out or out[-1][0] != item.group.title:
                out.append((item.group.title, []))
            out[-1][1].append(self.radios(f"item_{item.pk}"))
        return out

    def profile(self):
        return [self.radios(name) for name in ("sex", "age_band", "education")]

    def add_service_errors(self, error) -> None:
        """A service's ValidationError on the matching fields (or the whole form)."""
        if hasattr(error, "error_dict"):
            for field, messages in error.error_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error)

    def is_robot(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def clean(self):
        data = super().clean()
        if self.sectors and data.get("sector") == OTHER_SECTOR and not (data.get("procedure_text") or "").strip():
            self.add_error("procedure_text", "Vui lòng ghi rõ lĩnh vực/thủ tục đã giải quyết.")
        return data

    def to_input(self) -> services.ResponseInput:
        data = self.cleaned_data
        sector = data.get("sector") or ""
        procedure = data.get("procedure_text", "")
        if not self.sectors or sector == OTHER_SECTOR:
            sector = procedure[: services.MAX_SECTOR] if not self.sectors else OTHER_SECTOR
        return services.ResponseInput(
            choices={item.pk: data[f"item_{item.pk}"] for item in self.items}, sector=sector, procedure_text=procedure,
            sex=data.get("sex", ""), age_band=data.get("age_band", ""), education=data.get("education", ""),
            comment=data.get("comment", ""), dossier_code=data.get("dossier_code", ""),
        )


class CopyForm(ScopedForm):
    """Copy a questionnaire for one of the user's units and a year."""

    choice_permission = Perm.EDIT
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.filter(valid_to__isnull=True))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)


class QuestionnaireForm(ScopedForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionnaireKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    intro = forms.CharField(label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)
    instructions = forms.CharField(label=_("Instructions"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)
    closing = forms.CharField(label=_("Closing line"), max_length=300, required=False)
    scale = forms.ChoiceField(label=_("Answer scale"), choices=Scale.choices)
    options = forms.CharField(
        label=_("Options (weighted scale)"), widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=3000,
        help_text=_("One option per line, A first: the wording, a vertical bar and the weight in percent, e.g. "
                    "“Rất tốt | 100”. Leave the weight out for an option that is not counted."),
    )
    structure = forms.CharField(
        label=_("Groups and items"), widget=forms.Textarea(attrs={"rows": 16}), max_length=40000,
        help_text=_("A line starting with # opens a group; every other line is an item. End an item with "
                    "“(minh họa)” to mark demonstration wording."),
    )

    def clean_options(self):
        options = []
        for number, line in enumerate(self.cleaned_data["options"].splitlines(), start=1):
            if not line.strip():
                continue
            label, _bar, weight = line.partition("|")
            weight = weight.strip()
            if weight and not weight.isdigit():
                raise forms.ValidationError(_("Line {n}: the weight must be a whole number from 0 to 100.").format(n=number))
            options.append({"label": label.strip(), "weight": int(weight) if weight else None})
        return options


def options_text(options: list[dict]) -> str:
    return "\n".join(o["label"] + (f" | {o['weight']}" if o.get("weight") is not None else "") for o in options)


class CampaignForm(ScopedForm):
    """A new campaign of one of the user's units."""

    choice_permission = Perm.EDIT
    unit = forms.ModelChoiceField(label=_("Running unit"), queryset=Unit.objects.filter(valid_to__isnull=True))
    questionnaire = forms.ModelChoiceField(label=_("Questionnaire"), queryset=Questionnaire.objects.all())
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    targets = forms.ModelMultipleChoiceField(
        label=_("Surveyed units"), queryset=Unit.objects.filter(valid_to__isnull=True), required=False,
        help_text=_("The running unit itself when none is chosen."),
    )
    counters = forms.CharField(label=_("Counters with their own QR code"), required=False, max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 2}), help_text=_("One counter per line, e.g. Quầy số 1."))
    ask_dossier_code = forms.BooleanField(label=_("Ask for the dossier code (one answer per dossier)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = Questionnaire.objects.visible_to(self.user, Perm.VIEW).order_by("-is_builtin", "title")
        self.fields["targets"].queryset = self.fields["targets"].queryset.order_by("name")


class AccessPointForm(ScopedForm):
    unit = forms.ModelChoiceField(label=_("Surveyed unit"), queryset=Unit.objects.all())
    counter = forms.CharField(label=_("Counter"), max_length=100)
    channel = forms.ChoiceField(label=_("Channel"), choices=[(Channel.QR, _("QR code")), (Channel.KIOSK, _("Kiosk at the counter"))])

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = campaign.targets.order_by("name")


class ResultFilterForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Surveyed unit"), coerce=int, required=False, empty_value=None)
    month_from = forms.DateField(label=_("From month"), required=False, input_formats=["%m/%Y", "%Y-%m"],
                                 widget=forms.TextInput(attrs={"placeholder": "mm/yyyy"}))
    month_to = forms.DateField(label=_("To month"), required=False, input_formats=["%m/%Y", "%Y-%m"],
                               widget=forms.TextInput(attrs={"placeholder": "mm/yyyy"}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("All"))] + [(u.pk, u.name) for u in units]


class ResultsPublicationForm(ScopedForm):
    """Publish or withdraw one surveyed unit's results on the public portal: the units offered are the
    campaign's surveyed units the user leads; the decision is explicit, so a post without it changes nothing."""

    choice_permission = Perm.APPROVE

    unit = forms.ModelChoiceField(label=_("Surveyed unit"), queryset=Unit.objects.all())
    action = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("publish", _("Publish on the public portal")), ("unpublish", _("Withdraw from the public portal"))])

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = self.fields["unit"].queryset.filter(pk__in=campaign.targets.values("pk")).order_by("name")

    @property
    def published(self) -> bool:
        return self.cleaned_data["action"] == "publish"
