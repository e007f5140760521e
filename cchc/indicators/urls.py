from django.urls import path

from cchc.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.IndicatorHomeView.as_view(), name="home"),
    path("unit/<int:pk>/", views.DashboardView.as_view(), name="dashboard"),
    path("unit/<int:pk>/procedures/", views.ProcedureBreakdownView.as_view(), name="procedures"),
    path("unit/<int:pk>/scorecard/", views.ScorecardView.as_view(), name="scorecard"),
    path("metrics/", views.MetricListView.as_view(), name="metric_list"),
]
