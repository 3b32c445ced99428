"""Public intake API: what comes in (checked for type) and what goes out."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from intake.api.fields import AnswersField, ContactsField, UploadField
from intake.models import Area, Report, ReportMessage
from intake.selectors import area_by_code, area_lead


class ErrorsSerializer(serializers.Serializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per field, in the language of Accept-Language; "
        "answers.<code> for an answer, non_field_errors for the request as a whole.",
    )


class DuplicateSerializer(ErrorsSerializer):
    reference = serializers.CharField()


class StatusSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=Report.Status.choices)
    label = serializers.CharField()


def status_data(status: str) -> dict:
    return {"code": status, "label": str(Report.Status(status).label)}


# -- areas ----------------------------------------------------------------------------


class BureauSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="label")


class ChoiceSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()


class QuestionSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField(source="label", help_text="In the language of the request.")
    datatype = serializers.CharField()
    required = serializers.BooleanField()
    choices = serializers.SerializerMethodField()

    @extend_schema_field(ChoiceSerializer(many=True))
    def get_choices(self, question) -> list[dict]:
        return [{"key": c["key"], "name": question.choice_label(c["key"])} for c in question.choices]


class AreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    number = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    summary = serializers.CharField(source="summary_label", help_text="In the language of the request.")
    lead_bureau = serializers.SerializerMethodField()
    questions = QuestionSerializer(many=True)

    @extend_schema_field(BureauSerializer(allow_null=True))
    def get_lead_bureau(self, area) -> dict | None:
        bureau = area_lead(area)
        return BureauSerializer(bureau).data if bureau else None


# -- filing a report --------------------------------------------------------------------


@extend_schema_field({"type": "string", "nullable": True})
class AreaCodeField(serializers.Field):
    """An area code; blank means the reporter does not know (triage decides)."""

    default_error_messages = {
        "invalid": _("Give the area as its code, for example wage_arrears."),
        "unknown": _("There is no area with the code %(code)s. Leave it blank if you are not sure."),
    }

    def __init__(self, **kwargs):
        super().__init__(required=False, allow_null=True, default=None, **kwargs)

    def to_internal_value(self, data) -> Area | None:
        if not isinstance(data, str) or len(data) > 50:
            self.fail("invalid")
        code = data.strip()
        if not code:
            return None
        area = area_by_code(code)
        if area is None:
            raise serializers.ValidationError(self.error_messages["unknown"] % {"code": code}, code="unknown")
        return area

    def to_representation(self, value):
        return value.code if value else None


class ReportSubmitSerializer(serializers.Serializer):
    area = AreaCodeField(help_text="Area code from /api/v1/areas/; blank if not sure.")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    occurred_on = serializers.DateField(required=False, allow_null=True, default=None)
    location = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    latitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        required=False,
        allow_null=True,
        default=None,
    )
    longitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        required=False,
        allow_null=True,
        default=None,
    )
    answers = AnswersField()
    anonymous = serializers.BooleanField(default=True)
    reporter_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    reporter_phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    reporter_id_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    reporter_email = serializers.EmailField(required=False, allow_blank=True, default="")
    subject_kind = serializers.ChoiceField(
        choices=Report.SubjectKind.choices, required=False, default=Report.SubjectKind.UNKNOWN
    )
    subject_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    subject_credit_code = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    subject_contacts = ContactsField()
    attachments = serializers.ListField(
        child=UploadField(),
        required=False,
        default=list,
        help_text="Evidence files (multipart only; repeat the field for each file).",
    )


class SubmissionSerializer(serializers.Serializer):
    reference = serializers.CharField()
    receipt = serializers.CharField(help_text="Shown once: the only key to follow the report.")
    status = StatusSerializer()
    message = serializers.CharField()


# -- following a report with its receipt ----------------------------------------------


class ReceiptSerializer(serializers.Serializer):
    # No length or format check here: a malformed receipt must answer like an unknown one.
    receipt = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=True)


class MessageAddSerializer(ReceiptSerializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")
    attachments = serializers.ListField(
        child=UploadField(), required=False, default=list, help_text="Multipart only."
    )


class RatingSerializer(ReceiptSerializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    dispute = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class RatedSerializer(serializers.Serializer):
    reference = serializers.CharField()
    rating = serializers.IntegerField()


class AreaBriefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="label")


class PublicMessageSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    attachments = serializers.IntegerField(source="attachment_count")

    class Meta:
        model = ReportMessage
        fields = ["kind", "kind_label", "text", "created_at", "attachments"]


class TrackSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status = StatusSerializer()
    area = AreaBriefSerializer(allow_null=True)
    handling_bureau = BureauSerializer(allow_null=True)
    expected_at = serializers.DateTimeField(
        allow_null=True, help_text="When an answer is expected, once handling started."
    )
    received_at = serializers.DateTimeField()
    messages = PublicMessageSerializer(many=True)
    attachments = serializers.IntegerField(
        help_text="Files the reporter attached, with the report and later."
    )
    can_rate = serializers.BooleanField(help_text="The reply is in: rate it with POST /api/v1/track/rating/.")


class MessageAddedSerializer(serializers.Serializer):
    reference = serializers.CharField()
    message = PublicMessageSerializer()
