from django.urls import path

from cchc.portal import publishing_views as views

app_name = "publishing"
urlpatterns = [
    path("", views.PublishingListView.as_view(), name="list"),
    path("plans/<int:pk>/", views.PlanPublicationView.as_view(), name="plan"),
    path("units/<int:pk>/scorecard/", views.ScorecardPublicationView.as_view(), name="scorecard"),
    path("reports/<int:pk>/", views.ReportPublicationView.as_view(), name="report"),
]
