"""Public JSON of the credit lists: only what the public pages show (persons masked)."""

from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from credit.models import Enforcement, Publication, RedListEntry, SectorPolicy


@extend_schema_field(
    {"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}}}
)
class CodeLabelField(serializers.Field):
    """An area or bureau as {"code", "name"} in the request's language."""

    def to_representation(self, value):
        return {"code": value.code, "name": value.label}


class MeasureSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="measure.code")
    name = serializers.SerializerMethodField()
    bureau = CodeLabelField()

    class Meta:
        model = Enforcement
        fields = ["code", "name", "bureau"]

    def get_name(self, enforcement) -> str:

        measure = enforcement.measure
        english = (get_language() or "").startswith("en")
        return measure.name_en if english and measure.name_en else measure.name


class PublicationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="public_name")
    identifier = serializers.CharField(source="public_identifier")
    area = CodeLabelField()
    bureau = CodeLabelField()
    url = serializers.HyperlinkedIdentityField(view_name="credit-api:entry", lookup_field="pk")

    class Meta:
        model = Publication
        fields = [
            "id",
            "url",
            "kind",
            "subject_kind",
            "name",
            "identifier",
            "area",
            "bureau",
            "decision_number",
            "decision_date",
            "summary",
            "legal_basis",
            "amount",
            "valid_until",
            "published_at",
        ]


class PublicationDetailSerializer(PublicationSerializer):
    listed_on = serializers.DateField(source="listing.listed_on", default=None)
    listed_until = serializers.DateField(source="listing.listed_until", default=None)
    measures = serializers.SerializerMethodField()

    class Meta(PublicationSerializer.Meta):
        fields = PublicationSerializer.Meta.fields + ["listed_on", "listed_until", "measures"]

    def get_measures(self, publication) -> list[dict]:
        if not publication.listing_id:
            return []
        return MeasureSerializer(publication.listing.enforcements.all(), many=True).data


class RedListEntrySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="subject.public_name")
    identifier = serializers.CharField(source="subject.public_identifier")
    subject_kind = serializers.CharField(source="subject.kind")
    area = CodeLabelField()
    bureau = CodeLabelField()
    incentives = serializers.SerializerMethodField()
    approved_at = serializers.DateTimeField(source="decided_at")

    class Meta:
        model = RedListEntry
        fields = [
            "id",
            "subject_kind",
            "name",
            "identifier",
            "area",
            "bureau",
            "reason",
            "incentives",
            "approved_at",
            "valid_until",
        ]

    def get_incentives(self, entry) -> list[dict]:
        return [{"code": i.code, "name": i.label} for i in entry.incentives.all()]


class SectorPolicySerializer(serializers.ModelSerializer):
    area = CodeLabelField()
    listing_criteria = serializers.CharField(source="listing_criteria_label")
    exit_procedure = serializers.CharField(source="exit_procedure_label")
    red_list_criteria = serializers.CharField(source="red_list_criteria_label")

    class Meta:
        model = SectorPolicy
        fields = ["area", "listing_criteria", "exit_procedure", "red_list_criteria"]
