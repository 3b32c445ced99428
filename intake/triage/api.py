"""POST /api/v1/areas/suggest/: the three likeliest areas of a text and how likely it is out of
scope. Open to the public like the area list, rate-limited like filing; the text is not stored."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from intake.api import throttle
from intake.api.serializers import ErrorsSerializer
from intake.api.views import PublicAPIView
from intake.triage import selectors

TEXT_MAX = 5000


class SuggestRequestSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=TEXT_MAX,
        trim_whitespace=True,
        error_messages={
            "required": gettext_lazy("Send the text to suggest an area for."),
            "blank": gettext_lazy("Send the text to suggest an area for."),
            "null": gettext_lazy("Send the text to suggest an area for."),
            "invalid": gettext_lazy("The text must be a string."),
            "max_length": gettext_lazy("The text is limited to %(n)d characters.") % {"n": TEXT_MAX},
        },
    )


class SuggestionSerializer(serializers.Serializer):
    area = serializers.CharField(help_text="Area code from /api/v1/areas/.")
    score = serializers.FloatField(min_value=0, max_value=1)


class SuggestResponseSerializer(serializers.Serializer):
    suggestions = SuggestionSerializer(many=True, help_text="The three best areas, best first.")
    out_of_scope = serializers.FloatField(min_value=0, max_value=1)


class AreaSuggest(PublicAPIView):
    @extend_schema(
        request=SuggestRequestSerializer,
        responses={
            200: SuggestResponseSerializer,
            400: ErrorsSerializer,
            429: ErrorsSerializer,
            503: ErrorsSerializer,
        },
    )
    def post(self, request):
        """Suggest the area of a report's text: the three best areas with a score 0..1, and how
        likely the text is out of scope (0..1)."""
        if limited := throttle.rate_limited(request, throttle.SUGGEST):
            return limited
        data = self.payload(request)
        if not hasattr(data, "get"):
            return Response(
                {"errors": {"non_field_errors": [_('Send a JSON object: {"text": "..."}.')]}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        serializer = SuggestRequestSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        prediction = selectors.text_predict(serializer.validated_data["text"])
        if prediction is None:
            return Response(
                {"errors": {"non_field_errors": [_("Area suggestions are not available yet.")]}},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        return Response(prediction.as_dict())
