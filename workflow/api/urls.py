from rest_framework.routers import SimpleRouter

from workflow.api.views import CaseViewSet

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="staff-case")

urlpatterns = router.urls
