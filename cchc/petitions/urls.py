from django.urls import path

from cchc.petitions import views

app_name = "petitions"
urlpatterns = [
    path("", views.PetitionListView.as_view(), name="list"),
    path("new/<int:pk>/", views.PetitionRegisterView.as_view(), name="register"),
    path("settings/<int:pk>/", views.SettingView.as_view(), name="settings"),
    path("<int:pk>/", views.PetitionDetailView.as_view(), name="detail"),
    path("<int:pk>/classify/", views.ClassifyView.as_view(), name="classify"),
    path("<int:pk>/decide/", views.DecideView.as_view(), name="decide"),
    path("<int:pk>/request-info/", views.RequestInfoView.as_view(), name="request_info"),
    path("<int:pk>/info-received/", views.InfoReceivedView.as_view(), name="info_received"),
    path("<int:pk>/transfer/", views.TransferView.as_view(), name="transfer"),
    path("<int:pk>/answer/", views.AnswerView.as_view(), name="answer"),
    path("<int:pk>/approve/", views.ApproveView.as_view(), name="approve"),
    path("<int:pk>/publish/", views.PublishView.as_view(), name="publish"),
    path("<int:pk>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path("<int:pk>/republish/", views.RepublishView.as_view(), name="republish"),
    path("<int:pk>/answer.docx", views.AnswerLetterView.as_view(), name="answer_letter"),
    path("attachments/<int:pk>/", views.AttachmentView.as_view(), name="attachment"),
]
