"""/inbound/wechat/: the official account's server callback (GET verification, POST messages)."""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from intake.sources.wechat import protocol
from intake.sources.wechat.conversation import wechat_message_handle

logger = logging.getLogger(__name__)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def wechat_callback(request):
    if not settings.WECHAT_TOKEN:
        return HttpResponse("WeChat is not configured.", status=404, content_type="text/plain")
    try:
        protocol.signature_check(request.GET)
        if request.method == "GET":
            return HttpResponse(request.GET.get("echostr", ""), content_type="text/plain")
        if _content_length(request) > protocol.MAX_BODY_BYTES:
            raise protocol.Refused(400, "message too large")
        message = protocol.message_read(request.body, request.GET)
    except protocol.Refused as refused:
        logger.warning("wechat callback refused", extra={"reason": refused.reason})
        return HttpResponse(refused.reason, status=refused.status, content_type="text/plain")
    reply = wechat_message_handle(inbound=protocol.inbound_from(message))
    if not reply:
        # "success" tells WeChat not to retry and to show nothing.
        return HttpResponse("success", content_type="text/plain")
    xml = protocol.reply_render(message, reply, request.GET.get("nonce", ""))
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
