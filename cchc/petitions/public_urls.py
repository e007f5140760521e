"""Public petition pages under /cong-khai/phan-anh/ (each declared in ``cchc.core.public``)."""

from django.urls import path

from cchc.petitions import public_views

app_name = "petitions_public"
urlpatterns = [
    path("", public_views.HomeView.as_view(), name="home"),
    path("gui/", public_views.SubmitView.as_view(), name="submit"),
    path("tra-cuu/", public_views.LookupView.as_view(), name="lookup"),
    path("danh-gia/", public_views.RateView.as_view(), name="rate"),
    path("tra-loi/", public_views.AnswersView.as_view(), name="answers"),
]
