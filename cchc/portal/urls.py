"""Public pages of the portal, under /cong-khai/ (``config.public_urls``); each is declared in ``cchc.core.public``."""

from django.urls import path

from cchc.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.province, name="province"),
    path("don-vi/<int:pk>/", views.unit, name="unit"),
    path("ke-hoach/<int:pk>/", views.plan, name="plan"),
    path("tim-kiem/", views.search_page, name="search"),
    path("du-lieu/", views.open_data, name="open_data"),
    path("du-lieu/<int:year>/<slug:name>.csv", views.table_csv, name="table_csv"),
    path("du-lieu/<int:year>/<slug:name>.json", views.table_json, name="table_json"),
]
