from rest_framework.routers import DefaultRouter

from cchc.indicators.api.views import IndicatorValueViewSet, MetricViewSet, ScorecardViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("metrics", MetricViewSet, basename="metric")
router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")
router.register("scorecards", ScorecardViewSet, basename="scorecard")
urlpatterns = router.urls
