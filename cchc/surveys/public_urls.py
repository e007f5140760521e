"""Public survey pages under /cong-khai/khao-sat/ (declared in cchc.core.public)."""

from django.urls import path

from cchc.surveys import public_views

app_name = "surveys_public"
urlpatterns = [
    path("<str:token>/", public_views.AnswerView.as_view(), name="answer"),
    path("<str:token>/cam-on/", public_views.ThanksView.as_view(), name="thanks"),
]
