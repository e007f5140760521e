from django.urls import path

from cchc.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.InboxView.as_view(), name="list"),
    path("<int:pk>/read/", views.ReadView.as_view(), name="read"),
    path("read-all/", views.ReadAllView.as_view(), name="read_all"),
]
