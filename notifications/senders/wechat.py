"""WeChat customer-service messages (and template messages when the 48-hour window of
customer-service messages has passed) through wechatpy's WeChatClient."""

import redis
import requests
from django.conf import settings
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.session.redisstorage import RedisStorage

from notifications.senders import Envelope, Sender, SenderRejected, SenderUnavailable

# 45015: the user has not written to the account in 48 hours, so customer-service messages
# are refused; 40003 / 43004: bad OpenID or the user unfollowed; 40037: bad template id.
OUT_OF_WINDOW = 45015
PERMANENT = {40003, 43004, 40037, 45015}


def wechat_client() -> WeChatClient:
    """A client whose access token is shared by all workers through Redis when there is one."""
    session = None
    if settings.REDIS_URL:
        session = RedisStorage(redis.Redis.from_url(settings.REDIS_URL), prefix="wechatpy")
    return WeChatClient(settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET, session=session, timeout=10)


class WeChatSender(Sender):
    def __init__(self, channel: str = "wechat", client: WeChatClient | None = None):
        self.channel = channel
        self._client = client

    @property
    def client(self) -> WeChatClient:
        if self._client is None:
            if not settings.WECHAT_APP_ID:
                raise SenderRejected("WECHAT_APP_ID is not set")
            self._client = wechat_client()
        return self._client

    def send(self, envelope: Envelope) -> None:
        text = f"{envelope.subject}\n{envelope.body}" if envelope.subject else envelope.body
        try:
            try:
                self.client.message.send_text(envelope.address, text)
            except WeChatClientException as exc:
                if exc.errcode != OUT_OF_WINDOW or not settings.WECHAT_TEMPLATE_ID:
                    raise
                self.client.message.send_template(
                    envelope.address,
                    settings.WECHAT_TEMPLATE_ID,
                    {
                        "first": {"value": envelope.subject},
                        "keyword1": {"value": envelope.context.get("reference", "")},
                        "remark": {"value": envelope.body},
                    },
                    url=settings.NOTIFICATIONS_TRACKING_URL or None,
                )
        except WeChatClientException as exc:
            if exc.errcode in PERMANENT:
                raise SenderRejected(f"WeChat refused the message: {exc.errcode}") from None
            raise SenderUnavailable(f"WeChat answered {exc.errcode}") from None
        except requests.RequestException as exc:
            raise SenderUnavailable(f"WeChat unreachable: {type(exc).__name__}") from None
