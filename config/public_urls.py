"""Public pages: no login, under /cong-khai/. Every URL here is declared in cchc.core.public."""

from django.urls import include, path

urlpatterns = [
    path("khao-sat/", include("cchc.surveys.public_urls")),
    path("phan-anh/", include("cchc.petitions.public_urls")),
    path("", include("cchc.portal.urls")),
]
