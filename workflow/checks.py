from django.core.checks import Error, Warning, register
from django.db import DatabaseError
from django.utils import timezone

from intake.policies import STEP_DEADLINES, policy_in_use
from workflow.deadlines import DeadlineMissing, package_covers, step_days
from workflow.models import CalendarDay, Step


@register()
def calendar_coverage(app_configs, **kwargs):
    """Warn when neither chinese-calendar nor the admin's calendar days cover next year."""

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


@register()
def step_deadlines_cover_every_step(app_configs, **kwargs):
    """Every deadline the workflow applies comes from a step-deadline policy: refuse to run
    quietly when the city-wide policy in use leaves a step out."""

    try:
        in_use = policy_in_use(STEP_DEADLINES)
    except DatabaseError:
        return []  # not migrated yet
    missing = []
    for step in Step.values:
        try:
            step_days(step, area_days=None, citywide_days=in_use.value if in_use else None)
        except DeadlineMissing:
            missing.append(step)
    if not missing:
        return []
    return [
        Error(
            f"The city-wide step-deadlines policy gives no working days for: {', '.join(missing)}. "
            "Add a draft naming every step (Admin > Policy versions) and have a supervisor adopt it.",
            id="workflow.E001",
        )
    ]
