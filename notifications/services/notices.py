"""Writes on a staff member's own notices."""

from django.utils import timezone

from notifications.models import Notice


def notice_mark_read(*, user, notice_id: int | None = None) -> int:
    """Mark one of `user`'s notices (or all when notice_id is None) read; returns how many.
    Another user's notice is never touched."""
    notices = Notice.objects.filter(user_id=user.pk, read_at__isnull=True)
    if notice_id is not None:
        notices = notices.filter(pk=notice_id)
    return notices.update(read_at=timezone.now())
