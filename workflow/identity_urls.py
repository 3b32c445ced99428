"""Identity release pages outside the workbench: the custodian's queue and the audit."""

from django.urls import path

from workflow.views import identity

urlpatterns = [
    path("requests/", identity.CustodianQueueView.as_view(), name="identity-requests"),
    path("requests/<int:pk>/", identity.CustodianQueueView.as_view(), name="identity-decide"),
    path("audit/", identity.IdentityAuditView.as_view(), name="identity-audit"),
]
