from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from intake.triage import services
from intake.triage.models import RepeatAlert, TriageModel, TriagePolicy


@admin.register(TriageModel)
class TriageModelAdmin(admin.ModelAdmin):
    list_display = ["version", "is_active", "created_at", "note", "top1", "top3", "total"]
    readonly_fields = ["version", "is_active", "created_at", "trained_by", "training_counts", "evaluation"]
    fields = ["version", "is_active", "created_at", "trained_by", "note", "training_counts", "evaluation"]
    actions = ["activate"]

    def has_add_permission(self, request):
        return False  # models are trained by `manage.py triage_train` or the periodic task

    def get_queryset(self, request):
        return super().get_queryset(request).defer("blob")

    @admin.display(description=_("top-1"))
    def top1(self, obj):
        return obj.evaluation.get("top1", "-")

    @admin.display(description=_("top-3"))
    def top3(self, obj):
        return obj.evaluation.get("top3", "-")

    @admin.display(description=_("texts"))
    def total(self, obj):
        return obj.training_counts.get("total", "-")

    @admin.action(description=_("Activate this version (roll back or forward)"))
    def activate(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one version."), messages.ERROR)
            return
        model = services.triage_model_activate(model=queryset.get())
        self.message_user(request, _("Triage model v%(version)s is active.") % {"version": model.version})


@admin.register(TriagePolicy)
class TriagePolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "auto_dispatch_threshold", "alert_count", "alert_days", "duplicate_days"]

    def has_add_permission(self, request):
        return not TriagePolicy.objects.exists()


@admin.register(RepeatAlert)
class RepeatAlertAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "value", "area", "report_count", "days", "latest_report"]
    list_filter = ["kind", "area"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
