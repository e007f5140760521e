from django.urls import path

from cchc.reporting import views

app_name = "reporting"
urlpatterns = [
    path("mine/", views.MyReportsView.as_view(), name="my_reports"),
    path("review/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("calendars/", views.CalendarListView.as_view(), name="calendar_list"),
    path("calendars/new/", views.CalendarCreateView.as_view(), name="calendar_create"),
    path("calendars/<int:pk>/", views.CalendarDetailView.as_view(), name="calendar_detail"),
    path("calendars/<int:pk>/completeness/", views.CompletenessView.as_view(), name="completeness"),
    path("calendars/<int:pk>/reminders/", views.ReminderListView.as_view(), name="reminders"),
    path("calendars/<int:pk>/adhoc/", views.AdhocCreateView.as_view(), name="adhoc_create"),
    path("periods/<int:pk>/", views.RollupView.as_view(), name="rollup"),
    path("periods/<int:pk>/edit/", views.PeriodEditView.as_view(), name="period_edit"),
    path("units/<int:pk>/start/", views.ReportStartView.as_view(), name="report_start"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/edit/", views.ReportEditView.as_view(), name="report_edit"),
    path("reports/<int:pk>/refill/", views.ReportRefillView.as_view(), name="report_refill"),
    path("reports/<int:pk>/sign/", views.ReportSignView.as_view(), name="report_sign"),
    path("reports/<int:pk>/submit/", views.ReportSubmitView.as_view(), name="report_submit"),
    path("reports/<int:pk>/review/", views.ReportReviewView.as_view(), name="report_review"),
    path("reports/<int:pk>/documents/", views.DocumentRequestView.as_view(), name="document_request"),
    path("documents/<int:pk>/", views.DocumentStatusView.as_view(), name="document_status"),
    path("documents/<int:pk>/download/", views.DocumentDownloadView.as_view(), name="document_download"),
    path("templates/", views.TemplateListView.as_view(), name="templates"),
    path("templates/default.docx", views.DefaultTemplateView.as_view(), name="template_default"),
    path("templates/<int:pk>/download/", views.TemplateDownloadView.as_view(), name="template_download"),
]
