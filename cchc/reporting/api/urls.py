from rest_framework.routers import DefaultRouter

from cchc.reporting.api.views import ReportingPeriodViewSet, ReportViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("reports", ReportViewSet, basename="report")
router.register("reporting-periods", ReportingPeriodViewSet, basename="reportingperiod")
urlpatterns = router.urls
