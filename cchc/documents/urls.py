from django.urls import path

from cchc.documents import views

app_name = "documents"
urlpatterns = [
    path("imports/", views.ImportListView.as_view(), name="import_list"),
    path("imports/new/<int:pk>/", views.ImportCreateView.as_view(), name="import_create"),
    path("imports/<int:pk>/", views.ImportDetailView.as_view(), name="import_detail"),
    path("imports/<int:pk>/review/", views.ImportReviewView.as_view(), name="import_review"),
    path("imports/<int:pk>/file/", views.ImportFileView.as_view(), name="import_file"),
    path("imports/<int:pk>/pages/<int:number>.jpg", views.ImportPageImageView.as_view(), name="import_page"),
    path("plans/<int:pk>/plan.docx", views.PlanDocxView.as_view(), name="plan_docx"),
    path("plans/<int:pk>/tasks.xlsx", views.PlanXlsxView.as_view(), name="plan_xlsx"),
    path("pdf/jobs/<int:pk>/", views.PdfDetailView.as_view(), name="pdf_detail"),
    path("pdf/jobs/<int:pk>/file/", views.PdfFileView.as_view(), name="pdf_file"),
    path("pdf/new/<slug:kind>/<int:pk>/", views.PdfRequestView.as_view(), name="pdf_request"),
    path("templates/", views.TemplateListView.as_view(), name="template_list"),
    path("templates/new/<int:pk>/", views.TemplateUploadView.as_view(), name="template_upload"),
    path("templates/<int:pk>/download/", views.TemplateDownloadView.as_view(), name="template_download"),
    path("templates/default.docx", views.DefaultTemplateView.as_view(), name="template_default"),
]
