"""Reads with a rule in them."""

from django.db.models import Prefetch, Q, QuerySet

from intake.models import Area, AreaBureau, Attachment, Question, Report, ReportMessage
from intake.receipts import receipt_hash, receipt_is_well_formed


def area_list() -> QuerySet[Area]:
    """Active areas with their questions and routing, in the order of the rules."""
    return Area.objects.filter(is_active=True).prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("position")),
        Prefetch("routing", queryset=AreaBureau.objects.select_related("bureau").order_by("position")),
    )


def area_lead(area: Area):
    """The lead bureau of an area (from prefetched routing when available)."""
    for entry in area.routing.all():
        if entry.role == AreaBureau.Role.LEAD:
            return entry.bureau
    return None


def report_by_receipt(receipt: str) -> Report | None:
    """The report a receipt opens, or None; one indexed query, same answer for any failure."""
    if not receipt_is_well_formed(receipt):
        return None
    return (
        Report.objects.select_related("area", "merged_into", "merged_into__area")
        .filter(receipt_hash=receipt_hash(receipt))
        .first()
    )


PUBLIC_MESSAGE_KINDS = [
    ReportMessage.Kind.PUBLIC_UPDATE,
    ReportMessage.Kind.QUESTION,
    ReportMessage.Kind.REPLY,
    ReportMessage.Kind.REPORTER_INFO,
]


def report_public_messages(report: Report) -> QuerySet[ReportMessage]:
    """What the holder of the receipt sees: their own report's public record and, once it
    was merged, only the public status updates of the main report (never what the main
    report's reporter wrote or was asked: that could identify them)."""
    condition = Q(report=report, kind__in=PUBLIC_MESSAGE_KINDS)
    if report.merged_into_id:
        condition |= Q(report_id=report.merged_into_id, kind=ReportMessage.Kind.PUBLIC_UPDATE)
    return ReportMessage.objects.filter(condition).order_by("created_at", "pk")


def report_tracked(report_id: int) -> Report | None:
    """The report a receipt holder opened (its id kept in their track session), or None."""
    return (
        Report.objects.select_related("area", "bureau", "merged_into__area", "merged_into__bureau")
        .filter(pk=report_id)
        .first()
    )


def report_own_attachments(report: Report) -> QuerySet[Attachment]:
    """The evidence filed with this report itself: what its receipt holder may see again."""
    return Attachment.objects.filter(report_id=report.pk).order_by("pk")


def report_own_attachment(*, report_id: int, attachment_id: int) -> Attachment | None:
    """One attachment of the receipt holder's own report, or None (callers answer 404)."""
    return Attachment.objects.filter(report_id=report_id, pk=attachment_id).first()


def report_can_rate(report: Report) -> bool:
    """Whether the receipt holder may rate now: their own (unmerged) report was replied to and
    is waiting for the rating."""
    return (
        report.merged_into_id is None
        and report.status == Report.Status.DECIDED
        and report.messages.filter(kind=ReportMessage.Kind.REPLY).exists()
    )
