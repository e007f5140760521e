"""Pages of the PAR INDEX. Each view is scoped (``cchc.core.views``) and calls one selector or service.

The self-assessment page saves each score as the officer types (htmx posts the row, the row comes back
with its errors and the progress counter); without JavaScript every row has its own save button.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core.uploads import bytes_response, file_response
from cchc.core.views import ScopedDetailView, ScopedListView, ServiceFormView, UnitChoiceFormView
from cchc.parindex import criteria_export, criteria_import, exports, selectors, services
from cchc.parindex.choices import AFTER_SUBMISSION, ROUND1_STAGES, CampaignStatus, Method, NodeKind, Stage
from cchc.parindex.forms import (
    AppraisalForm,
    CampaignForm,
    ConfirmForm,
    CopyForm,
    CriteriaSetEditForm,
    CriteriaSetUploadForm,
    EvidenceForm,
    ExplanationForm,
    PublishForm,
    RuleForm,
    SelfScoreForm,
    SurveyImportForm,
    SurveyScoreForm,
    rule_initial,
    thresholds_text,
)
from cchc.parindex.models import Assessment, AssessmentCampaign, CriteriaSet, Criterion, ScoreEvidence
from cchc.parindex.numbers import format_points
from cchc.portal.forms import PublicationForm
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import user_can, visible_unit_ids

CAMPAIGNS = AssessmentCampaign.objects.select_related("unit", "criteria_set")
ASSESSMENTS = Assessment.objects.select_related("unit", "campaign__criteria_set", "campaign__unit")


# --- lists --------------------------------------------------------------------------------------


class HomeView(ScopedListView):
    """Campaigns and criteria sets the user reads, and the user's own scorecards."""

    template_name = "parindex/home.html"
    queryset = AssessmentCampaign.objects.all()
    context_object_name = "campaigns"

    def get_queryset(self):
        return selectors.campaign_list(self.request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            sets=selectors.set_list(user), mine=selectors.assessments_for(user).filter(unit__in=_own_units(user))[:50],
            can_create=CampaignCreateView.open_to(user), **kwargs,
        )


def _own_units(user) -> set[int]:
    from cchc.units.scoping import user_roles_on

    return {unit_id for unit_id, _role in user_roles_on(user)}


class AssessmentListView(ScopedListView):
    """Scorecards the user reads; ``?todo=self|appraise|explain`` holds exactly the home page's to-do rows."""

    template_name = "parindex/assessments.html"
    queryset = Assessment.objects.all()
    context_object_name = "assessments"
    paginate_by = 100

    def get_queryset(self):
        self.todo = self.request.GET.get("todo", "")
        if self.todo not in (selectors.TODO_SELF, selectors.TODO_APPRAISE, selectors.TODO_EXPLAIN):
            self.todo = ""
        return selectors.assessments_for(self.request.user, todo=self.todo)

    def get_context_data(self, **kwargs):
        return super().get_context_data(todo=self.todo, **kwargs)


# --- criteria sets ------------------------------------------------------------------------------


class SetDetailView(ScopedDetailView):
    template_name = "parindex/set_detail.html"
    queryset = CriteriaSet.objects.select_related("unit", "source_set")
    context_object_name = "criteria_set"

    def get_context_data(self, **kwargs):
        criteria_set = self.object
        return super().get_context_data(
            criteria=selectors.criteria_of(criteria_set), can_steer=user_can(self.request.user, Perm.STEER, criteria_set.unit_id),
            campaign=criteria_set.campaigns.first(), **kwargs,
        )


class SetEditView(ServiceFormView):
    queryset = CriteriaSet.objects.select_related("unit")
    write_permission = Perm.STEER
    form_class = CriteriaSetEditForm
    title = gettext_lazy("Edit the criteria set")

    def get_initial(self):
        s = self.object
        return {"title": s.title, "legal_basis": s.legal_basis, "thresholds": thresholds_text(s.thresholds),
                "bonus_cap": format_points(s.bonus_cap), "penalty_cap": format_points(s.penalty_cap)}

    def run_service(self, form):
        self.success_message = _("The criteria set was saved.")
        return services.criteria_set_update(criteria_set=self.object, actor=self.request.user, **form.cleaned_data)


class SetCopyView(ServiceFormView):
    """A copy of the set for another year (the next by default)."""

    queryset = CriteriaSet.objects.select_related("unit")
    write_permission = Perm.STEER
    form_class = CopyForm
    title = gettext_lazy("Copy the set to another year")

    def get_initial(self):
        return {"year": self.object.year + 1}

    def run_service(self, form):
        self.success_message = _("The set was copied.")
        return services.criteria_set_copy(criteria_set=self.object, actor=self.request.user, year=form.cleaned_data["year"])

    def get_success_url(self, result=None):
        return result.get_absolute_url()


class SetExportView(ScopedDetailView):
    """The set as an Excel file laid out as provinces distribute them."""

    queryset = CriteriaSet.objects.all()

    def get(self, request, *args, **kwargs):

        criteria_set = self.get_object()
        data = criteria_export.write_xlsx(selectors.criteria_set_tree(criteria_set))
        return bytes_response(data, download_name=f"bo-tieu-chi-{criteria_set.level}-{criteria_set.year}.xlsx",
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class SetUploadView(UnitChoiceFormView):
    """A criteria set from the Excel file the province distributes, for one of the user's steering units."""

    queryset = CriteriaSet.objects.all()
    write_permission = Perm.STEER
    form_class = CriteriaSetUploadForm
    title = gettext_lazy("Import a criteria set from Excel")
    success_message = gettext_lazy("The criteria set was imported.")

    def get_initial(self):
        return {"year": timezone.localdate().year, "unit": getattr(self.request, "current_unit_id", None)}

    def run_service(self, form):

        data = form.cleaned_data
        try:
            tree = criteria_import.parse(data["file"])
        except criteria_import.CriteriaImportError as error:
            raise ValidationError({"file": list(error.errors)[:50]}) from None
        return services.criteria_set_from_tree(tree, unit=data["unit"], level=data["level"], year=data["year"],
                                               actor=self.request.user)

    def get_success_url(self, result=None):
        return result.get_absolute_url()


class RuleEditView(ServiceFormView):
    """Bind a criterion to a suggestion rule of the library, with its parameters."""

    queryset = Criterion.objects.select_related("criteria_set__unit")
    write_permission = Perm.STEER
    form_class = RuleForm
    template_name = "parindex/rule_form.html"

    @property
    def title(self):
        return _("Suggestion rule of criterion {code}").format(code=self.object.code)

    def get_initial(self):
        return rule_initial(self.object)

    def run_service(self, form):
        self.success_message = _("The rule was saved.")
        services.criterion_rule_set(criterion=self.object, kind=form.cleaned_data["kind"], source=form.cleaned_data["source"],
                                    params=form.params(), actor=self.request.user)
        return self.object

    def get_success_url(self, result=None):
        return self.object.criteria_set.get_absolute_url() + f"#c{self.object.pk}"


# --- campaigns ----------------------------------------------------------------------------------


class CampaignCreateView(UnitChoiceFormView):
    queryset = AssessmentCampaign.objects.all()
    write_permission = Perm.STEER
    form_class = CampaignForm
    title = gettext_lazy("Open an assessment")
    success_message = gettext_lazy("The assessment was opened for the units of the level.")

    def get_initial(self):
        return {"unit": getattr(self.request, "current_unit_id", None), "opens_on": timezone.localdate()}

    def run_service(self, form):
        return services.campaign_open(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, result=None):
        return result.get_absolute_url()


class CampaignDetailView(ScopedDetailView):
    template_name = "parindex/campaign_detail.html"
    queryset = CAMPAIGNS
    context_object_name = "campaign"

    def get_context_data(self, **kwargs):
        campaign, user = self.object, self.request.user
        steer = selectors.can_steer(user, campaign)
        assessments = list(selectors.assessments_for(user, campaign=campaign))
        pages = {}
        if steer or campaign.is_published:
            ranking = selectors.campaign_ranking(campaign)
            pages = {row.unit.pk: row for row in ranking.rows}
        return super().get_context_data(
            assessments=assessments, rows=pages, can_steer=steer, today=timezone.localdate(),
            stages=Stage, on_portal=selectors.units_on_portal(campaign) if campaign.is_published else 0, **kwargs,
        )


class RankingView(ScopedDetailView):
    """The ranking table and bar chart: as published, or computed now for the steering office (tạm tính)."""

    template_name = "parindex/ranking.html"
    queryset = CAMPAIGNS
    context_object_name = "campaign"

    def get_context_data(self, **kwargs):
        campaign = self.object
        steer = selectors.can_steer(self.request.user, campaign)
        ranking = selectors.campaign_ranking(campaign) if steer or campaign.is_published else None
        return super().get_context_data(ranking=ranking, chart=ranking.chart() if ranking else None, can_steer=steer,
                                        readable=visible_unit_ids(self.request.user, Perm.VIEW), **kwargs)


class AnnouncementView(ScopedDetailView):
    """The announcement decision (Quyết định công bố) as a Word file, once the results are published."""

    queryset = CAMPAIGNS

    def get(self, request, *args, **kwargs):
        campaign = self.get_object()
        if not campaign.is_published:
            raise Http404
        data = exports.announcement_docx(campaign)
        return bytes_response(data, download_name=f"quyet-dinh-cong-bo-chi-so-cchc-{campaign.year}.docx",
                              content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


class ScoresExportView(ScopedDetailView):
    """Every score of every unit of the campaign, side by side, as an Excel file (steering office)."""

    queryset = CAMPAIGNS
    write_on_get = True
    write_permission = Perm.STEER

    def get(self, request, *args, **kwargs):
        campaign = self.get_object()
        return exports.scores_xlsx_response(campaign)


class CampaignPublishView(ServiceFormView):
    queryset = CAMPAIGNS
    write_permission = Perm.STEER
    form_class = PublishForm
    title = gettext_lazy("Publish the results")

    def get_initial(self):
        return {"published_on": timezone.localdate(), "signer_title": "Chủ tịch"}

    def run_service(self, form):
        results = services.campaign_publish(campaign=self.object, actor=self.request.user, **form.cleaned_data)
        self.success_message = _("The results of {n} units were published.").format(n=len(results))
        return self.object

    def get_success_url(self, result=None):
        return reverse("parindex:ranking", args=[self.object.pk])


class CampaignPortalView(ServiceFormView):
    """The steering office withdraws the announced results from the public portal, or publishes them again."""

    queryset = CAMPAIGNS
    write_permission = Perm.STEER
    form_class = PublicationForm
    title = gettext_lazy("The results on the public portal")

    def get_initial(self):
        return {"action": "unpublish" if selectors.units_on_portal(self.object) else "publish"}

    def run_service(self, form):
        count = services.campaign_portal_set(campaign=self.object, published=form.published, actor=self.request.user)
        self.success_message = (
            _("The index of {n} units is on the public portal.") if form.published
            else _("The results were withdrawn from the public portal; the announcement stands.")
        ).format(n=count)
        return self.object


class SurveyImportView(ServiceFormView):
    queryset = CAMPAIGNS
    write_permission = Perm.STEER
    form_class = SurveyImportForm
    title = gettext_lazy("Import survey points")

    def run_service(self, form):
        count = services.survey_points_import(campaign=self.object, upload=form.cleaned_data["file"], actor=self.request.user)
        self.success_message = _("{n} survey scores were stored.").format(n=count)
        return self.object


class SurveyComputeView(ServiceFormView):
    queryset = CAMPAIGNS
    write_permission = Perm.STEER
    form_class = ConfirmForm
    title = gettext_lazy("Compute survey points from the platform's survey results")
    template_name = "parindex/confirm.html"

    def run_service(self, form):
        count = services.survey_points_from_data(campaign=self.object, actor=self.request.user)
        self.success_message = _("{n} survey scores were stored.").format(n=count)
        return self.object


# --- the assessment -----------------------------------------------------------------------------


def _stage_flags(assessment: Assessment, user) -> dict:
    unit_id = assessment.unit_id
    steer = user_can(user, Perm.STEER, assessment.campaign.unit_id) and user_can(user, Perm.STEER, unit_id)
    published = assessment.campaign.status == CampaignStatus.PUBLISHED
    return {
        "can_score": assessment.stage == Stage.SELF and user_can(user, Perm.EDIT, unit_id),
        "can_submit": assessment.stage == Stage.SELF and user_can(user, Perm.APPROVE, unit_id),
        "can_explain": assessment.stage == Stage.EXPLANATION and user_can(user, Perm.EDIT, unit_id)
        and timezone.localdate() <= assessment.campaign.explanation_due,
        "can_lock_explanations": assessment.stage == Stage.EXPLANATION and (
            user_can(user, Perm.APPROVE, unit_id) or (steer and timezone.localdate() > assessment.campaign.explanation_due)),
        "can_steer": steer,
        "can_appraise": steer and not published and assessment.stage in (*ROUND1_STAGES, Stage.ROUND2),
        "can_send_preliminary": steer and not published and assessment.stage in ROUND1_STAGES,
        "can_finalise": steer and assessment.stage == Stage.ROUND2,
        "can_survey": steer and not published,
        "shows_appraisal": steer or assessment.stage in (Stage.EXPLANATION, Stage.ROUND2, Stage.FINAL),
        "is_submitted": assessment.stage in AFTER_SUBMISSION,
        "round_two": assessment.stage == Stage.ROUND2,
    }


class AssessmentView(ScopedDetailView):
    """The unit's scorecard: each leaf with its input, suggestion, evidence and, once sent back, the appraisal."""

    template_name = "parindex/assessment.html"
    queryset = ASSESSMENTS
    context_object_name = "assessment"

    def get_context_data(self, **kwargs):
        assessment = self.object
        page = selectors.assessment_page(assessment)
        return super().get_context_data(
            page=page, flags=_stage_flags(assessment, self.request.user), today=timezone.localdate(),
            days_left=selectors.days_left(assessment.campaign.self_due), stages=Stage, **kwargs,
        )


class AppraisalView(ScopedDetailView):
    """The steering office's appraisal page: every score beside its evidence, the suggestion and the explanation."""

    template_name = "parindex/appraisal.html"
    queryset = ASSESSMENTS
    context_object_name = "assessment"
    write_on_get = True
    write_permission = Perm.STEER

    def get_context_data(self, **kwargs):
        assessment = self.object
        return super().get_context_data(
            page=selectors.assessment_page(assessment), flags=_stage_flags(assessment, self.request.user), stages=Stage,
            methods=Method, **kwargs,
        )


class HistoryView(ScopedDetailView):
    """Every change of the assessment's scores and stages: who, when, what from and to."""

    template_name = "parindex/history.html"
    queryset = ASSESSMENTS
    context_object_name = "assessment"

    def get_context_data(self, **kwargs):
        return super().get_context_data(changes=selectors.score_history(self.object),
                                        stages=selectors.stage_history(self.object), **kwargs)


class CriterionActionView(ServiceFormView):
    """A write on one criterion of an assessment; the criterion id comes with the form (or ``?criterion=``)."""

    queryset = ASSESSMENTS
    row_template = "parindex/_self_row.html"
    anchor_page = "parindex:assessment"

    def get_initial(self):
        return {"criterion": self.request.GET.get("criterion", "")}

    def criterion(self, form) -> Criterion | None:
        found = self.object.campaign.criteria_set.criteria.filter(pk=form.cleaned_data["criterion"]).first()
        if found is None:
            form.add_error(None, _("No such criterion in the assessment's set."))
        return found

    def form_valid(self, form):
        criterion = self.criterion(form)
        if criterion is None:
            return self.form_invalid(form)
        self.target = criterion
        try:
            self.act(form, criterion)
        except ValidationError as error:
            form.add_service_errors(error)
            return self.form_invalid(form)
        if self.request.htmx:
            return self.row_response(criterion, form=None, saved=True)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        criterion = getattr(self, "target", None)
        if self.request.htmx and criterion is not None:
            return self.row_response(criterion, form=form, saved=False)
        return super().form_invalid(form)

    def row_response(self, criterion: Criterion, *, form, saved: bool):
        assessment = Assessment.objects.select_related("unit", "campaign__criteria_set", "campaign__unit").get(pk=self.object.pk)
        page = selectors.assessment_page(assessment)
        row = next((r for r in [*page.rows, *page.extras] if r.criterion.pk == criterion.pk), None)
        context = {"assessment": assessment, "page": page, "row": row, "form": form, "saved": saved, "oob": True,
                   "flags": _stage_flags(assessment, self.request.user)}
        return TemplateResponse(self.request, self.row_template, context)

    def get_success_url(self, result=None):
        target = getattr(self, "target", None)
        return reverse(self.anchor_page, args=[self.object.pk]) + (f"#c{target.pk}" if target else "")

    def act(self, form, criterion):  # pragma: no cover - each subclass defines it
        raise NotImplementedError


class SelfScoreView(CriterionActionView):
    write_permission = Perm.EDIT
    form_class = SelfScoreForm
    title = gettext_lazy("Self score")
    success_message = gettext_lazy("The score was saved.")

    def act(self, form, criterion):
        data = form.cleaned_data
        services.self_score_save(assessment=self.object, criterion=criterion, actor=self.request.user, points=data["points"],
                                 note=data["note"], accept_suggestion=data["accept_suggestion"],
                                 override_reason=data["override_reason"])


class ExplainView(CriterionActionView):
    write_permission = Perm.EDIT
    form_class = ExplanationForm
    title = gettext_lazy("Explanation")
    success_message = gettext_lazy("The explanation was saved.")

    def act(self, form, criterion):
        services.explanation_save(assessment=self.object, criterion=criterion, text=form.cleaned_data["text"],
                                  actor=self.request.user)


class AppraiseView(CriterionActionView):
    write_permission = Perm.STEER
    form_class = AppraisalForm
    title = gettext_lazy("Appraised score")
    success_message = gettext_lazy("The appraised score was saved.")
    row_template = "parindex/_appraisal_row.html"
    anchor_page = "parindex:appraisal"

    def act(self, form, criterion):
        data = form.cleaned_data
        services.appraisal_save(assessment=self.object, criterion=criterion, actor=self.request.user, points=data["points"],
                                comment=data["comment"], request_explanation=data["request_explanation"])


class SurveyScoreView(CriterionActionView):
    write_permission = Perm.STEER
    form_class = SurveyScoreForm
    title = gettext_lazy("Survey points")
    success_message = gettext_lazy("The survey points were saved.")
    row_template = "parindex/_appraisal_row.html"
    anchor_page = "parindex:appraisal"

    def act(self, form, criterion):
        services.survey_points_set(assessment=self.object, criterion=criterion, points=form.cleaned_data["points"],
                                   actor=self.request.user)


class EvidenceAddView(CriterionActionView):
    """Attach evidence to a score: upload a file, or pick a record the platform already holds."""

    write_permission = Perm.EDIT
    form_class = EvidenceForm
    template_name = "parindex/evidence_form.html"
    success_message = gettext_lazy("The evidence was attached.")

    @property
    def title(self):
        return _("Evidence")

    def records(self) -> dict[str, object]:
        if not hasattr(self, "_records"):
            found = selectors.reusable_evidence(self.object, self.request.user)
            records = {}
            for plan in found.plans:
                records[f"plan:{plan.pk}"] = (_("Plan: {plan} (issued {date})").format(plan=plan, date=f"{plan.issued_on:%d/%m/%Y}"),
                                              plan)
            for item in found.task_evidence:
                records[f"evidence:{item.pk}"] = (_("Task evidence: {title}").format(title=item.title or item.file_name), item)
            for report in found.reports:
                records[f"report:{report.pk}"] = (_("Report: {report}").format(report=report), report)
            self._records = records
        return self._records

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "choices": [(key, label) for key, (label, _obj) in self.records().items()]}

    def get_context_data(self, **kwargs):
        criterion = self.object.campaign.criteria_set.criteria.filter(pk=self.request.GET.get("criterion") or 0).first() \
            if str(self.request.GET.get("criterion", "")).isdigit() else None
        return super().get_context_data(criterion=criterion, **kwargs)

    def act(self, form, criterion):
        data = form.cleaned_data
        kwargs = {}
        if data.get("record"):
            kind, _sep, _pk = data["record"].partition(":")
            obj = self.records()[data["record"]][1]
            kwargs[{"plan": "plan", "evidence": "task_evidence", "report": "report"}[kind]] = obj
        if data.get("file"):
            kwargs["upload"] = data["file"]
        services.evidence_add(assessment=self.object, criterion=criterion, actor=self.request.user, title=data.get("title", ""),
                              **kwargs)


class EvidenceRemoveView(ServiceFormView):
    queryset = ScoreEvidence.objects.select_related("score__assessment")
    write_permission = Perm.EDIT
    form_class = ConfirmForm
    template_name = "parindex/confirm.html"
    title = gettext_lazy("Remove the evidence")

    def run_service(self, form):
        self.success_message = _("The evidence was removed.")
        assessment = self.object.score.assessment
        criterion_id = self.object.score.criterion_id
        services.evidence_remove(evidence=self.object, actor=self.request.user)
        return reverse("parindex:assessment", args=[assessment.pk]) + f"#c{criterion_id}"

    def get_success_url(self, result=None):
        return result


class EvidenceFileView(ScopedDetailView):
    """An uploaded evidence file, always as a download."""

    queryset = ScoreEvidence.objects.all()

    def get(self, request, *args, **kwargs):
        evidence = self.get_object()
        if not evidence.file:
            raise Http404
        return file_response(evidence.file, download_name=evidence.file_name)


class AssessmentActionView(ServiceFormView):
    """A stage change of an assessment (submit, send back, lock), confirmed on its own page."""

    queryset = ASSESSMENTS
    form_class = ConfirmForm
    template_name = "parindex/confirm.html"
    next_page = "parindex:assessment"

    def get_context_data(self, **kwargs):
        return super().get_context_data(assessment=self.object, **kwargs)

    def get_success_url(self, result=None):
        return reverse(self.next_page, args=[self.object.pk])


class SubmitView(AssessmentActionView):
    """The head of unit submits the self-assessment (chốt điểm tự chấm)."""

    write_permission = Perm.APPROVE
    title = gettext_lazy("Submit the self-assessment")
    success_message = gettext_lazy("The self-assessment was submitted; the scores are locked.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(problems=services.submission_problems(self.object),
                                        warning=_("Once submitted the self-scores cannot be changed."), **kwargs)

    def run_service(self, form):
        return services.assessment_submit(assessment=self.object, actor=self.request.user)


class PreliminaryView(AssessmentActionView):
    write_permission = Perm.STEER
    title = gettext_lazy("Send the preliminary result for explanation")
    success_message = gettext_lazy("The preliminary result was sent; the explanation window is open.")
    next_page = "parindex:appraisal"

    def run_service(self, form):
        return services.preliminary_send(assessment=self.object, actor=self.request.user)


class LockExplanationsView(AssessmentActionView):
    """The head of unit locks the explanations; the steering office may close the window once it has passed."""

    write_permission = Perm.APPROVE
    title = gettext_lazy("Lock the explanations")
    success_message = gettext_lazy("The explanations were locked.")

    def check_write(self, obj) -> None:
        user = self.request.user
        if not (user_can(user, Perm.APPROVE, obj.unit_id) or user_can(user, Perm.STEER, obj.unit_id)):
            raise PermissionDenied

    def run_service(self, form):
        return services.explanations_lock(assessment=self.object, actor=self.request.user)


class FinaliseView(AssessmentActionView):
    write_permission = Perm.STEER
    title = gettext_lazy("Lock the appraisal")
    success_message = gettext_lazy("The appraisal was locked; the assessment is final.")
    next_page = "parindex:appraisal"

    def run_service(self, form):
        return services.appraisal_lock(assessment=self.object, actor=self.request.user)


# --- a unit's results ---------------------------------------------------------------------------


class UnitResultsView(ScopedDetailView):
    """A unit's PAR INDEX over the years (its predecessors' too), its areas against the level's average and the
    criteria where it lost most points."""

    template_name = "parindex/unit.html"
    queryset = Unit.objects.all()
    context_object_name = "unit"

    def get_context_data(self, **kwargs):
        data = selectors.unit_results(self.object, self.request.user)
        return super().get_context_data(data=data, chart=data.chart(), node_kinds=NodeKind, **kwargs)
