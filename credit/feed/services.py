"""Build a day's feed batch and push it, keeping the platform's receipt."""

import datetime
import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from credit.feed.fields import feed_row
from credit.feed.files import csv_bytes, xlsx_bytes
from credit.feed.pushers import PushRefused, PushUnavailable, pusher
from credit.models import FeedBatch, Publication

logger = logging.getLogger(__name__)


def feed_publications(*, day: datetime.date):
    """Penalties and blacklist listings published on `day` (local time) and still public."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    return (
        Publication.objects.filter(
            state=Publication.State.PUBLISHED,
            kind__in=[Publication.Kind.PENALTY, Publication.Kind.BLACKLIST],
            published_at__gte=start,
            published_at__lt=end,
        )
        .select_related("subject", "bureau", "area", "listing")
        .prefetch_related("listing__enforcements__measure")
        .order_by("published_at", "pk")
    )


def _measures(publication: Publication) -> list[str]:
    if publication.listing is None:
        return []
    return [e.measure.name for e in publication.listing.enforcements.all()]


@transaction.atomic
def feed_batch_build(*, day: datetime.date) -> FeedBatch:
    """The batch of `day` with its CSV and XLSX files; an existing batch not yet pushed is
    rebuilt, a pushed one is returned unchanged."""
    batch = FeedBatch.objects.select_for_update().filter(day=day).first()
    if batch is not None and batch.state == FeedBatch.State.PUSHED:
        return batch
    batch = batch or FeedBatch(day=day)
    rows = [feed_row(p, measures=_measures(p)) for p in feed_publications(day=day)]
    data = csv_bytes(rows)
    for field in (batch.csv_file, batch.xlsx_file):
        if field:
            field.delete(save=False)
    batch.csv_file.save(f"penalties-{day:%Y%m%d}.csv", ContentFile(data), save=False)
    batch.xlsx_file.save(f"penalties-{day:%Y%m%d}.xlsx", ContentFile(xlsx_bytes(rows)), save=False)
    batch.rows, batch.sha256 = len(rows), hashlib.sha256(data).hexdigest()
    batch.state, batch.last_error = FeedBatch.State.BUILT, ""
    batch.save()
    return batch


def feed_batch_push(*, batch_id: int, final: bool = False) -> FeedBatch:
    """Push a built batch and keep the receipt. A pushed batch is left alone. Raises
    PushUnavailable to be retried; `final` (the last retry) marks the batch failed instead."""
    batch = FeedBatch.objects.get(pk=batch_id)
    if batch.state == FeedBatch.State.PUSHED:
        return batch
    FeedBatch.objects.filter(pk=batch.pk).update(attempts=batch.attempts + 1)
    batch.attempts += 1
    with batch.csv_file.open("rb") as handle:
        data = handle.read()
    with batch.xlsx_file.open("rb") as handle:
        workbook = handle.read()
    try:
        receipt = pusher().push(day=batch.day, csv_bytes=data, xlsx_bytes=workbook)
    except PushUnavailable as exc:
        batch.last_error = str(exc)[:500]
        if final:
            batch.state = FeedBatch.State.FAILED
        batch.save(update_fields=["last_error", "state"])
        logger.warning("credit feed push failed", extra={"batch_id": batch.pk})
        if not final:
            raise
        return batch
    except PushRefused as exc:
        batch.last_error, batch.state = str(exc)[:500], FeedBatch.State.FAILED
        batch.save(update_fields=["last_error", "state"])
        logger.error("credit feed batch refused", extra={"batch_id": batch.pk})
        return batch
    batch.state, batch.receipt, batch.pushed_at, batch.last_error = (
        FeedBatch.State.PUSHED,
        receipt,
        timezone.now(),
        "",
    )
    batch.save(update_fields=["state", "receipt", "pushed_at", "last_error"])
    return batch
