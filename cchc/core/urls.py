from django.urls import path

from cchc.core import views

app_name = "core"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("switch-unit/", views.SwitchUnitView.as_view(), name="switch_unit"),
    path("healthz/", views.healthz, name="healthz"),
]
