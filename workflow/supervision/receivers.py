"""Keeps the facts and roll-ups in step with the workflow, and the calendar cache fresh."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from workflow.models import CalendarDay, DeadlinePolicy
from workflow.signals import case_changed


@receiver(case_changed, dispatch_uid="supervision_case_changed")
def case_changed_refresh(sender, case_id: int, **kwargs) -> None:
    from workflow.supervision.tasks import case_fact_refresh

    transaction.on_commit(lambda: case_fact_refresh.delay(case_id))


@receiver(post_save, sender=CalendarDay, dispatch_uid="supervision_calendar_saved")
@receiver(post_delete, sender=CalendarDay, dispatch_uid="supervision_calendar_deleted")
@receiver(post_save, sender=DeadlinePolicy, dispatch_uid="supervision_policy_saved")
@receiver(post_delete, sender=DeadlinePolicy, dispatch_uid="supervision_policy_deleted")
def deadlines_changed(sender, **kwargs) -> None:
    # Facts already computed keep their old answer until `supervision_rebuild` runs.
    from workflow.supervision.calendar import calendar_forget

    calendar_forget()
