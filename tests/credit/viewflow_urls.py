"""A URLconf that mounts the credit flows the way a viewflow workbench does (tests only)."""

from django.urls import path
from viewflow.workflow.flow import FlowViewset

from credit.flows import EnforcementFlow
from project.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    *project_urlpatterns,
    path("workbench/enforcement/", FlowViewset(EnforcementFlow).urls),
]
