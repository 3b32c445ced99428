from django.contrib import admin

from intake.models import Area, AreaBureau, Bureau, Policy, PolicyEvent, PolicyVersion, Question, Report
from intake.policies import policy_draft
from intake.sources.admin import *  # noqa: F401,F403  (Open311 clients)


class AreaBureauInline(admin.TabularInline):
    model = AreaBureau
    extra = 0
    autocomplete_fields = ["bureau"]


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["number", "code", "name", "name_en", "is_active", "publish_description"]
    list_editable = ["is_active"]
    search_fields = ["code", "name", "name_en"]
    inlines = [AreaBureauInline, QuestionInline]


@admin.register(Bureau)
class BureauAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "kind", "parent", "credit_code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "name_en"]
    autocomplete_fields = ["parent"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Reports are handled in the workbench; the admin shows no reporter identity at all."""

    list_display = ["reference", "source", "area", "status", "created_at"]
    list_filter = ["source", "status", "area"]
    search_fields = ["reference"]
    fields = ["reference", "source", "area", "status", "description", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PolicyVersionInline(admin.TabularInline):
    """The version history, read-only here: drafts are edited as versions, adopted on the
    supervision page."""

    model = PolicyVersion
    extra = 0
    can_delete = False
    fields = ["number", "state", "value", "text", "source", "rules_section", "document_number", "adopted_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["key", "title", "area", "use"]
    list_filter = ["use", "area"]
    search_fields = ["key", "title", "title_en"]
    inlines = [PolicyVersionInline]


class PolicyEventInline(admin.TabularInline):
    model = PolicyEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    """A new version is a draft; only a draft can be edited. Adoption is a supervisor's decision
    on the supervision page, never an edit here."""

    list_display = ["policy", "number", "state", "source", "document_number", "adopted_at"]
    list_filter = ["state", "source"]
    search_fields = ["policy__key", "policy__title", "document_number"]
    inlines = [PolicyEventInline]
    readonly_fields = [
        "number",
        "state",
        "source",
        "rules_section",
        "issuing_bureau",
        "document_number",
        "document_date",
        "created_by",
        "adopted_at",
        "adopted_by",
    ]

    def get_inlines(self, request, obj=None):
        return self.inlines if obj is not None else []

    def get_fields(self, request, obj=None):
        editable = ["value", "text", "text_en"]
        return (["policy"] if obj is None else []) + editable + ([] if obj is None else self.readonly_fields)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.state != PolicyVersion.State.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = policy_draft(
            policy=obj.policy, user=request.user, value=obj.value, text=obj.text, text_en=obj.text_en
        )
        obj.pk, obj.number = created.pk, created.number
