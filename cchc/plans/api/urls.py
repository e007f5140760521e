from rest_framework.routers import DefaultRouter

from cchc.plans.api.views import PlanViewSet, ProgressViewSet, TargetViewSet, TaskViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("plans", PlanViewSet, basename="plan")
router.register("tasks", TaskViewSet, basename="task")
router.register("targets", TargetViewSet, basename="target")
router.register("progress", ProgressViewSet, basename="progress")
urlpatterns = router.urls
