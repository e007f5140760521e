from rest_framework.routers import DefaultRouter

from cchc.petitions.api.views import PetitionViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("petitions", PetitionViewSet, basename="petition")
urlpatterns = router.urls
