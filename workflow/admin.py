"""Admin: officers, the calendar and the measure catalogue are edited here (step deadlines are
policies, in the intake admin); cases and the identity audit log are read-only (cases are
handled in the workbench)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from workflow.models import (
    CalendarDay,
    Case,
    IdentityAccessLog,
    IdentityRelease,
    IdentityReleasePolicy,
    Measure,
    Officer,
    RetentionPolicy,
)
from workflow.services.retention import case_legal_hold_set


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ["user", "bureau", "role"]
    list_filter = ["role", "bureau"]
    search_fields = ["user__username", "bureau__name", "bureau__code"]
    autocomplete_fields = ["bureau"]
    raw_id_fields = ["user"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "bureau", "is_active"]
    list_filter = ["is_active", "bureau"]
    search_fields = ["code", "name", "name_en"]
    autocomplete_fields = ["bureau"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    """For the administrator's overview only; no report text and no reporter identity."""

    list_display = ["reference", "area", "bureau", "state", "stage", "due_at", "created_at"]
    list_filter = ["state", "stage", "area"]
    search_fields = ["reference"]
    fields = [
        "reference",
        "area",
        "bureau",
        "state",
        "stage",
        "resolution",
        "due_at",
        "investigation_due_at",
        "returns",
        "extensions",
        "reopened",
        "reminders",
        "escalations",
        "rating",
        "disputed",
        "created_at",
        "closed_at",
        "legal_hold",
        "purged_at",
    ]
    readonly_fields = fields
    actions = ["legal_hold_place", "legal_hold_lift"]

    @admin.action(description=_("Place on legal hold (kept whatever the retention policy says)"))
    def legal_hold_place(self, request, queryset):

        count = case_legal_hold_set(case_ids=list(queryset.values_list("pk", flat=True)), hold=True)
        self.message_user(request, _("%(count)d cases placed on legal hold.") % {"count": count})

    @admin.action(description=_("Lift the legal hold"))
    def legal_hold_lift(self, request, queryset):

        count = case_legal_hold_set(case_ids=list(queryset.values_list("pk", flat=True)), hold=False)
        self.message_user(request, _("%(count)d cases released from legal hold.") % {"count": count})


@admin.register(IdentityAccessLog)
class IdentityAccessLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "case", "fields"]
    list_filter = ["created_at"]
    search_fields = ["user__username", "case__reference"]
    list_select_related = ["user", "case"]


@admin.register(IdentityRelease)
class IdentityReleaseAdmin(ReadOnlyAdmin):
    """Decided by custodians on their own page; read here."""

    list_display = ["requested_at", "case", "requested_by", "status", "decided_by", "open_until"]
    list_filter = ["status"]
    search_fields = ["case__reference", "requested_by__username"]
    list_select_related = ["case", "requested_by", "decided_by"]


@admin.register(IdentityReleasePolicy)
class IdentityReleasePolicyAdmin(admin.ModelAdmin):
    list_display = ["open_hours", "note"]

    def has_add_permission(self, request):
        return not IdentityReleasePolicy.objects.exists()


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin):
    list_display = ["resolution", "outcome", "keep_days", "draft", "note"]
    list_editable = ["keep_days", "draft"]
    list_filter = ["draft", "resolution", "outcome"]
