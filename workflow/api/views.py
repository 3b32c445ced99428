"""GET /api/v1/cases/ and /api/v1/cases/{reference}/ for staff, scoped by the case selector."""

from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from intake.api.serializers import ErrorsSerializer
from workflow import selectors
from workflow.api.filters import CaseFilter
from workflow.api.serializers import (
    CaseDetailSerializer,
    CaseParticipantSerializer,
    CaseSerializer,
)
from workflow.pagination import CasePagination


@extend_schema_view(
    list=extend_schema(
        responses={200: CaseSerializer(many=True), 400: ErrorsSerializer, 401: ErrorsSerializer}
    ),
    retrieve=extend_schema(
        responses={200: CaseDetailSerializer, 401: ErrorsSerializer, 404: ErrorsSerializer}
    ),
)
class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cases the caller may see; another bureau's case is 404, as if it did not exist."""

    # Token first: an anonymous call is told how to authenticate (401, WWW-Authenticate: Token).
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    pagination_class = CasePagination
    lookup_field = "reference"
    lookup_value_regex = "[^/]+"
    filter_backends = [DjangoFilterBackend]
    filterset_class = CaseFilter

    def get_queryset(self):
        cases = selectors.case_list(user=self.request.user).select_related("area", "bureau")
        if self.action == "retrieve":
            cases = cases.select_related("report").prefetch_related(
                "outcomes__measures", "assistance_requests__bureau", "history__actor", "history__bureau"
            )
        return cases.order_by("-created_at")

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer

    def retrieve(self, request, *args, **kwargs):
        """The whole case for full access; an asked bureau (or the police on a referral) gets
        the limited facts the workbench shows it; anyone else 404."""
        found = selectors.case_with_access(user=request.user, reference=kwargs[self.lookup_field])
        if found is None:
            raise Http404
        case, access = found
        if access != selectors.Access.FULL:
            context = {
                **self.get_serializer_context(),
                "assistance": list(selectors.case_assistance(case=case, user=request.user, access=access)),
                "open_tasks": list(selectors.case_open_tasks(case=case, user=request.user, access=access)),
            }
            return Response(CaseParticipantSerializer(case, context=context).data)
        case = self.get_object()
        context = {**self.get_serializer_context(), "open_tasks": list(selectors.case_open_tasks(case=case))}
        return Response(CaseDetailSerializer(case, context=context).data)
