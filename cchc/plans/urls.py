from django.urls import path

from cchc.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="list"),
    path("my-tasks/", views.MyTasksView.as_view(), name="my_tasks"),
    path("new/<int:pk>/", views.PlanCreateView.as_view(), name="create"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.PlanEditView.as_view(), name="edit"),
    path("<int:pk>/issue/", views.PlanIssueView.as_view(), name="issue"),
    path("<int:pk>/amend/", views.PlanAmendView.as_view(), name="amend"),
    path("<int:pk>/versions/", views.PlanVersionsView.as_view(), name="versions"),
    path("<int:pk>/coverage/", views.PlanCoverageView.as_view(), name="coverage"),
    path("<int:pk>/areas/add/", views.AreaCreateView.as_view(), name="area_add"),
    path("<int:pk>/tasks/add/", views.TaskCreateView.as_view(), name="task_add"),
    path("<int:pk>/targets/add/", views.TargetCreateView.as_view(), name="target_add"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task"),
    path("tasks/<int:pk>/edit/", views.TaskEditView.as_view(), name="task_edit"),
    path("tasks/<int:pk>/assign/", views.TaskCascadeView.as_view(), name="task_cascade"),
    path("tasks/<int:pk>/progress/", views.ProgressCreateView.as_view(), name="progress_add"),
    path("targets/<int:pk>/value/", views.TargetRecordView.as_view(), name="target_value"),
    path("targets/<int:pk>/measure/", views.TargetMeasureView.as_view(), name="target_measure"),
    path("targets/<int:pk>/accept/", views.TargetAcceptView.as_view(), name="target_accept"),
    path("targets/<int:pk>/drop/", views.TargetDropView.as_view(), name="target_drop"),
    path("evidence/<int:pk>/file/", views.EvidenceFileView.as_view(), name="evidence_file"),
]
