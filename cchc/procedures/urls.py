from django.urls import path

from cchc.procedures import views

app_name = "procedures"
urlpatterns = [
    path("", views.ProcedureListView.as_view(), name="procedure_list"),
    path("<int:pk>/", views.ProcedureDetailView.as_view(), name="procedure_detail"),
    path("import/", views.ProcedureImportView.as_view(), name="procedure_import"),
    path("publications/import/", views.PublicationImportView.as_view(), name="publication_import"),
    path("dossiers/", views.DossierListView.as_view(), name="dossier_list"),
    path("dossiers/<int:pk>/", views.DossierDetailView.as_view(), name="dossier_detail"),
    path("dossiers/import/", views.DossierImportView.as_view(), name="dossier_import"),
    path("batches/", views.BatchListView.as_view(), name="batch_list"),
]
