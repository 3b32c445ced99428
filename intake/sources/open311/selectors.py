"""Reads for the Open311 adapter. Only public facts of a report ever leave through here."""

import datetime
from dataclasses import dataclass

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from intake.models import Area, AreaBureau, Bureau, Open311Client, Report, ReportMessage
from intake.selectors import area_list
from intake.sources.open311.services import api_key_hash

MAX_REQUESTS = 1000
MAX_SPAN = datetime.timedelta(days=90)


def open311_client_for_key(key: str) -> Open311Client | None:
    """The active client holding this API key, or None."""
    if not key or len(key) > 200:
        return None
    return Open311Client.objects.filter(key_hash=api_key_hash(key), is_active=True).first()


def open311_services() -> list[Area]:
    """Active areas with their questions and routing: one GeoReport service each."""
    return list(area_list())


def open311_service(code: str) -> Area | None:
    return area_list().filter(code=code).first()


@dataclass(frozen=True)
class RequestFilter:
    references: list[str] | None = None
    service_codes: list[str] | None = None
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    statuses: set[str] | None = None  # {"open", "closed"}


def open311_requests(filters: RequestFilter) -> QuerySet[Report]:
    """Service requests (reports filed through Open311) matching GeoReport filters, newest
    first, at most 1,000. Reports from other sources never leave through Open311.

    Status and notes are those of the report a merged report follows. Annotated with
    `followed_status` and `status_note`; load with `open311_agencies` for agency names.
    """
    notes = ReportMessage.objects.filter(
        report_id=OuterRef("followed_id"), kind=ReportMessage.Kind.PUBLIC_UPDATE
    ).order_by("-created_at", "-pk")
    reports = (
        Report.objects.select_related("area", "bureau", "merged_into", "merged_into__bureau")
        .annotate(
            followed_id=Coalesce(F("merged_into_id"), F("id")),
            followed_status=Coalesce(F("merged_into__status"), F("status")),
        )
        .annotate(status_note=Subquery(notes.values("text")[:1]))
        .filter(source=Report.Source.OPEN311)
        .order_by("-created_at", "-pk")
    )
    if filters.references is not None:
        return reports.filter(reference__in=filters.references)[:MAX_REQUESTS]
    if filters.service_codes:
        reports = reports.filter(area__code__in=filters.service_codes)
    if filters.start:
        reports = reports.filter(created_at__gte=filters.start)
    if filters.end:
        reports = reports.filter(created_at__lte=filters.end)
    if filters.statuses == {"open"}:
        reports = reports.exclude(followed_status=Report.Status.CLOSED)
    elif filters.statuses == {"closed"}:
        reports = reports.filter(followed_status=Report.Status.CLOSED)
    return reports[:MAX_REQUESTS]


def open311_agencies() -> tuple[dict[int, Bureau], Bureau | None]:
    """Lead bureau per area id (the agency before dispatch) and the complaint centre."""
    leads = {
        entry.area_id: entry.bureau
        for entry in AreaBureau.objects.filter(role=AreaBureau.Role.LEAD).select_related("bureau")
    }
    centre = Bureau.objects.filter(kind=Bureau.Kind.COMPLAINT_CENTRE, is_active=True).order_by("pk").first()
    return leads, centre
