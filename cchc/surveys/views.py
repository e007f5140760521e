"""Staff pages of the surveys app. Each view is scoped (``cchc.core.views``) and calls one selector or service."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core.public_site import site_name
from cchc.core.uploads import bytes_response
from cchc.core.views import ScopedDetailView, ScopedListView, ServiceFormView, UnitChoiceFormView
from cchc.surveys import exports, portal_section, poster, selectors, services
from cchc.surveys.choices import Channel
from cchc.surveys.forms import (
    AccessPointForm,
    AnswerForm,
    CampaignForm,
    CopyForm,
    QuestionnaireForm,
    ResultFilterForm,
    ResultsPublicationForm,
    options_text,
)
from cchc.surveys.models import AccessPoint, Campaign, Questionnaire
from cchc.units.roles import Perm
from cchc.units.scoping import user_can, visible_unit_ids


class QuestionnaireListView(ScopedListView):
    """The built-in questionnaires and those of the units in reach."""

    template_name = "surveys/questionnaires.html"
    queryset = Questionnaire.objects.all()
    context_object_name = "questionnaires"
    paginate_by = 100

    def get_queryset(self):
        return selectors.questionnaire_list(self.request.user)


class QuestionnaireDetailView(ScopedDetailView):
    template_name = "surveys/questionnaire.html"
    queryset = Questionnaire.objects.select_related("unit", "based_on")
    context_object_name = "questionnaire"

    def get_context_data(self, **kwargs):
        questionnaire, user = self.object, self.request.user
        return super().get_context_data(
            groups=questionnaire.groups.prefetch_related("items"),
            choices=questionnaire.choice_list(),
            can_copy=bool(visible_unit_ids(user, Perm.EDIT)),
            can_edit=questionnaire.unit_id is not None and user_can(user, Perm.EDIT, questionnaire.unit_id),
            answered=services.has_answers(questionnaire),
            versions=Questionnaire.objects.filter(unit_id=questionnaire.unit_id, code=questionnaire.code).order_by("version"),
            **kwargs,
        )


class QuestionnaireCopyView(ServiceFormView):
    """Copy a questionnaire (built in, or of a unit in reach) for one of the user's units and a year."""

    queryset = Questionnaire.objects.select_related("unit")
    write_permission = Perm.EDIT
    form_class = CopyForm
    title = gettext_lazy("Copy the questionnaire")

    def check_write(self, obj) -> None:
        if not visible_unit_ids(self.request.user, Perm.EDIT):
            raise PermissionDenied

    def get_initial(self):
        return {"year": timezone.localdate().year}

    def run_service(self, form):
        self.success_message = _("The questionnaire was copied; edit the copy.")
        return services.questionnaire_copy(source=self.object, unit=form.cleaned_data["unit"], year=form.cleaned_data["year"],
                                           actor=self.request.user)

    def get_success_url(self, result=None):
        return result.get_absolute_url()


class QuestionnaireEditView(ServiceFormView):
    """Edit a unit's questionnaire; one that has answers gets a new version instead."""

    queryset = Questionnaire.objects.select_related("unit")
    write_permission = Perm.EDIT
    form_class = QuestionnaireForm
    title = gettext_lazy("Edit the questionnaire")

    def check_write(self, obj) -> None:
        if obj.unit_id is None:  # built in: copy it for a unit first
            raise PermissionDenied
        super().check_write(obj)

    def get_initial(self):
        q = self.object
        return {"title": q.title, "kind": q.kind, "year": q.year, "intro": q.intro, "instructions": q.instructions,
                "closing": q.closing, "scale": q.scale, "options": options_text(q.options),
                "structure": services.structure_text(q)}

    def run_service(self, form):
        result = services.questionnaire_update(questionnaire=self.object, actor=self.request.user, **form.cleaned_data)
        self.success_message = (_("The questionnaire was saved.") if result.pk == self.object.pk else
                                _("The questionnaire has answers: the changes were saved as version {n}.").format(n=result.version))
        return result

    def get_success_url(self, result=None):
        return result.get_absolute_url()


class CampaignListView(ScopedListView):
    template_name = "surveys/campaigns.html"
    queryset = Campaign.objects.all()
    context_object_name = "campaigns"
    paginate_by = 100

    def get_queryset(self):
        self.state = self.request.GET.get("state", "")
        return selectors.campaign_list(self.request.user, state=self.state if self.state in ("open", "no_answers") else "")

    def get_context_data(self, **kwargs):
        return super().get_context_data(state=self.state, can_create=CampaignCreateView.open_to(self.request.user),
                                        today=timezone.localdate(), **kwargs)


class CampaignCreateView(UnitChoiceFormView):
    queryset = Campaign.objects.all()
    write_permission = Perm.EDIT
    form_class = CampaignForm
    title = gettext_lazy("New survey campaign")

    def get_initial(self):
        today = timezone.localdate()
        return {"unit": getattr(self.request, "current_unit_id", None), "starts_on": today, "ends_on": today + dt.timedelta(days=30)}

    def run_service(self, form):
        data = form.cleaned_data
        self.success_message = _("The campaign was created with a link, a QR code and a kiosk for each surveyed unit.")
        return services.campaign_create(
            unit=data["unit"], questionnaire=data["questionnaire"], title=data["title"], starts_on=data["starts_on"],
            ends_on=data["ends_on"], targets=list(data["targets"]), ask_dossier_code=data["ask_dossier_code"],
            counters=data["counters"].splitlines(), actor=self.request.user,
        )

    def get_success_url(self, result=None):
        return result.get_absolute_url()


class CampaignDetailView(ScopedDetailView):
    template_name = "surveys/campaign.html"
    queryset = Campaign.objects.select_related("unit", "questionnaire")
    context_object_name = "campaign"

    def get_context_data(self, **kwargs):
        campaign, user = self.object, self.request.user
        units = {u.pk for u in selectors.result_units(user, campaign)}
        points = [p for p in campaign.access_points.select_related("unit") if p.unit_id in units]
        paper = visible_unit_ids(user, Perm.UPDATE_PROGRESS)
        return super().get_context_data(
            points=points, today=timezone.localdate(), can_edit=user_can(user, Perm.EDIT, campaign.unit_id),
            publication_rows=selectors.publication_rows(user, campaign), min_responses=portal_section.MIN_RESPONSES,
            publication_year=portal_section.publication_year(campaign),
            paper_points=[p for p in points if p.channel == Channel.LINK and p.unit_id in paper],
            response_count=campaign.responses.filter(unit__in=units).count(), base_url=self.request.build_absolute_uri("/")[:-1],
            **kwargs,
        )


class ResultsPublicationView(ServiceFormView):
    """The head of a surveyed unit (or of a unit above it) publishes the unit's results of a finished survey
    on the public portal, or withdraws them."""

    queryset = Campaign.objects.select_related("unit", "questionnaire")
    write_permission = Perm.APPROVE
    form_class = ResultsPublicationForm
    title = gettext_lazy("Publish the results on the public portal")

    def check_write(self, obj) -> None:
        """403 unless the user leads one of the surveyed units (not necessarily the running one)."""
        if not set(obj.targets.values_list("pk", flat=True)) & visible_unit_ids(self.request.user, Perm.APPROVE):
            raise PermissionDenied(self.write_permission)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "campaign": self.object}

    def get_initial(self):
        return {"action": "publish"}

    def run_service(self, form):
        unit = form.cleaned_data["unit"]
        services.survey_results_publish(campaign=self.object, unit=unit, actor=self.request.user, published=form.published)
        self.success_message = (
            _("The results of {unit} are published on the public portal.") if form.published
            else _("The results of {unit} were withdrawn from the public portal.")
        ).format(unit=unit.name)
        return self.object


class AccessPointCreateView(ServiceFormView):
    """A QR code or a kiosk for one counter of a surveyed unit."""

    queryset = Campaign.objects.select_related("unit")
    write_permission = Perm.EDIT
    form_class = AccessPointForm
    title = gettext_lazy("Add a counter")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "campaign": self.object}

    def run_service(self, form):
        self.success_message = _("The counter was added.")
        services.access_point_create(campaign=self.object, actor=self.request.user, **form.cleaned_data)
        return self.object


class PosterView(ScopedDetailView):
    """The A5 poster of an access point (QR code), as PDF (default) or PNG."""

    queryset = AccessPoint.objects.select_related("campaign", "unit")

    def get(self, request, *args, **kwargs):
        point = self.get_object()
        kind = "png" if request.GET.get("format") == "png" else "pdf"
        campaign = point.campaign
        image = poster.poster(
            url=request.build_absolute_uri(point.public_path()), site=site_name(), unit=point.unit.name, counter=point.counter,
            campaign=campaign.title, period=f"Từ {campaign.starts_on:%d/%m/%Y} đến {campaign.ends_on:%d/%m/%Y}",
            kiosk=point.channel == Channel.KIOSK,
        )
        content_type = "application/pdf" if kind == "pdf" else "image/png"
        return bytes_response(poster.to_bytes(image, kind), download_name=f"ma-qr-khao-sat-{point.pk}.{kind}",
                              content_type=content_type)


class PaperEntryView(ServiceFormView):
    """An officer of the surveyed unit types in a paper form; the response is marked as keyed in from paper."""

    queryset = AccessPoint.objects.select_related("campaign__questionnaire", "unit")
    write_permission = Perm.UPDATE_PROGRESS
    form_class = AnswerForm
    template_name = "surveys/paper_entry.html"
    title = gettext_lazy("Key in a paper form")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return {**kwargs, "campaign": self.object.campaign, "sectors": selectors.sectors_for(self.object.unit), "paper": True}

    def run_service(self, form):
        self.success_message = _("The paper form was recorded.")
        data = form.cleaned_data
        services.response_submit(campaign=self.object.campaign, unit=self.object.unit, data=form.to_input(),
                                 channel=Channel.PAPER, actor=self.request.user, answered_on=data["answered_on"],
                                 paper_reference=data.get("paper_reference", ""))
        return self.object

    def get_success_url(self, result=None):
        return self.request.path


class _ResultsMixin:
    queryset = Campaign.objects.select_related("unit", "questionnaire")

    def results(self):
        campaign, user = self.object, self.request.user
        units = selectors.result_units(user, campaign)
        form = ResultFilterForm(self.request.GET or None, units=units)
        data = form.cleaned_data if form.is_valid() else {}
        if data.get("unit"):
            units = [u for u in units if u.pk == data["unit"]]
        month_from = data["month_from"].replace(day=1) if data.get("month_from") else None
        month_to = data["month_to"].replace(day=1) if data.get("month_to") else None
        return form, selectors.campaign_results(campaign, units=units, month_from=month_from, month_to=month_to)


class ResultsView(_ResultsMixin, ScopedDetailView):
    """Per item, group, unit, field, month and profile: distribution, mean, satisfaction share or weighted score."""

    template_name = "surveys/results.html"
    context_object_name = "campaign"

    def get_context_data(self, **kwargs):
        form, found = self.results()
        choices = self.object.questionnaire.choice_list()
        return super().get_context_data(form=form, results=found, query=self.request.GET.urlencode(), choices=choices,
                                        choices_by_value=sorted(choices, key=lambda c: c["value"]),
                                        choice_slice=f":{len(choices)}", headline_label=exports.headline_label(found),
                                        comments=selectors.campaign_comments(self.object, units=found.units, limit=50), **kwargs)


class ResultsXlsxView(_ResultsMixin, ScopedDetailView):
    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        _form, found = self.results()
        responses = selectors.campaign_responses(self.object, units=found.units)
        return exports.results_xlsx(found, responses)


class ResultsDocxView(_ResultsMixin, ScopedDetailView):
    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        _form, found = self.results()
        return exports.results_docx(found)

