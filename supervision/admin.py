from django.contrib import admin

from supervision.models import (
    Bulletin,
    Campaign,
    Phase,
    TypicalCase,
)


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 1
    fields = ["name", "name_en", "start", "end"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "is_active"]
    filter_horizontal = ["areas"]
    inlines = [PhaseInline]


@admin.register(TypicalCase)
class TypicalCaseAdmin(admin.ModelAdmin):
    list_display = ["case", "marked_at", "marked_by"]
    raw_id_fields = ["case"]
    readonly_fields = ["marked_by", "marked_at"]


@admin.register(Bulletin)
class BulletinAdmin(admin.ModelAdmin):
    list_display = ["period", "start", "end", "status", "generated_at"]
    list_filter = ["period", "status"]
    readonly_fields = [f.name for f in Bulletin._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
