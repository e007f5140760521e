from django.urls import path

from cchc.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="list"),
    path("new/<int:pk>/", views.PlanCreateView.as_view(), name="plan_create"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan"),
    path("<int:pk>/edit/", views.PlanEditView.as_view(), name="plan_edit"),
    path("<int:pk>/checklist/add/", views.ChecklistAddView.as_view(), name="checklist_add"),
    path("<int:pk>/schedule/", views.ScheduleView.as_view(), name="schedule"),
    path("inspection/<int:pk>/", views.InspectionDetailView.as_view(), name="inspection"),
    path("inspection/<int:pk>/record/", views.RecordView.as_view(), name="record"),
    path("inspection/<int:pk>/answer/", views.AnswerView.as_view(), name="answer"),
    path("inspection/<int:pk>/findings/add/", views.FindingAddView.as_view(), name="finding_add"),
    path("inspection/<int:pk>/bien-ban.docx", views.DocumentView.as_view(), name="minute"),
    path("inspection/<int:pk>/thong-bao-ket-luan.docx", views.ConclusionView.as_view(), name="conclusion"),
    path("recommendations/", views.ItemListView.as_view(), name="items"),
    path("recommendations/<int:pk>/", views.ItemDetailView.as_view(), name="item"),
    path("recommendations/<int:pk>/progress/", views.ItemProgressView.as_view(), name="item_progress"),
    path("recommendations/<int:pk>/close/", views.ItemCloseView.as_view(), name="item_close"),
    path("recommendations/<int:pk>/reopen/", views.ItemReopenView.as_view(), name="item_reopen"),
    path("unit/<int:pk>/", views.UnitView.as_view(), name="unit"),
    path("export.xlsx", views.ExportView.as_view(), name="export"),
    path("templates/", views.TemplateListView.as_view(), name="template_list"),
    path("templates/new/<int:pk>/", views.TemplateUploadView.as_view(), name="template_upload"),
    path("templates/<int:pk>/download/", views.TemplateDownloadView.as_view(), name="template_download"),
    path("templates/default/<str:kind>.docx", views.DefaultTemplateView.as_view(), name="template_default"),
]
