from django.contrib import admin

from intake.models import Area, AreaBureau, Bureau, Question, Report
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
    list_display = ["code", "name", "name_en", "kind", "parent", "is_active"]
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
