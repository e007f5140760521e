from rest_framework.routers import DefaultRouter

from cchc.inspections.api.views import InspectionPlanViewSet, InspectionViewSet, RemediationItemViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("inspection-plans", InspectionPlanViewSet, basename="inspection-plan")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("remediation-items", RemediationItemViewSet, basename="remediation-item")
urlpatterns = router.urls
