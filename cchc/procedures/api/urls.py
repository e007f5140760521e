from rest_framework.routers import DefaultRouter

from cchc.procedures.api.views import DossierViewSet, ProcedureViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("procedures", ProcedureViewSet, basename="procedure")
router.register("dossiers", DossierViewSet, basename="dossier")
urlpatterns = router.urls
