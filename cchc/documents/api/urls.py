from rest_framework.routers import DefaultRouter

from cchc.documents.api.views import ImportJobViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("plan-imports", ImportJobViewSet, basename="plan-import")
urlpatterns = router.urls
