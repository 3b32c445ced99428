"""Prometheus metrics: request rates and latencies, queue lengths, outbox backlog, reports per
source, open and overdue cases per bureau, timer lag.

Request figures are counted in each process by `MetricsMiddleware`; the rest are read from the
database and broker when Prometheus scrapes, so every process answers the same. `/metrics` is
not public: it wants `Authorization: Bearer <METRICS_TOKEN>`, or a signed-in superuser.
"""

import hmac
import time

from django.conf import settings
from django.db.models import Count, Min
from django.http import HttpResponse
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from intake.models import Report
from notifications.models import Message
from project.celery import app
from workflow.models import Case
from workflow.selectors import overdue_q

REQUESTS = Counter("integrity_http_requests_total", "HTTP requests answered", ["method", "route", "status"])
LATENCY = Histogram(
    "integrity_http_request_seconds",
    "Time to answer an HTTP request",
    ["method", "route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class MetricsMiddleware:
    """Count and time each request by its URL pattern (never the raw path: it may hold a reference)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = (match.route or match.view_name) if match else "unmatched"
        LATENCY.labels(request.method, route).observe(time.perf_counter() - started)
        REQUESTS.labels(request.method, route, str(response.status_code)).inc()
        return response


class StateCollector:
    """Figures read at scrape time from the database and the broker."""

    def collect(self):

        reports = GaugeMetricFamily("integrity_reports", "Reports received, by source", labels=["source"])
        for row in Report.objects.values("source").annotate(n=Count("pk")).order_by():
            reports.add_metric([row["source"]], row["n"])
        yield reports

        now = timezone.now()
        open_cases = GaugeMetricFamily("integrity_cases_open", "Open cases, by bureau", labels=["bureau"])
        overdue = GaugeMetricFamily(
            "integrity_cases_overdue", "Overdue open cases, by bureau", labels=["bureau"]
        )
        rows = (
            Case.objects.filter(state=Case.State.OPEN)
            .values("bureau__code")
            .annotate(open=Count("pk"), overdue=Count("pk", filter=overdue_q(now)))
            .order_by()
        )
        for row in rows:
            bureau = row["bureau__code"] or "unassigned"
            open_cases.add_metric([bureau], row["open"])
            overdue.add_metric([bureau], row["overdue"])
        yield open_cases
        yield overdue

        backlog = GaugeMetricFamily(
            "integrity_outbox_backlog", "Messages not yet sent, by status", labels=["status"]
        )
        waiting = [Message.Status.PENDING, Message.Status.SENDING, Message.Status.RETRY]
        counts = dict(
            Message.objects.filter(status__in=waiting)
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for status in waiting:
            backlog.add_metric([status], counts.get(status, 0))
        yield backlog

        yield GaugeMetricFamily(
            "integrity_timer_lag_seconds", "Age of the oldest due, unfired timer", value=timer_lag(now)
        )

        queue = GaugeMetricFamily("integrity_queue_length", "Tasks waiting in the broker", labels=["queue"])
        length = queue_length(settings.CELERY_TASK_DEFAULT_QUEUE)
        if length is not None:
            queue.add_metric([settings.CELERY_TASK_DEFAULT_QUEUE], length)
        yield queue


def timer_lag(now) -> float:

    oldest = Task.objects.filter(
        flow_task_type="TIMER", status=STATUS.SCHEDULED, scheduled__lte=now
    ).aggregate(oldest=Min("scheduled"))["oldest"]
    return (now - oldest).total_seconds() if oldest else 0.0


def queue_length(queue: str) -> int | None:
    """Messages waiting in `queue`: a Redis list, or the filesystem broker's folder."""

    try:
        with app.connection_for_read() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            with conn.channel() as channel:
                return channel.queue_declare(queue=queue, passive=True).message_count
    except Exception:
        return None


_registered = False


def register() -> None:
    global _registered
    if not _registered:
        REGISTRY.register(StateCollector())
        _registered = True


def _allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].strip(), token):
        return True
    return request.user.is_authenticated and request.user.is_superuser


def metrics(request):
    if not _allowed(request):
        return HttpResponse(status=404)
    register()
    return HttpResponse(generate_latest(REGISTRY), content_type=CONTENT_TYPE_LATEST)
