from rest_framework.routers import DefaultRouter

from cchc.surveys.api.views import CampaignViewSet, QuestionnaireViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("survey-questionnaires", QuestionnaireViewSet, basename="survey-questionnaire")
router.register("survey-campaigns", CampaignViewSet, basename="survey-campaign")
urlpatterns = router.urls
