from django.core.checks import Warning, register
from django.db import DatabaseError
from django.utils import timezone


@register()
def calendar_coverage(app_configs, **kwargs):
    """Warn when neither chinese-calendar nor the admin's calendar days cover next year."""
    from workflow.deadlines import package_covers
    from workflow.models import CalendarDay

    year = timezone.localdate().year + 1
    if package_covers(year):
        return []
    try:
        if CalendarDay.objects.filter(date__year=year).exists():
            return []
    except DatabaseError:
        return []  # not migrated yet
    return [
        Warning(
            f"chinese-calendar has no holidays for {year}: deadlines there count weekdays "
            "only until an administrator enters that year's holidays and make-up working days "
            "(Admin > Calendar days) or the package is upgraded.",
            id="workflow.W001",
        )
    ]
