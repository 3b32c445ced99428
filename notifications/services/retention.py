"""Retention: when a case is purged, its messages lose their texts and addresses."""

from django.db import transaction
from django.db.models import Q

from notifications.models import Message


@transaction.atomic
def messages_purge(*, case_id: int, report_ids: list[int]) -> int:
    """Blank the text and the stored address of every message about the case or its reports
    (delivery facts stay for the figures); returns how many."""
    return Message.objects.filter(Q(case_id=case_id) | Q(report_id__in=report_ids)).update(
        text="", address_encrypted=""
    )
