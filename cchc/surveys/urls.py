from django.urls import path

from cchc.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.CampaignListView.as_view(), name="campaigns"),
    path("new/", views.CampaignCreateView.as_view(), name="campaign_create"),
    path("<int:pk>/", views.CampaignDetailView.as_view(), name="campaign"),
    path("<int:pk>/counters/add/", views.AccessPointCreateView.as_view(), name="access_point_add"),
    path("<int:pk>/results/", views.ResultsView.as_view(), name="results"),
    path("<int:pk>/results.xlsx", views.ResultsXlsxView.as_view(), name="results_xlsx"),
    path("<int:pk>/publication/", views.ResultsPublicationView.as_view(), name="results_publication"),
    path("<int:pk>/results.docx", views.ResultsDocxView.as_view(), name="results_docx"),
    path("access-points/<int:pk>/poster/", views.PosterView.as_view(), name="poster"),
    path("access-points/<int:pk>/paper/", views.PaperEntryView.as_view(), name="paper_entry"),
    path("questionnaires/", views.QuestionnaireListView.as_view(), name="questionnaires"),
    path("questionnaires/<int:pk>/", views.QuestionnaireDetailView.as_view(), name="questionnaire"),
    path("questionnaires/<int:pk>/copy/", views.QuestionnaireCopyView.as_view(), name="questionnaire_copy"),
    path("questionnaires/<int:pk>/edit/", views.QuestionnaireEditView.as_view(), name="questionnaire_edit"),
]
