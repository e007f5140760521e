"""The REST API: each app contributes its router under /api/."""

from django.urls import include, path

urlpatterns = [
    path("", include("cchc.units.api.urls")),
    path("", include("cchc.plans.api.urls")),
    path("", include("cchc.procedures.api.urls")),
    path("", include("cchc.indicators.api.urls")),
    path("", include("cchc.reporting.api.urls")),
    path("", include("cchc.documents.api.urls")),
    path("", include("cchc.petitions.api.urls")),
    path("", include("cchc.parindex.api.urls")),
    path("", include("cchc.surveys.api.urls")),
    path("", include("cchc.inspections.api.urls")),
    path("public/", include("cchc.portal.api.urls")),
]
