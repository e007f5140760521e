from rest_framework.routers import DefaultRouter

from cchc.units.api.views import MembershipViewSet, UnitViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("units", UnitViewSet, basename="unit")
router.register("memberships", MembershipViewSet, basename="membership")
urlpatterns = router.urls
