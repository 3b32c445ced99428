"""Public, read-only, paginated JSON of the credit lists (/api/v1/credit/)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from credit import selectors
from credit.api import serializers
from credit.models import Publication
from credit.pagination import CappedPagination
from intake.api.serializers import ErrorsSerializer
from intake.models import Area, Bureau


class PublicMixin:
    authentication_classes: list = []
    permission_classes = [AllowAny]
    pagination_class = CappedPagination


class Root(PublicMixin, APIView):
    @extend_schema(
        responses={200: {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}}}
    )
    def get(self, request, format=None):
        return Response(
            {
                "entries": reverse("credit-api:entries", request=request),
                "red_list": reverse("credit-api:red_list", request=request),
                "sectors": reverse("credit-api:sectors", request=request),
            }
        )


def _by_code(model, code: str | None):
    if not code:
        return None
    found = model.objects.filter(code=code).first()
    if found is None:
        raise Http404
    return found


# A page past the last, an unknown kind, area or bureau code, or a missing entry is 404.
@extend_schema_view(
    get=extend_schema(responses={200: serializers.PublicationSerializer(many=True), 404: ErrorsSerializer})
)
class EntryList(PublicMixin, generics.ListAPIView):
    """Published penalty decisions and blacklist listings. Filters: kind, area, bureau, q."""

    serializer_class = serializers.PublicationSerializer

    def get_queryset(self):
        params = self.request.query_params
        kind = params.get("kind") or None
        if kind and kind not in Publication.Kind.values:
            raise Http404
        return selectors.public_publications(
            kind=kind,
            area=_by_code(Area, params.get("area")),
            bureau=_by_code(Bureau, params.get("bureau")),
            query=params.get("q", ""),
        )


@extend_schema_view(
    get=extend_schema(responses={200: serializers.PublicationDetailSerializer, 404: ErrorsSerializer})
)
class EntryDetail(PublicMixin, generics.RetrieveAPIView):
    serializer_class = serializers.PublicationDetailSerializer

    def get_object(self):
        publication = selectors.public_publication_get(pk=self.kwargs["pk"])
        if publication is None:
            raise Http404
        return publication


@extend_schema(exclude=True)
class EntryNotFound(PublicMixin, APIView):
    """Anything but a number in the place of an entry's id: the API's JSON 404."""

    def get(self, request, pk):
        raise Http404


@extend_schema_view(
    get=extend_schema(responses={200: serializers.RedListEntrySerializer(many=True), 404: ErrorsSerializer})
)
class RedList(PublicMixin, generics.ListAPIView):
    serializer_class = serializers.RedListEntrySerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.public_red_list(area=_by_code(Area, params.get("area")), query=params.get("q", ""))


@extend_schema_view(
    get=extend_schema(responses={200: serializers.SectorPolicySerializer(many=True), 404: ErrorsSerializer})
)
class Sectors(PublicMixin, generics.ListAPIView):
    serializer_class = serializers.SectorPolicySerializer

    def get_queryset(self):
        return selectors.sector_policies()
