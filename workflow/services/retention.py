"""Retention: purge the personal data of closed cases past their policy's period.

A purge deletes the reporter's identity, the evidence files and the free text of the case
and of the reports merged into it, and keeps the anonymous figures supervision counts (area,
bureau, source, dates, stages, resolution, outcome kinds, ratings, counters). Outcomes stay
as decided: they are the credit registry's administrative records with rules of their own.
A case on legal hold is never purged. `case_purged` tells higher apps to purge their copies.
"""

import datetime
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from intake.models import Attachment, Report, ReportMessage
from workflow.models import (
    AssistanceRequest,
    Case,
    EvidenceNote,
    Extension,
    HistoryEntry,
    Outcome,
    RetentionPolicy,
)
from workflow.signals import case_purged

logger = logging.getLogger(__name__)

BATCH = 200

# What a purge blanks on each report: identity, free text, anything that can name someone.
REPORT_BLANKS = {
    "reporter_name": "",
    "reporter_phone": "",
    "reporter_phone_hash": "",
    "reporter_id_number": "",
    "reporter_id_hash": "",
    "reporter_email": "",
    "reporter_wechat_openid": "",
    "reporter_ip": "",
    "description": "",
    "location": "",
    "latitude": None,
    "longitude": None,
    "answers": {},
    "subject_name": "",
    "subject_contacts": [],
    "external_id": "",
}


@dataclass
class PurgeSummary:
    cases: list[str] = field(default_factory=list)  # references, for the command's report
    held: int = 0
    files: int = 0


def retention_days(*, case: Case, outcome_kinds: set[str], policies: list[RetentionPolicy]) -> int | None:
    """Days after closing that `case` is kept: the most specific matching policy (resolution
    and outcome kind; blank matches any), the longest among equally specific; None if none."""
    matching = [
        policy
        for policy in policies
        if policy.resolution in ("", case.resolution)
        and (not policy.outcome or policy.outcome in outcome_kinds)
    ]
    if not matching:
        return None
    best = max(policy.specificity for policy in matching)
    return max(policy.keep_days for policy in matching if policy.specificity == best)


def cases_due_for_purge(*, now: datetime.datetime | None = None) -> Iterator[tuple[Case, bool]]:
    """Closed, unpurged cases past their retention period, with whether each is on legal
    hold (held cases are reported, never purged). Reads in batches."""
    now = now or timezone.now()
    policies = list(RetentionPolicy.objects.all())
    if not policies:
        return
    shortest = min(policy.keep_days for policy in policies)
    candidates = Case.objects.filter(
        state=Case.State.CLOSED,
        purged_at__isnull=True,
        closed_at__lt=now - datetime.timedelta(days=shortest),
    ).order_by("pk")
    last = 0
    while True:
        batch = list(candidates.filter(pk__gt=last)[:BATCH])
        if not batch:
            return
        last = batch[-1].pk
        kinds: dict[int, set[str]] = {}
        for case_id, kind in Outcome.objects.filter(case__in=batch).values_list("case_id", "kind"):
            kinds.setdefault(case_id, set()).add(kind)
        for case in batch:
            days = retention_days(case=case, outcome_kinds=kinds.get(case.pk, set()), policies=policies)
            if days is not None and case.closed_at < now - datetime.timedelta(days=days):
                yield case, case.legal_hold


def case_purge(*, case_id: int, now: datetime.datetime | None = None) -> int:
    """Purge one case's personal data (see the module docstring) in one transaction, and
    delete its evidence files after commit. Returns the number of files deleted. No-op for
    a case on legal hold, still open or purged already."""
    now = now or timezone.now()
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(pk=case_id).first()
        if case is None or case.legal_hold or case.state != Case.State.CLOSED or case.purged_at:
            return 0
        reports = Report.objects.filter(Q(pk=case.report_id) | Q(merged_into_id=case.report_id))
        report_ids = list(reports.values_list("pk", flat=True))
        attachments = Attachment.objects.filter(report_id__in=report_ids)
        files = [name for pair in attachments.values_list("file", "thumbnail") for name in pair if name]
        attachments.delete()
        reports.update(**REPORT_BLANKS)
        ReportMessage.objects.filter(report_id__in=report_ids).update(text="")
        EvidenceNote.objects.filter(case=case).update(text="")
        AssistanceRequest.objects.filter(case=case).update(question="", opinion="")
        Extension.objects.filter(case=case).update(reason="", decision_note="")
        HistoryEntry.objects.filter(case=case).update(note="")
        Case.objects.filter(pk=case.pk).update(findings="", purged_at=now)
        transaction.on_commit(lambda: _files_delete(files))
        transaction.on_commit(lambda: case_purged.send(sender=Case, case_id=case.pk, report_ids=report_ids))
    logger.info("case purged", extra={"case_id": case_id, "files": len(files)})
    return len(files)


def _files_delete(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def retention_purge(*, now: datetime.datetime | None = None, dry_run: bool = False) -> PurgeSummary:
    """Purge every case past its retention period (see cases_due_for_purge); with `dry_run`
    only list them. Each case is its own transaction, so a stopped run loses nothing."""
    summary = PurgeSummary()
    for case, held in cases_due_for_purge(now=now):
        if held:
            summary.held += 1
            continue
        summary.cases.append(case.reference)
        if not dry_run:
            summary.files += case_purge(case_id=case.pk, now=now)
    return summary


@transaction.atomic
def case_legal_hold_set(*, case_ids: list[int], hold: bool) -> int:
    """Place cases on legal hold (kept whatever the policy says) or lift it; returns how many."""
    return Case.objects.filter(pk__in=case_ids, purged_at__isnull=True).update(legal_hold=hold)
