"""Public intake API: area list, filing a report, following it with its receipt.

No session and no login: the receipt is the only key, and it travels in POST bodies only.
"""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db.models import Count
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from intake import selectors, services
from intake.api import serializers as s
from intake.api import throttle
from intake.api.parsers import JSONParser, MultiPartParser
from intake.models import Report, ReportMessage
from intake.network import client_address

PARSERS = [JSONParser, MultiPartParser, FormParser]


class PublicAPIView(APIView):
    """Anyone may call it; no session, so no CSRF token either."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = PARSERS

    def payload(self, request):
        """The parsed body; an oversized or over-numerous upload is a 400, not a 500."""
        try:
            return request.data
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as exc:
            raise ParseError(_("The request is too large: send fewer or smaller files.")) from exc


def _bad_receipt() -> Response:
    # One body for every failure, so it tells nothing about why.
    return Response(
        {"errors": {"receipt": [_("No report matches this receipt. Check the code and try again.")]}},
        status=status.HTTP_404_NOT_FOUND,
    )


def _public_messages(report: Report):
    return selectors.report_public_messages(report).annotate(attachment_count=Count("attachments"))


class AreaList(generics.ListAPIView):
    """The areas a resident can report on, with their lead bureau and questions."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    pagination_class = None
    serializer_class = s.AreaSerializer

    def get_queryset(self):
        return selectors.area_list()


class ReportSubmit(PublicAPIView):
    @extend_schema(
        request=s.ReportSubmitSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                location=OpenApiParameter.HEADER,
                required=False,
                description="Repeat a request safely: a key already used answers 409.",
            )
        ],
        responses={
            201: s.SubmissionSerializer,
            400: s.ErrorsSerializer,
            409: s.DuplicateSerializer,
            429: s.ErrorsSerializer,
        },
    )
    def post(self, request):
        """File a report. The receipt in the answer is shown once and never again."""
        if limited := throttle.rate_limited(request, throttle.SUBMIT):
            return limited
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > 200 or not key.isprintable():
            return Response(
                {
                    "errors": {
                        "Idempotency-Key": [
                            _("The Idempotency-Key header is limited to 200 printable characters.")
                        ]
                    }
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        serializer = s.ReportSubmitSerializer(data=self.payload(request))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            submission = services.report_submit(_report_draft(data, external_id=key, request=request))
        except services.DuplicateReport as duplicate:
            return Response(
                {
                    "errors": {
                        "non_field_errors": [
                            _(
                                "This Idempotency-Key was already used for report %(reference)s. "
                                "Its receipt was given in the answer to the first request and cannot be shown again."
                            )
                            % {"reference": duplicate.report.reference}
                        ]
                    },
                    "reference": duplicate.report.reference,
                },
                status=status.HTTP_409_CONFLICT,
            )
        report = submission.report
        return Response(
            {
                "reference": report.reference,
                "receipt": submission.receipt,
                "status": s.status_data(report.status),
                "message": _(
                    "Keep this receipt: it is the only way to follow your report and it will not be shown again."
                ),
            },
            status=status.HTTP_201_CREATED,
        )


class ReceiptAPIView(PublicAPIView):
    """POST endpoints opened by a receipt: rate-limited as lookups; any bad receipt is one 404."""

    serializer_class = s.ReceiptSerializer

    def post(self, request):
        if limited := throttle.rate_limited(request, throttle.TRACK):
            return limited
        serializer = self.serializer_class(data=self.payload(request))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = selectors.report_by_receipt(data["receipt"])
        if report is None:
            return _bad_receipt()
        return self.answer(report, data)

    def answer(self, report, data) -> Response:
        raise NotImplementedError


class Track(ReceiptAPIView):
    @extend_schema(
        request=s.ReceiptSerializer,
        responses={
            200: s.TrackSerializer,
            400: s.ErrorsSerializer,
            404: s.ErrorsSerializer,
            429: s.ErrorsSerializer,
        },
    )
    def post(self, request):
        """Status, public updates and messages of the report a receipt opens."""
        return super().post(request)

    def answer(self, report, data):
        followed = report.followed
        messages = list(_public_messages(report))
        data = {
            "reference": report.reference,
            "status": s.status_data(followed.status),
            "area": followed.area,
            "handling_bureau": followed.bureau if followed.bureau_id else None,
            "expected_at": followed.expected_at,
            "received_at": report.created_at,
            "messages": messages,
            "attachments": selectors.report_own_attachments(report).count(),
            "can_rate": selectors.report_can_rate(report),
        }
        return Response(s.TrackSerializer(data).data)


class TrackMessageAdd(ReceiptAPIView):
    serializer_class = s.MessageAddSerializer

    @extend_schema(
        request=s.MessageAddSerializer,
        responses={
            201: s.MessageAddedSerializer,
            400: s.ErrorsSerializer,
            404: s.ErrorsSerializer,
            429: s.ErrorsSerializer,
        },
    )
    def post(self, request):
        """Add information (text and files) to the report a receipt opens."""
        return super().post(request)

    def answer(self, report, data):
        message = services.report_message_add(
            report=report, text=data["text"], attachments=data["attachments"]
        )
        message = ReportMessage.objects.annotate(attachment_count=Count("attachments")).get(pk=message.pk)
        return Response(
            {"reference": report.reference, "message": s.PublicMessageSerializer(message).data},
            status=status.HTTP_201_CREATED,
        )


class TrackRating(ReceiptAPIView):
    serializer_class = s.RatingSerializer

    @extend_schema(
        request=s.RatingSerializer,
        responses={
            201: s.RatedSerializer,
            400: s.ErrorsSerializer,
            404: s.ErrorsSerializer,
            429: s.ErrorsSerializer,
        },
    )
    def post(self, request):
        """Rate the handling of the report a receipt opens (1-5), optionally disputing it."""
        return super().post(request)

    def answer(self, report, data):
        services.report_rate(report=report, rating=data["rating"], dispute=data["dispute"])
        return Response(
            {"reference": report.reference, "rating": data["rating"]}, status=status.HTTP_201_CREATED
        )


def _report_draft(data: dict, *, external_id: str, request) -> services.ReportDraft:
    """The draft for report_submit from the serializer's validated data."""
    anonymous = data["anonymous"]
    return services.ReportDraft(
        source=Report.Source.WEB,
        area=data["area"],
        description=data["description"],
        occurred_on=data["occurred_on"],
        location=data["location"],
        latitude=data["latitude"],
        longitude=data["longitude"],
        answers=data["answers"],
        subject=services.SubjectDraft(
            kind=data["subject_kind"],
            name=data["subject_name"],
            credit_code=data["subject_credit_code"],
            contacts=data["subject_contacts"],
        ),
        reporter=services.ReporterDraft(
            anonymous=anonymous,
            name=data["reporter_name"],
            phone=data["reporter_phone"],
            id_number=data["reporter_id_number"],
            email=data["reporter_email"],
            ip=None if anonymous else client_address(request),
            language=get_language(),
        ),
        attachments=data["attachments"],
        external_id=external_id,
    )
