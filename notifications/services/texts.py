"""What a message's template is given: its stored ids and references plus what is read at
sending time (the latest question or reply, the resolution). Nothing about the reporter."""

from django.conf import settings

from intake.models import ReportMessage
from notifications.models import Message


def case_url(reference: str) -> str:
    return settings.NOTIFICATIONS_SITE_URL.rstrip("/") + settings.NOTIFICATIONS_CASE_PATH.format(
        reference=reference
    )


def message_context(message: Message) -> dict:
    """The template context of `message` (runs inside the sending task)."""
    context = dict(message.context)
    if message.text:
        context["text"] = message.text
    if message.report_id:
        report = message.report
        context.setdefault("reference", report.reference)
        followed = report.merged_into_id or report.pk
        if message.kind == Message.Kind.MORE_INFO:
            context["question"] = _latest(followed, ReportMessage.Kind.QUESTION)
        elif message.kind == Message.Kind.REPLY:
            context["reply"] = _latest(followed, ReportMessage.Kind.REPLY)
        elif message.kind == Message.Kind.CLOSED and message.case_id:
            context["resolution"] = str(message.case.get_resolution_display()) if message.case.resolution else ""
    if message.case_id and "case_reference" in context:
        context["case_url"] = case_url(context["case_reference"])
    if context.get("task_id"):
        context["task_title"] = _task_title(context["task_id"])
    return context


def _task_title(task_id: int) -> str:
    from viewflow.workflow.models import Task

    task = Task.objects.filter(pk=task_id).first()
    try:
        return str(task.title or "") if task else ""
    except Exception:  # a task of a flow class that no longer exists
        return ""


def _latest(report_id: int, kind: str) -> str:
    return (
        ReportMessage.objects.filter(report_id=report_id, kind=kind)
        .order_by("-created_at", "-pk")
        .values_list("text", flat=True)
        .first()
        or ""
    )
