"""The public API under /api/public/ (``config.api_urls``); each URL is declared in ``cchc.core.public``."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from cchc.portal.api.views import PlanViewSet, TableDetailView, TableListView, UnitViewSet

app_name = "public-api"
router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("plans", PlanViewSet, basename="plan")
router.register("units", UnitViewSet, basename="unit")
urlpatterns = [
    path("tables/", TableListView.as_view(), name="table-list"),
    path("tables/<int:year>/<slug:name>/", TableDetailView.as_view(), name="table-detail"),
    *router.urls,
]
