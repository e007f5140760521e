from django.urls import path

from cchc.parindex import views

app_name = "parindex"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("assessments/", views.AssessmentListView.as_view(), name="assessments"),
    path("sets/import/", views.SetUploadView.as_view(), name="set_upload"),
    path("sets/<int:pk>/", views.SetDetailView.as_view(), name="set_detail"),
    path("sets/<int:pk>/edit/", views.SetEditView.as_view(), name="set_edit"),
    path("sets/<int:pk>/copy/", views.SetCopyView.as_view(), name="set_copy"),
    path("sets/<int:pk>/export.xlsx", views.SetExportView.as_view(), name="set_export"),
    path("criteria/<int:pk>/rule/", views.RuleEditView.as_view(), name="criterion_rule"),
    path("campaigns/new/", views.CampaignCreateView.as_view(), name="campaign_create"),
    path("campaigns/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("campaigns/<int:pk>/ranking/", views.RankingView.as_view(), name="ranking"),
    path("campaigns/<int:pk>/announcement.docx", views.AnnouncementView.as_view(), name="announcement"),
    path("campaigns/<int:pk>/scores.xlsx", views.ScoresExportView.as_view(), name="scores_xlsx"),
    path("campaigns/<int:pk>/publish/", views.CampaignPublishView.as_view(), name="publish"),
    path("campaigns/<int:pk>/portal/", views.CampaignPortalView.as_view(), name="portal"),
    path("campaigns/<int:pk>/survey/import/", views.SurveyImportView.as_view(), name="survey_import"),
    path("campaigns/<int:pk>/survey/compute/", views.SurveyComputeView.as_view(), name="survey_compute"),
    path("assessments/<int:pk>/", views.AssessmentView.as_view(), name="assessment"),
    path("assessments/<int:pk>/appraisal/", views.AppraisalView.as_view(), name="appraisal"),
    path("assessments/<int:pk>/history/", views.HistoryView.as_view(), name="history"),
    path("assessments/<int:pk>/score/", views.SelfScoreView.as_view(), name="self_score"),
    path("assessments/<int:pk>/evidence/", views.EvidenceAddView.as_view(), name="evidence_add"),
    path("assessments/<int:pk>/submit/", views.SubmitView.as_view(), name="submit"),
    path("assessments/<int:pk>/appraise/", views.AppraiseView.as_view(), name="appraise"),
    path("assessments/<int:pk>/survey/", views.SurveyScoreView.as_view(), name="survey_score"),
    path("assessments/<int:pk>/preliminary/", views.PreliminaryView.as_view(), name="preliminary"),
    path("assessments/<int:pk>/explain/", views.ExplainView.as_view(), name="explain"),
    path("assessments/<int:pk>/lock-explanations/", views.LockExplanationsView.as_view(), name="lock_explanations"),
    path("assessments/<int:pk>/finalise/", views.FinaliseView.as_view(), name="finalise"),
    path("evidence/<int:pk>/file/", views.EvidenceFileView.as_view(), name="evidence_file"),
    path("evidence/<int:pk>/remove/", views.EvidenceRemoveView.as_view(), name="evidence_remove"),
    path("units/<int:pk>/", views.UnitResultsView.as_view(), name="unit"),
]
