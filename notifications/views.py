"""The staff member's notices: a small list page (also served as a fragment for live.js)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from notifications import selectors
from notifications.rendering import message_render
from notifications.services import notice_mark_read

PAGE_SIZE = 50


@login_required
def notice_list(request):
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    notices = list(selectors.notice_list(user=request.user)[:PAGE_SIZE])
    language = get_language()
    tasks = selectors.notice_tasks(notices)
    items = []
    for notice in notices:
        context = {**notice.context, "case_url": ""}  # the page links the title instead
        task_title, task_path = tasks.get(notice.context.get("task_id"), ("", None))
        if task_title:
            context["task_title"] = task_title
        title, body = message_render(notice.kind, language, context)
        if task_path:  # a credit task opens its own page
            url = task_path
        else:
            url = reverse("case:case_detail", args=[notice.case.reference]) if notice.case_id else ""
        items.append({"notice": notice, "title": title, "body": body, "url": url})
    template = (
        "notifications/_notice_items.html"
        if request.GET.get("fragment")
        else "notifications/notice_list.html"
    )
    return render(
        request,
        template,
        {"items": items, "unread": selectors.notice_unread_count(user=request.user)},
    )


@login_required
@require_POST
def notice_read(request, notice_id: int | None = None):
    notice_mark_read(user=request.user, notice_id=notice_id)
    return redirect("notifications:notice_list")
