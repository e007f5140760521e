from rest_framework.routers import DefaultRouter

from cchc.parindex.api.views import (
    AssessmentViewSet,
    CampaignViewSet,
    CriteriaSetViewSet,
    ResultViewSet,
    ScoreViewSet,
)

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("parindex/criteria-sets", CriteriaSetViewSet, basename="parindex-set")
router.register("parindex/campaigns", CampaignViewSet, basename="parindex-campaign")
router.register("parindex/assessments", AssessmentViewSet, basename="parindex-assessment")
router.register("parindex/scores", ScoreViewSet, basename="parindex-score")
router.register("parindex/results", ResultViewSet, basename="parindex-result")
urlpatterns = router.urls
