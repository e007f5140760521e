"""REST endpoints of the PAR INDEX, scoped like the pages.

Reads need the view permission on the row's unit (a set or campaign is also read by the units below its
steering unit; a published result wherever its campaign is read). Writes: steering for sets, appraisal,
survey points and sending the preliminary result; editing for self-scores and explanations; approving
for submission. A stage change names the stage the caller saw (``{"stage": "self"}``).
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from cchc.core.api import ScopedViewSet
from cchc.parindex import selectors, services
from cchc.parindex.api.serializers import (
    AppraiseSerializer,
    AssessmentSerializer,
    CampaignSerializer,
    CriteriaSetSerializer,
    CriteriaSetWriteSerializer,
    CriterionSerializer,
    ExplainSerializer,
    RankingSerializer,
    ResultSerializer,
    ScoreSerializer,
    SelfScoreSerializer,
    StageSerializer,
    SurveySerializer,
)
from cchc.parindex.models import Assessment, AssessmentCampaign, CriteriaSet, Result, Score
from cchc.plans.api.views import ActionPermissionMixin
from cchc.units.roles import Perm
from cchc.units.scoping import user_can


def _int_filter(queryset, request, *names):
    for name in names:
        value = request.query_params.get(name, "")
        if value.isdigit() and len(value) <= 18:
            queryset = queryset.filter(**{name: int(value)})
    return queryset


class CriteriaSetViewSet(ActionPermissionMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Criteria sets; ``tree`` gives every criterion; a new set is posted as a tree (steering units)."""

    serializer_class = CriteriaSetSerializer
    queryset = CriteriaSet.objects.order_by("-year", "pk")
    permission = Perm.VIEW
    write_permission = Perm.STEER

    def get_queryset(self):
        return _int_filter(super().get_queryset(), self.request, "unit", "year")

    @extend_schema(parameters=[OpenApiParameter("unit", int), OpenApiParameter("year", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=CriteriaSetWriteSerializer, responses={201: CriteriaSetSerializer})
    def create(self, request, *args, **kwargs):
        data = self.payload(CriteriaSetWriteSerializer)
        self.check_write_unit(data["unit"].pk)
        criteria_set = services.criteria_set_from_tree(data["tree"], unit=data["unit"], level=data["level"], year=data["year"],
                                                       actor=request.user)
        return self.reply(CriteriaSetSerializer, criteria_set, code=status.HTTP_201_CREATED)

    @extend_schema(responses=CriterionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def tree(self, request, pk=None):
        criteria_set = self.get_object()
        return self.reply(CriterionSerializer, criteria_set.criteria.select_related("parent").order_by("position", "pk"), many=True)


class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Assessment campaigns; ``ranking`` as published, or computed now for the steering office."""

    serializer_class = CampaignSerializer
    queryset = AssessmentCampaign.objects.select_related("criteria_set").order_by("pk")
    permission = Perm.VIEW

    @extend_schema(responses=RankingSerializer)
    @action(detail=True, methods=["get"])
    def ranking(self, request, pk=None):
        campaign = self.get_object()
        if not (campaign.is_published or selectors.can_steer(request.user, campaign)):
            return Response({"published": False, "rows": []})
        return Response(RankingSerializer(selectors.campaign_ranking(campaign)).data)


class AssessmentViewSet(ActionPermissionMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Units' scorecards and their stage changes and score writes."""

    serializer_class = AssessmentSerializer
    queryset = Assessment.objects.select_related("campaign__criteria_set", "unit").order_by("pk")
    permission = Perm.VIEW
    write_permission = Perm.EDIT
    action_permissions = {
        "submit": Perm.APPROVE, "preliminary": Perm.STEER, "finalise": Perm.STEER, "appraise": Perm.STEER, "survey": Perm.STEER,
        "self_score": Perm.EDIT, "explain": Perm.EDIT, "lock_explanations": Perm.APPROVE,
    }

    def get_queryset(self):
        return _int_filter(super().get_queryset(), self.request, "campaign", "unit")

    @extend_schema(parameters=[OpenApiParameter("campaign", int), OpenApiParameter("unit", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def check_write(self, obj) -> None:
        if self.action == "lock_explanations" and user_can(self.request.user, Perm.STEER, obj.unit_id):
            return
        super().check_write(obj)

    def _stage_change(self, service):
        assessment = self.get_object()
        seen = self.payload(StageSerializer)["stage"]
        if seen != assessment.stage:
            raise exceptions.ValidationError({"stage": [_stage_moved(assessment)]})
        return self.reply(AssessmentSerializer, service(assessment=assessment, actor=self.request.user))

    @extend_schema(request=StageSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The head of unit submits the self-assessment: the self-scores lock."""
        return self._stage_change(services.assessment_submit)

    @extend_schema(request=StageSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def preliminary(self, request, pk=None):
        """Send the first-round result to the unit: the explanation window opens."""
        return self._stage_change(services.preliminary_send)

    @extend_schema(request=StageSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"], url_path="lock-explanations")
    def lock_explanations(self, request, pk=None):
        """The head of unit locks the explanations (or the steering office once the window has closed)."""
        return self._stage_change(services.explanations_lock)

    @extend_schema(request=StageSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def finalise(self, request, pk=None):
        """The steering office locks the second round: the assessment is final."""
        return self._stage_change(services.appraisal_lock)

    def _criterion(self, assessment, pk):
        criterion = assessment.campaign.criteria_set.criteria.filter(pk=pk).first()
        if criterion is None:
            raise exceptions.ValidationError({"criterion": [_no_criterion()]})
        return criterion

    def _score_reply(self, score):
        return Response(ScoreSerializer(score, context=self.get_serializer_context()).data)

    @extend_schema(request=SelfScoreSerializer, responses=ScoreSerializer)
    @action(detail=True, methods=["post"], url_path="self-score")
    def self_score(self, request, pk=None):
        """The focal officer's score of a leaf ("1,5" accepted), note, and acceptance of or reason against the suggestion."""
        assessment = self.get_object()
        data = self.payload(SelfScoreSerializer)
        criterion = self._criterion(assessment, data.pop("criterion"))
        return self._score_reply(services.self_score_save(assessment=assessment, criterion=criterion, actor=request.user, **data))

    @extend_schema(request=AppraiseSerializer, responses=ScoreSerializer)
    @action(detail=True, methods=["post"])
    def appraise(self, request, pk=None):
        """The appraiser's score (round 1 or 2 by the stage); a change needs a comment."""
        assessment = self.get_object()
        data = self.payload(AppraiseSerializer)
        criterion = self._criterion(assessment, data.pop("criterion"))
        return self._score_reply(services.appraisal_save(assessment=assessment, criterion=criterion, actor=request.user, **data))

    @extend_schema(request=ExplainSerializer, responses=ScoreSerializer)
    @action(detail=True, methods=["post"])
    def explain(self, request, pk=None):
        """The unit's explanation of a contested item, in the explanation window."""
        assessment = self.get_object()
        data = self.payload(ExplainSerializer)
        criterion = self._criterion(assessment, data["criterion"])
        return self._score_reply(services.explanation_save(assessment=assessment, criterion=criterion, text=data["text"],
                                                           actor=request.user))

    @extend_schema(request=SurveySerializer, responses=ScoreSerializer)
    @action(detail=True, methods=["post"])
    def survey(self, request, pk=None):
        """Survey points of a survey criterion for the unit."""
        assessment = self.get_object()
        data = self.payload(SurveySerializer)
        criterion = self._criterion(assessment, data["criterion"])
        return self._score_reply(services.survey_points_set(assessment=assessment, criterion=criterion, points=data["points"],
                                                            actor=request.user))


def _stage_moved(assessment) -> str:
    from django.utils.translation import gettext as _

    return _("The assessment is now at the stage “{stage}”; reload it.").format(stage=assessment.get_stage_display())


def _no_criterion() -> str:
    from django.utils.translation import gettext as _

    return _("No such criterion in the assessment's set.")


class ScoreViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Scores with every value side by side and their evidence; ``?assessment=`` narrows the list."""

    serializer_class = ScoreSerializer
    queryset = (Score.objects.select_related("criterion", "assessment__campaign").prefetch_related("evidence")
                .order_by("assessment_id", "criterion__position", "pk"))
    permission = Perm.VIEW

    def get_queryset(self):
        return _int_filter(super().get_queryset(), self.request, "assessment")

    @extend_schema(parameters=[OpenApiParameter("assessment", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class ResultViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Published results: index, class, rank, areas, criteria lost most, change against last year."""

    serializer_class = ResultSerializer
    queryset = Result.objects.select_related("campaign__criteria_set").order_by("campaign_id", "rank", "pk")
    permission = Perm.VIEW

    def get_queryset(self):
        return _int_filter(super().get_queryset(), self.request, "campaign", "unit")

    @extend_schema(parameters=[OpenApiParameter("campaign", int), OpenApiParameter("unit", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

