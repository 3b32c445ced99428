"""Keeps the facts and roll-ups in step with the workflow, and the calendar cache fresh."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from intake.models import PolicyVersion
from supervision.calendar import calendar_forget
from supervision.models import CaseFact
from supervision.services.rollups import rollup_days_refresh
from supervision.tasks import case_fact_refresh
from workflow.models import CalendarDay, Case
from workflow.signals import case_changed


@receiver(case_changed, dispatch_uid="supervision_case_changed")
def case_changed_refresh(sender, case_id: int, **kwargs) -> None:
    transaction.on_commit(lambda: case_fact_refresh.delay(case_id))


@receiver(pre_delete, sender=Case, dispatch_uid="supervision_case_deleted")
def case_deleted(sender, instance: Case, **kwargs) -> None:
    # The fact goes with the case (cascade): recompute the days it counted in after commit.
    fact = CaseFact.objects.filter(case_id=instance.pk).values_list("created_on", "closed_on").first()
    if fact:
        days = [day for day in fact if day]
        transaction.on_commit(lambda: rollup_days_refresh(days=days))


@receiver(post_save, sender=CalendarDay, dispatch_uid="supervision_calendar_saved")
@receiver(post_delete, sender=CalendarDay, dispatch_uid="supervision_calendar_deleted")
@receiver(post_save, sender=PolicyVersion, dispatch_uid="supervision_policy_saved")
@receiver(post_delete, sender=PolicyVersion, dispatch_uid="supervision_policy_deleted")
def deadlines_changed(sender, **kwargs) -> None:
    # Facts already computed keep their old answer until `supervision_rebuild` runs.
    calendar_forget()
