"""The staff member's notices: a small list page (also served as a fragment for live.js)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from notifications import selectors
from notifications.rendering import message_render
from notifications.services import notice_mark_read
from notifications.services.texts import case_url

PAGE_SIZE = 50


@login_required
def notice_list(request):
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    notices = list(selectors.notice_list(user=request.user)[:PAGE_SIZE])
    language = get_language()
    items = []
    for notice in notices:
        context = dict(notice.context)
        if "case_reference" in context:
            context["case_url"] = ""
        title, body = message_render(notice.kind, language, context)
        items.append(
            {
                "notice": notice,
                "title": title,
                "body": body,
                "url": case_url(notice.case.reference) if notice.case_id else "",
            }
        )
    template = "notifications/_notice_items.html" if request.GET.get("fragment") else "notifications/notice_list.html"
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
