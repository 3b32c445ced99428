"""Admin for the source adapters: Open311 API clients (a key is shown once, when issued)."""

import secrets

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from intake.models import Open311Client
from intake.sources.open311.services import api_key_hash, open311_client_key_renew

__all__ = ["Open311ClientAdmin"]


@admin.register(Open311Client)
class Open311ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "key_hint", "is_active", "created_at", "last_used_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "contact"]
    fields = ["name", "contact", "is_active", "key_hint", "created_at", "last_used_at"]
    readonly_fields = ["key_hint", "created_at", "last_used_at"]
    actions = ["key_renew"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)

        key = secrets.token_urlsafe(24)
        obj.key_hash, obj.key_hint = api_key_hash(key), key[:4]
        super().save_model(request, obj, form, change)
        self._key_show(request, obj, key)

    @admin.action(description=_("Issue a new API key (the old one stops working)"))
    def key_renew(self, request, queryset):
        for client in queryset:
            self._key_show(request, client, open311_client_key_renew(client=client))
        self.message_user(
            request,
            ngettext("%(n)d key renewed.", "%(n)d keys renewed.", queryset.count()) % {"n": queryset.count()},
        )

    def _key_show(self, request, client, key: str) -> None:
        self.message_user(
            request,
            _("API key for %(name)s: %(key)s. Copy it now: it is shown only this once.")
            % {"name": client.name, "key": key},
            level=messages.WARNING,
        )
