"""What a message's template is given: its stored ids and references plus what is read at
sending time (the latest question or reply, the resolution). Nothing about the reporter."""

from django.conf import settings
from django.urls import reverse
from viewflow.workflow.models import Task

from intake.models import ReportMessage
from intake.policies import answer_period_days
from notifications.models import Message
from workflow import registry


def site_url(path: str) -> str:
    return settings.NOTIFICATIONS_SITE_URL.rstrip("/") + path


def case_url(reference: str) -> str:
    """The case page in the officers' workbench."""
    return site_url(reverse("case:case_detail", args=[reference]))


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
            context.update(_answer_period(report))
        elif message.kind == Message.Kind.REPLY:
            context["reply"] = _latest(followed, ReportMessage.Kind.REPLY)
        elif message.kind == Message.Kind.CLOSED and message.case_id:
            case = message.case
            context["resolution"] = str(case.get_resolution_display()) if case.resolution else ""
            context["resolution_code"] = case.resolution
            if report.merged_into_id:
                context["merged_into"] = report.merged_into.reference
    if message.case_id and "case_reference" in context:
        context["case_url"] = case_url(context["case_reference"])
    if context.get("task_id"):
        context["task_title"], task_path = _task_facts(context["task_id"])
        if task_path:  # a credit task: its own page (a red-list task has no case)
            context["task_path"] = task_path
            context["case_url"] = site_url(task_path)
    return context


def _task_facts(task_id: int) -> tuple[str, str | None]:
    """The task's title and, for a flow registered in the workbench (credit), its page."""

    task = Task.objects.filter(pk=task_id).first()
    if task is None:
        return "", None
    try:
        return str(task.title or ""), registry.task_url(task)
    except Exception:  # a task of a flow class that no longer exists
        return "", None


def _answer_period(report) -> dict:
    """The time to answer, told only once the city adopted one (the report then has a date)."""
    followed = report.merged_into if report.merged_into_id else report
    days = answer_period_days(area=followed.area)
    if followed.answer_due_at is None or days is None:
        return {}
    return {"answer_days": days, "answer_due": followed.answer_due_at}


def _latest(report_id: int, kind: str) -> str:
    return (
        ReportMessage.objects.filter(report_id=report_id, kind=kind)
        .order_by("-created_at", "-pk")
        .values_list("text", flat=True)
        .first()
        or ""
    )
