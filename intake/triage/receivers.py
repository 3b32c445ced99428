"""Suggest an area and record the marks of every report as it arrives. Runs after intake's
commit; a failure is logged (ids only) and never reaches the resident, whose report is stored."""

import logging

from django.dispatch import receiver

from intake.models import Report
from intake.signals import report_received
from intake.triage import services

logger = logging.getLogger(__name__)


@receiver(report_received, dispatch_uid="triage.report_received")
def on_report_received(sender, report_id, **kwargs):
    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        return
    try:
        services.report_suggest(report=report)
    except Exception:
        logger.exception("could not suggest an area", extra={"report_id": report_id})
    try:
        services.report_marks_record(report=report)
    except Exception:
        logger.exception("could not record the marks of a report", extra={"report_id": report_id})
