"""Admin: sector rules and incentives are edited here; everything else is read-only, because
records, listings, publications and applications change only through the credit services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from credit.models import (
    CreditEvaluation,
    CreditRecord,
    Enforcement,
    FeedBatch,
    Incentive,
    Listing,
    Publication,
    RedListEntry,
    RepairApplication,
    SectorPolicy,
    Subject,
)


@admin.register(Incentive)
class IncentiveAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "is_active"]
    list_editable = ["is_active"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Subject)
class SubjectAdmin(ReadOnlyAdmin):
    list_display = ["public_name", "public_identifier", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["credit_code", "public_name"]
    # The encrypted number and its hash are never shown; the masked form is.
    fields = ["kind", "name", "public_name", "credit_code", "id_masked", "created_at", "updated_at"]


@admin.register(CreditRecord)
class CreditRecordAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "kind", "subject", "bureau", "case", "valid_until"]
    list_filter = ["kind", "bureau"]
    list_select_related = ["subject", "bureau", "case"]
    date_hierarchy = "occurred_at"
    exclude = ["event_key"]


class EnforcementInline(admin.TabularInline):
    model = Enforcement
    fields = ["measure", "bureau", "state", "due_at", "confirmed_at", "note", "lift_due_at", "lifted_at"]
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Listing)
class ListingAdmin(ReadOnlyAdmin):
    list_display = ["subject", "case", "bureau", "listed_on", "listed_until", "state"]
    list_filter = ["state", "area"]
    list_select_related = ["subject", "case", "bureau"]
    inlines = [EnforcementInline]


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ["public_name", "kind", "state", "bureau", "due_at", "published_at"]
    list_filter = ["kind", "state", "area"]
    list_select_related = ["bureau"]
    search_fields = ["credit_code", "public_name", "decision_number"]
    exclude = ["id_hash"]


@admin.register(RedListEntry)
class RedListEntryAdmin(ReadOnlyAdmin):
    list_display = ["subject", "bureau", "state", "valid_until", "decided_at"]
    list_filter = ["state", "area"]
    list_select_related = ["subject", "bureau"]


@admin.register(RepairApplication)
class RepairApplicationAdmin(ReadOnlyAdmin):
    list_display = ["reference", "listing", "state", "created_at", "decided_at"]
    list_filter = ["state"]
    # Applicant name and phone stay out of the admin: the review task shows them to its officers.
    exclude = ["applicant_name", "applicant_phone", "receipt_hash"]


@admin.register(FeedBatch)
class FeedBatchAdmin(ReadOnlyAdmin):
    list_display = ["day", "rows", "state", "attempts", "receipt", "pushed_at"]
    list_filter = ["state"]
    exclude = ["csv_file", "xlsx_file"]


@admin.register(SectorPolicy)
class SectorPolicyAdmin(ReadOnlyAdmin):
    """The sector rules in force: written only by adopting a `sector-criteria` policy version
    after public consultation; drafts are edited as policy versions."""

    list_display = ["area", "updated_at"]
    list_select_related = ["area"]
    fieldsets = [
        (None, {"fields": ["area"]}),
        (
            _("Blacklist"),
            {"fields": ["listing_criteria", "listing_criteria_en", "exit_procedure", "exit_procedure_en"]},
        ),
        (_("Red list"), {"fields": ["red_list_criteria", "red_list_criteria_en"]}),
    ]


@admin.register(CreditEvaluation)
class CreditEvaluationAdmin(ReadOnlyAdmin):
    """Grades of the public credit evaluation: made only by a run with the adopted method."""

    list_display = ["subject", "grade", "score", "evaluated_on", "method"]
    list_filter = ["grade", "evaluated_on"]
    list_select_related = ["subject", "method__policy"]
