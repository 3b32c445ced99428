"""Staff case API: what a case's handlers see. Never the reporter's identity."""

from rest_framework import serializers

from workflow.models import AssistanceRequest, Case, HistoryEntry, Outcome
from workflow.selectors.cases import case_is_overdue
from workflow.services.tasks import task_due


class CaseSerializer(serializers.ModelSerializer):
    # Declared fields are documented as the model's nullable columns they read.
    area = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    area_name = serializers.SerializerMethodField()
    bureau = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    bureau_name = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "reference",
            "area",
            "area_name",
            "bureau",
            "bureau_name",
            "source",
            "state",
            "stage",
            "resolution",
            "is_emergency",
            "due_at",
            "investigation_due_at",
            "overdue",
            "returns",
            "extensions",
            "reopened",
            "reminders",
            "escalations",
            "rating",
            "disputed",
            "created_at",
            "dispatched_at",
            "signed_at",
            "decided_at",
            "closed_at",
        ]

    def get_area_name(self, case) -> str:
        return case.area.label if case.area else ""

    def get_bureau_name(self, case) -> str:
        return case.bureau.label if case.bureau else ""

    def get_overdue(self, case) -> bool:
        return case_is_overdue(case)


class OutcomeSerializer(serializers.ModelSerializer):
    measures = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Outcome
        fields = [
            "kind",
            "subject_kind",
            "subject_name",
            "subject_credit_code",
            "summary",
            "legal_basis",
            "decided_at",
            "rectification_due",
            "rectified",
            "decision_number",
            "amount",
            "decision_date",
            "publication_due_at",
            "published_at",
            "measures",
            "listed_until",
            "referral_status",
            "police_case_number",
            "referral_note",
        ]


class AssistanceSerializer(serializers.ModelSerializer):
    bureau = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = AssistanceRequest
        fields = ["bureau", "question", "requested_at", "opinion", "answered_at"]


class HistorySerializer(serializers.ModelSerializer):
    event_label = serializers.CharField(source="get_event_display")
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    bureau = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = HistoryEntry
        fields = ["event", "event_label", "actor", "bureau", "note", "created_at"]


class CaseDetailSerializer(CaseSerializer):
    report = serializers.SerializerMethodField()
    outcomes = OutcomeSerializer(many=True, read_only=True)
    assistance = AssistanceSerializer(source="assistance_requests", many=True, read_only=True)
    history = HistorySerializer(many=True, read_only=True)
    open_tasks = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = CaseSerializer.Meta.fields + [
            "findings",
            "report",
            "outcomes",
            "assistance",
            "history",
            "open_tasks",
        ]

    def get_report(self, case) -> dict:
        report = case.report
        return {
            "description": report.description,
            "occurred_on": report.occurred_on,
            "location": report.location,
            "answers": report.answers,
            "subject_kind": report.subject_kind,
            "subject_name": report.subject_name,
            "subject_credit_code": report.subject_credit_code,
            "subject_contacts": report.subject_contacts,
            "anonymous": report.anonymous,
            "status": report.status,
        }

    def get_open_tasks(self, case) -> list[dict]:
        return [
            {
                "id": task.pk,
                "task": task.flow_task.name,
                "title": str(task.flow_task.task_title),
                "status": task.status,
                "owner": task.owner.get_username() if task.owner else None,
                "due_at": task_due(task),
            }
            for task in self.context["open_tasks"]
        ]


class CaseParticipantSerializer(CaseSerializer):
    """What an assisting bureau (or the police on a referral) sees, as in the workbench: the
    report's facts, its own assistance requests and tasks; no findings, outcomes or history."""

    access = serializers.SerializerMethodField()
    report = serializers.SerializerMethodField()
    assistance = serializers.SerializerMethodField()
    open_tasks = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [
            "reference",
            "access",
            "area",
            "area_name",
            "bureau",
            "bureau_name",
            "source",
            "state",
            "stage",
            "created_at",
            "report",
            "assistance",
            "open_tasks",
        ]

    def get_access(self, case) -> str:
        return "participant"

    def get_report(self, case) -> dict:
        report = case.report
        return {
            "description": report.description,
            "occurred_on": report.occurred_on,
            "location": report.location,
            "answers": report.answers,
            "subject_kind": report.subject_kind,
            "subject_name": report.subject_name,
            "subject_credit_code": report.subject_credit_code,
            "subject_contacts": report.subject_contacts,
        }

    def get_assistance(self, case) -> list[dict]:
        return AssistanceSerializer(self.context["assistance"], many=True).data

    get_open_tasks = CaseDetailSerializer.get_open_tasks
