"""Photos sent on WeChat: fetched by MediaId through the WeChat API, then the web's checks."""

import logging

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from redis import Redis
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.session.redisstorage import RedisStorage

from intake.evidence import evidence_check
from intake.models import WeChatPhoto
from intake.sources.common import reply_send

logger = logging.getLogger(__name__)


class PhotoFetchFailed(Exception):
    """WeChat could not be reached; worth trying again later."""


def wechat_client() -> WeChatClient:
    """The API client; the access token is shared through Redis when there is one."""
    session = None
    if settings.REDIS_URL:
        session = RedisStorage(Redis.from_url(settings.REDIS_URL), prefix="wechatpy")
    return WeChatClient(settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET, session=session, timeout=10)


def wechat_photo_check(*, photo_id: int, final_attempt: bool = True) -> None:
    """Fetch a pending conversation photo and check it like a web upload.

    A photo that fails the checks is refused and the resident is told through
    `reply_requested`. Raises PhotoFetchFailed when WeChat is unreachable, unless this is
    the final attempt (then the photo is refused). Does nothing for a photo no longer pending.
    """
    photo = (
        WeChatPhoto.objects.select_related("conversation")
        .filter(pk=photo_id, status=WeChatPhoto.Status.PENDING)
        .first()
    )
    if photo is None:
        return
    with translation.override(photo.conversation.language):
        _check(photo, final_attempt)


def _check(photo: WeChatPhoto, final_attempt: bool) -> None:
    photo_id = photo.pk
    try:
        response = wechat_client().media.download(photo.media_id)
        content = response.content
    except requests.RequestException as exc:
        if not final_attempt:
            raise PhotoFetchFailed(str(type(exc).__name__)) from exc
        _photo_refuse(photo_id, _("A photo could not be fetched from WeChat. Please send it again."))
        return
    except WeChatClientException as exc:
        logger.warning("wechat media download refused", extra={"photo_id": photo_id, "errcode": exc.errcode})
        _photo_refuse(photo_id, _("A photo could not be fetched from WeChat. Please send it again."))
        return
    try:
        evidence = evidence_check(ContentFile(content, name="photo"))
        if not evidence.content_type.startswith("image/"):
            raise ValidationError(_("Only photos can be sent here."))
    except ValidationError as exc:
        _photo_refuse(
            photo_id, _("A photo could not be used: %(reason)s") % {"reason": " ".join(exc.messages)}
        )
        return
    with transaction.atomic():
        photo = (
            WeChatPhoto.objects.select_for_update()
            .filter(pk=photo_id, status=WeChatPhoto.Status.PENDING)
            .first()
        )
        if photo is None:
            return  # the conversation ended while the photo was being checked
        photo.file.save(f"photo.{evidence.extension}", ContentFile(evidence.content), save=False)
        stored = photo.file.name
        try:
            photo.status = WeChatPhoto.Status.ACCEPTED
            photo.save(update_fields=["file", "status"])
        except BaseException:
            photo.file.storage.delete(stored)
            raise


def _photo_refuse(photo_id: int, text: str) -> None:
    with transaction.atomic():
        photo = (
            WeChatPhoto.objects.select_for_update(of=("self",))
            .select_related("conversation")
            .filter(pk=photo_id, status=WeChatPhoto.Status.PENDING)
            .first()
        )
        if photo is None:
            return
        photo.status = WeChatPhoto.Status.REFUSED
        photo.save(update_fields=["status"])
        reply_send(channel="wechat", address=photo.conversation.openid, text=text)
