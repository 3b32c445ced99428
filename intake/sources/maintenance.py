"""Housekeeping for the source adapters, run by the periodic `sources_cleanup` task."""

import datetime

from django.utils import timezone

from intake.models import EmailMessage, SmsMessage, WeChatMessage
from intake.sources.wechat.conversation import REPLY_KEEP, conversations_expire

# Far longer than any redelivery: WeChat retries within 15 seconds, gateways within hours.
WECHAT_MESSAGE_KEEP = datetime.timedelta(days=2)
SMS_MESSAGE_KEEP = datetime.timedelta(days=30)
EMAIL_MESSAGE_KEEP = datetime.timedelta(days=365)


def sources_forget() -> None:
    """Expire idle conversations, clear stored WeChat replies and drop old message ids."""
    now = timezone.now()
    conversations_expire()
    WeChatMessage.objects.filter(created_at__lt=now - REPLY_KEEP).exclude(reply="").update(reply="")
    WeChatMessage.objects.filter(created_at__lt=now - WECHAT_MESSAGE_KEEP).delete()
    SmsMessage.objects.filter(received_at__lt=now - SMS_MESSAGE_KEEP).delete()
    EmailMessage.objects.filter(processed_at__lt=now - EMAIL_MESSAGE_KEEP).delete()
