"""Admin: officers, deadlines, the calendar and the measure catalogue are edited here; cases
and the identity audit log are read-only (cases are handled in the workbench)."""

from django.contrib import admin

from workflow.models import (
    CalendarDay,
    Case,
    DeadlinePolicy,
    IdentityAccessLog,
    Measure,
    Officer,
)


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ["user", "bureau", "role"]
    list_filter = ["role", "bureau"]
    search_fields = ["user__username", "bureau__name", "bureau__code"]
    autocomplete_fields = ["bureau"]
    raw_id_fields = ["user"]


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    list_display = ["step", "area", "working_days"]
    list_editable = ["working_days"]
    list_filter = ["step", "area"]


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
    ]
    readonly_fields = fields


@admin.register(IdentityAccessLog)
class IdentityAccessLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "case", "fields"]
    list_filter = ["created_at"]
    search_fields = ["user__username", "case__reference"]
    list_select_related = ["user", "case"]
