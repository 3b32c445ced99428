"""Writes for the Open311 adapter: API clients and service requests."""

import datetime
import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from intake.crypto import keyed_hash
from intake.models import Area, Open311Client, Report
from intake.services import ReportDraft, ReporterDraft, Submission, report_submit

DEMO_CLIENT_NAME = "Demo client"
DEMO_KEY = "demo-open311-key"


def api_key_hash(key: str) -> str:
    return keyed_hash(key.strip(), purpose="open311_key")


def open311_client_add(*, name: str, contact: str = "", key: str | None = None) -> tuple[Open311Client, str]:
    """Create a client with a new API key; the key is returned here once and stored only hashed."""
    key = key or secrets.token_urlsafe(24)
    client = Open311Client(
        name=name.strip(), contact=contact.strip(), key_hash=api_key_hash(key), key_hint=key[:4]
    )
    client.full_clean(exclude=["key_hash", "key_hint"])
    client.save()
    return client, key


def open311_client_key_renew(*, client: Open311Client) -> str:
    """Give a client a new API key (the old one stops working); returned once."""
    key = secrets.token_urlsafe(24)
    client.key_hash, client.key_hint = api_key_hash(key), key[:4]
    client.save(update_fields=["key_hash", "key_hint"])
    return key


@transaction.atomic
def demo_client_ensure() -> Open311Client:
    """The demo client whose API key is `demo-open311-key` (for demo data only)."""
    client = Open311Client.objects.filter(key_hash=api_key_hash(DEMO_KEY)).first()
    if client:
        return client
    client = Open311Client.objects.filter(name=DEMO_CLIENT_NAME).first()
    if client:
        client.key_hash, client.key_hint, client.is_active = api_key_hash(DEMO_KEY), DEMO_KEY[:4], True
        client.save(update_fields=["key_hash", "key_hint", "is_active"])
        return client
    client, _ = open311_client_add(name=DEMO_CLIENT_NAME, contact="demo", key=DEMO_KEY)
    return client


def open311_request_create(
    *,
    client: Open311Client,
    area: Area,
    description: str,
    answers: dict,
    location: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    email: str = "",
    phone: str = "",
    language: str = "zh-hans",
) -> Submission:
    """File a GeoReport service request through report_submit (source OPEN311), synchronously."""
    submission = report_submit(
        ReportDraft(
            source=Report.Source.OPEN311,
            area=area,
            description=description,
            answers=answers,
            location=location,
            latitude=latitude,
            longitude=longitude,
            reporter=ReporterDraft(anonymous=True, email=email, phone=phone, language=language),
        )
    )
    Open311Client.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
    return submission


def answer_for_datetime(value: str) -> str:
    """GeoReport sends dates as ISO 8601 date-times; questions store the local date."""

    try:
        parsed = parse_datetime(value)
    except ValueError:
        return value
    if parsed is None:
        return value
    if timezone.is_aware(parsed):
        parsed = timezone.localtime(parsed)
    return datetime.date(parsed.year, parsed.month, parsed.day).isoformat()
