"""Periodic bulletins (定期通报): prepared as a row, built into a PDF and a workbook, kept."""

import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from supervision.bulletins import pdf as pdf_render
from supervision.bulletins import xlsx as xlsx_render
from supervision.models import Bulletin
from supervision.selectors.bulletin import bulletin_content, period_bounds
from supervision.services.sections import bulletin_sections_write
from supervision.tasks import bulletin_build_task

logger = logging.getLogger(__name__)


@transaction.atomic
def bulletin_prepare(*, period: str, day: datetime.date, user=None) -> Bulletin:
    """The bulletin row of the week or month containing `day`, set to be (re)generated."""
    if period not in Bulletin.Period.values:
        raise ValueError(f"unknown bulletin period {period!r}")
    start, end = period_bounds(period, day)
    bulletin, created = Bulletin.objects.select_for_update().get_or_create(
        period=period, start=start, defaults={"end": end, "requested_by": user}
    )
    if not created:
        bulletin.status = Bulletin.Status.PENDING
        bulletin.error = ""
        bulletin.requested_by = user or bulletin.requested_by
        bulletin.save(update_fields=["status", "error", "requested_by"])
    return bulletin


def bulletin_request(*, period: str, day: datetime.date, user=None) -> Bulletin:
    """Prepare the bulletin and have a worker build it after commit (the dashboard's button)."""

    with transaction.atomic():
        bulletin = bulletin_prepare(period=period, day=day, user=user)
        transaction.on_commit(lambda: bulletin_build_task.delay(bulletin.pk))
    return bulletin


def bulletin_build(*, bulletin_id: int, now: datetime.datetime | None = None) -> Bulletin:
    """Compute the bulletin's content and store its PDF and workbook; replaces earlier files.

    Written in the site's language (LANGUAGE_CODE): a bulletin is an official document.
    On failure the bulletin is marked failed with the error kept, and the error re-raised.
    """

    bulletin = Bulletin.objects.get(pk=bulletin_id)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            content = bulletin_content(bulletin, now=now)
            pdf, workbook = pdf_render.bulletin_pdf(content), xlsx_render.bulletin_workbook(content)
    except Exception as exc:
        Bulletin.objects.filter(pk=bulletin_id).update(status=Bulletin.Status.FAILED, error=repr(exc)[:2000])
        logger.exception("bulletin failed", extra={"bulletin_id": bulletin_id})
        raise
    old = [bulletin.pdf.name, bulletin.workbook.name]
    with transaction.atomic():
        bulletin = Bulletin.objects.select_for_update().get(pk=bulletin_id)
        bulletin.pdf.save("bulletin.pdf", ContentFile(pdf), save=False)
        bulletin.workbook.save("bulletin.xlsx", ContentFile(workbook), save=False)
        bulletin.status = Bulletin.Status.READY
        bulletin.error = ""
        bulletin.generated_at = content.generated_at
        bulletin.save()
        bulletin_sections_write(content=content)
        new = {bulletin.pdf.name, bulletin.workbook.name}
        transaction.on_commit(lambda: _files_remove([name for name in old if name and name not in new]))
    return bulletin


def bulletin_generate(*, period: str, day: datetime.date, user=None) -> Bulletin:
    """Prepare and build the bulletin at once (management command and periodic task)."""
    bulletin = bulletin_prepare(period=period, day=day, user=user)
    return bulletin_build(bulletin_id=bulletin.pk)


def bulletin_due_day(today: datetime.date | None = None) -> datetime.date:
    """The day whose period the periodic task reports on: the period that ended yesterday."""
    return (today or timezone.localdate()) - datetime.timedelta(days=1)


def _files_remove(names: list[str]) -> None:
    storage = Bulletin._meta.get_field("pdf").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("could not remove an old bulletin file")
