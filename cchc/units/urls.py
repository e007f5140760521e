from django.urls import path

from cchc.units import views

app_name = "units"
urlpatterns = [
    path("", views.UnitTreeView.as_view(), name="tree"),
    path("<int:pk>/", views.UnitDetailView.as_view(), name="detail"),
    path("<int:pk>/audit/", views.UnitAuditView.as_view(), name="audit"),
    path("<int:pk>/add-child/", views.UnitCreateChildView.as_view(), name="add_child"),
    path("<int:pk>/merge/", views.UnitMergeView.as_view(), name="merge"),
    path("<int:pk>/divide/", views.UnitDivideView.as_view(), name="divide"),
    path("<int:pk>/members/add/", views.MembershipCreateView.as_view(), name="member_add"),
    path("memberships/<int:pk>/end/", views.MembershipEndView.as_view(), name="membership_end"),
]
