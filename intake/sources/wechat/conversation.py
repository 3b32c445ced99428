"""The report conversation on the WeChat official account.

A resident picks an area from a numbered list (0: don't know), answers the area's
required questions, describes what happened, may send photos and a location, and confirms
with 1 (2 cancels). 查询 <receipt> shows a status at any time; 取消 abandons; a conversation
left alone for WECHAT_CONVERSATION_MINUTES starts over. Each message is handled once: a
redelivery gets the reply stored for its first delivery.
"""

import datetime
import logging
import os
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from intake.crypto import keyed_hash
from intake.models import Area, Question, Report, WeChatConversation, WeChatMessage, WeChatPhoto
from intake.selectors import area_list, report_by_receipt
from intake.services import (
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    DuplicateReport,
    ReportDraft,
    ReporterDraft,
    report_submit,
)
from intake.sources.common import Filed, filed_text, report_status_text, validation_text
from intake.sources.wechat.protocol import Inbound
from intake.tasks import wechat_photo_fetch
from intake.triage.selectors import confident_area

logger = logging.getLogger(__name__)

REPLY_KEEP = datetime.timedelta(minutes=10)
PHOTO_WAIT = datetime.timedelta(minutes=5)

_STATUS = re.compile(r"^(?:查询|查|cx|status)\s*[:：]?\s*(?P<receipt>[0-9a-z][0-9a-z\- ]*)?$", re.IGNORECASE)
_CANCEL = {"取消", "退出", "cancel", "stop"}
_HELP = {"帮助", "help", "?", "？"}
_START = {"举报", "投诉", "report", "start"}
_CONFIRM, _ABANDON = {"1", "确认", "yes"}, {"2", "no"}
_AGREE = {"是", "是的", "对", "对的", "好", "确认", "yes", "y", "ok"}


def wechat_message_handle(*, inbound: Inbound) -> str:
    """Handle one message from a resident exactly once; return the passive reply ("" for none).

    A redelivered message (WeChat retries after 5 seconds, three times) changes nothing and
    gets the reply of its first delivery, which blocks until that delivery commits.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = WeChatMessage.objects.create(key=inbound.key)
        except IntegrityError:
            earlier = WeChatMessage.objects.filter(key=inbound.key).first()
            return earlier.reply if earlier else ""
        WeChatMessage.objects.filter(created_at__lt=timezone.now() - REPLY_KEEP).exclude(reply="").update(
            reply=""
        )
        reply = _respond(inbound)
        record.reply = reply
        record.save(update_fields=["reply"])
    return reply


def _respond(inbound: Inbound) -> str:
    openid_hash = keyed_hash(inbound.openid, purpose="wechat_openid")
    conversation = (
        WeChatConversation.objects.select_for_update(of=("self",))
        .filter(openid_hash=openid_hash)
        .select_related("area")
        .first()
    )
    expired = False
    timeout = datetime.timedelta(minutes=settings.WECHAT_CONVERSATION_MINUTES)
    if conversation and conversation.updated_at < timezone.now() - timeout:
        _conversation_end(conversation)
        conversation, expired = None, True
    language = conversation.language if conversation else translation.get_language()
    with translation.override(language or settings.LANGUAGE_CODE):
        return _respond_to(inbound, conversation, openid_hash, expired)


def _respond_to(inbound: Inbound, conversation, openid_hash: str, expired: bool) -> str:
    if inbound.kind == "event":
        if inbound.event.startswith("subscribe"):
            return _("Welcome. You can report dishonest conduct here.") + "\n" + _help()
        return ""
    if inbound.kind == "text":
        text = " ".join(inbound.text.replace("\u3000", " ").split())
        return _text_handle(text, conversation, inbound, openid_hash, expired)
    if conversation is None:
        return _("To report, first send 举报.") if inbound.kind in ("image", "location") else _help()
    conversation.updated_at = timezone.now()
    if inbound.kind == "image":
        return _photo_add(conversation, inbound)
    if inbound.kind == "location":
        if inbound.latitude is None or inbound.longitude is None:
            return _("This location could not be read.")
        conversation.latitude, conversation.longitude = inbound.latitude, inbound.longitude
        conversation.location = inbound.label
        conversation.save(update_fields=["latitude", "longitude", "location", "updated_at"])
        return _("Location noted.") + "\n" + _prompt(conversation)
    conversation.save(update_fields=["updated_at"])
    return _("Only text, photos and locations can be used for a report.") + "\n" + _prompt(conversation)


def _text_handle(text, conversation, inbound, openid_hash, expired) -> str:
    status = _STATUS.match(text)
    if status:
        receipt = status.group("receipt")
        if not receipt:
            return _("Send 查询 followed by your receipt, for example 查询 ABCD-EFGH-JKMN-PQRS-TVWX.")
        return report_status_text(report_by_receipt(receipt))
    lowered = text.lower()
    if lowered in _CANCEL:
        if conversation is None:
            return _("There is no report in progress.") + "\n" + _help()
        _conversation_end(conversation)
        return _("Your report in progress was cancelled. Nothing was filed.")
    if lowered in _HELP:
        return _help()
    if conversation is None or lowered in _START:
        if conversation:
            _conversation_end(conversation)
        conversation = WeChatConversation.objects.create(
            openid_hash=openid_hash,
            openid=inbound.openid,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        intro = (
            _("Your earlier report was not confirmed in time and was discarded.") + "\n" if expired else ""
        )
        if lowered not in _START and DESCRIPTION_MIN <= len(text) <= DESCRIPTION_MAX:
            # The resident began with what happened: keep it and offer the likeliest area.
            return intro + _area_offer(conversation, text)
        return intro + _area_menu()
    conversation.updated_at = timezone.now()
    handler = {
        WeChatConversation.Step.AREA: _area_choose,
        WeChatConversation.Step.QUESTION: _question_answer,
        WeChatConversation.Step.DESCRIPTION: _description_take,
        WeChatConversation.Step.CONFIRM: _confirm,
    }[conversation.step]
    return handler(conversation, text, inbound)


def _help() -> str:
    return "\n".join(
        [
            _("Send 举报 to report, and follow the steps."),
            _("Send 查询 and your receipt to see the status of a report."),
            _("Send 取消 to stop a report in progress."),
        ]
    )


def _area_menu() -> str:
    lines = [_("Which area is your report about? Reply with its number:")]
    lines += [f"{area.number} {area.label}" for area in area_list()]
    lines.append("0 " + _("I don't know"))
    lines.append(_("Send 取消 at any time to stop."))
    return "\n".join(lines)


def _area_offer(conversation: WeChatConversation, description: str) -> str:
    """Keep the description a conversation began with and pre-answer the area question with the
    area it sounds like, for the resident to confirm or correct."""
    conversation.description = description
    conversation.area = confident_area(description)
    conversation.save()
    if conversation.area is None:
        return _area_menu()
    return (
        _("This sounds like %(area)s. Reply 是 if that is right, or the number of another area:")
        % {"area": conversation.area.label}
        + "\n"
        + _area_menu()
    )


def _area_choose(conversation: WeChatConversation, text: str, inbound: Inbound) -> str:
    if conversation.area is not None and text.lower() in _AGREE:
        return _area_chosen(conversation, conversation.area)
    if not text.isdigit():
        return _("Please reply with a number from the list.") + "\n" + _area_menu()
    number = int(text)
    area = None
    if number != 0:
        area = Area.objects.filter(number=number, is_active=True).first()
        if area is None:
            return _("There is no area with this number.") + "\n" + _area_menu()
    return _area_chosen(conversation, area)


def _area_chosen(conversation: WeChatConversation, area: Area | None) -> str:
    conversation.area = area
    conversation.answers = {}
    conversation.question_index = 0
    conversation.step = (
        WeChatConversation.Step.QUESTION if _questions(conversation) else _after_questions(conversation)
    )
    conversation.save()
    return _prompt(conversation)


def _after_questions(conversation: WeChatConversation) -> str:
    """The step after the questions: the description, unless the conversation began with it."""
    return (
        WeChatConversation.Step.CONFIRM if conversation.description else WeChatConversation.Step.DESCRIPTION
    )


def _questions(conversation: WeChatConversation) -> list[Question]:
    """The questions asked on WeChat: the area's required ones, in order."""
    if conversation.area is None:
        return []
    return list(conversation.area.questions.filter(required=True).order_by("position"))


def _question_answer(conversation: WeChatConversation, text: str, inbound: Inbound) -> str:
    questions = _questions(conversation)
    if conversation.question_index >= len(questions):
        conversation.step = _after_questions(conversation)
        conversation.save()
        return _prompt(conversation)
    question = questions[conversation.question_index]
    value = answer_read(question, text)
    if value is None:
        return _("This answer cannot be used.") + "\n" + _question_prompt(question)
    conversation.answers = {**conversation.answers, question.code: value}
    conversation.question_index += 1
    if conversation.question_index >= len(questions):
        conversation.step = _after_questions(conversation)
    conversation.save()
    return _prompt(conversation)


def answer_read(question: Question, text: str) -> str | None:
    """A typed answer as report_submit expects it, or None when it cannot be used."""
    text = text.strip()
    if not text:
        return None
    if question.datatype == Question.Datatype.CHOICE:
        if text.isdigit() and 1 <= int(text) <= len(question.choices):
            return question.choices[int(text) - 1]["key"]
        for choice in question.choices:
            if text.lower() in {
                choice["key"].lower(),
                choice["name"].lower(),
                choice.get("name_en", "").lower(),
            }:
                return choice["key"]
        return None
    if question.datatype == Question.Datatype.NUMBER:
        try:
            number = Decimal(re.sub(r"[,，\s元]", "", text))
        except InvalidOperation:
            return None
        return str(number) if number.is_finite() and number >= 0 else None
    if question.datatype == Question.Datatype.DATE:
        match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
        if not match:
            return None
        try:
            day = datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            return None
        return day.isoformat() if day <= timezone.localdate() else None
    return text if len(text) <= 500 else None


def _question_prompt(question: Question) -> str:
    lines = [question.label]
    if question.datatype == Question.Datatype.CHOICE:
        lines += [f"{n} {question.choice_label(c['key'])}" for n, c in enumerate(question.choices, start=1)]
        lines.append(_("Reply with a number."))
    elif question.datatype == Question.Datatype.NUMBER:
        lines.append(_("Reply with a number."))
    elif question.datatype == Question.Datatype.DATE:
        lines.append(_("Reply with a date, for example 2026-03-01."))
    return "\n".join(lines)


def _description_take(conversation: WeChatConversation, text: str, inbound: Inbound) -> str:
    if len(text) < DESCRIPTION_MIN:
        return _("Please describe what happened in at least %(n)d characters.") % {"n": DESCRIPTION_MIN}
    if len(text) > DESCRIPTION_MAX:
        return _("The description is limited to %(n)d characters.") % {"n": DESCRIPTION_MAX}
    conversation.description = text
    conversation.step = WeChatConversation.Step.CONFIRM
    conversation.save()
    return _prompt(conversation)


def _prompt(conversation: WeChatConversation) -> str:
    """What the resident is asked at the conversation's current step."""
    step = conversation.step
    if step == WeChatConversation.Step.AREA:
        return _area_menu()
    if step == WeChatConversation.Step.QUESTION:
        questions = _questions(conversation)
        if conversation.question_index < len(questions):
            return _question_prompt(questions[conversation.question_index])
        step = _after_questions(conversation)
    if step == WeChatConversation.Step.DESCRIPTION:
        return _(
            "Please describe what happened: who, when, where and what you saw (at least %(n)d characters)."
        ) % {"n": DESCRIPTION_MIN}
    summary = conversation.description
    if len(summary) > 80:
        summary = summary[:80] + "…"
    photos = conversation.photos.exclude(status=WeChatPhoto.Status.REFUSED).count()
    lines = [
        _("Area: %(area)s") % {"area": conversation.area.label if conversation.area else _("I don't know")},
        _("What happened: %(text)s") % {"text": summary},
        _("Photos: %(n)d") % {"n": photos},
    ]
    if conversation.location:
        lines.append(_("Location: %(place)s") % {"place": conversation.location})
    lines.append(
        _("You may send up to %(n)d photos. Reply 1 to file the report, 2 to cancel.")
        % {"n": settings.INTAKE_MAX_ATTACHMENTS}
    )
    return "\n".join(lines)


def _photo_add(conversation: WeChatConversation, inbound: Inbound) -> str:
    kept = conversation.photos.exclude(status=WeChatPhoto.Status.REFUSED).count()
    if kept >= settings.INTAKE_MAX_ATTACHMENTS:
        conversation.save(update_fields=["updated_at"])
        return _("At most %(n)d photos can be attached.") % {"n": settings.INTAKE_MAX_ATTACHMENTS}
    if not inbound.media_id:
        return _("This photo could not be read.")
    photo = WeChatPhoto.objects.create(conversation=conversation, media_id=inbound.media_id[:200])
    conversation.save(update_fields=["updated_at"])

    def queue():

        wechat_photo_fetch.delay(photo.pk)

    transaction.on_commit(queue)
    text = _("Photo %(n)d received; it is being checked.") % {"n": kept + 1}
    if conversation.step == WeChatConversation.Step.CONFIRM:
        text += "\n" + _("Reply 1 to file the report, 2 to cancel.")
    return text


def _confirm(conversation: WeChatConversation, text: str, inbound: Inbound) -> str:
    if text.lower() in _ABANDON:
        _conversation_end(conversation)
        return _("Your report in progress was cancelled. Nothing was filed.")
    if text.lower() not in _CONFIRM:
        conversation.save(update_fields=["updated_at"])
        return _prompt(conversation)
    photos = list(conversation.photos.all())
    cutoff = timezone.now() - PHOTO_WAIT
    waiting = [p for p in photos if p.status == WeChatPhoto.Status.PENDING and p.created_at > cutoff]
    if waiting:
        conversation.save(update_fields=["updated_at"])
        return _("%(n)d photo(s) are still being checked. Please reply 1 again in a moment.") % {
            "n": len(waiting)
        }
    attachments = []
    for photo in photos:
        if photo.status == WeChatPhoto.Status.ACCEPTED and photo.file:
            with photo.file.open("rb") as handle:
                attachments.append(ContentFile(handle.read(), name=os.path.basename(photo.file.name)))
    try:
        submission = report_submit(
            ReportDraft(
                source=Report.Source.WECHAT,
                area=conversation.area,
                description=conversation.description,
                answers=conversation.answers,
                location=conversation.location,
                latitude=conversation.latitude,
                longitude=conversation.longitude,
                reporter=ReporterDraft(
                    anonymous=True, wechat_openid=conversation.openid, language=conversation.language
                ),
                attachments=attachments,
                external_id=inbound.key,
            )
        )
    except DuplicateReport as duplicate:
        _conversation_end(conversation)
        return _("This report was already filed as %(reference)s.") % {
            "reference": duplicate.report.reference
        }
    except ValidationError as exc:
        conversation.save(update_fields=["updated_at"])
        return validation_text(exc) + "\n" + _("Send 举报 to start again, or 取消 to stop.")
    _conversation_end(conversation)
    logger.info("wechat report filed", extra={"report_id": submission.report.pk})
    return filed_text(Filed(submission)) + "\n" + _("Send 查询 and your receipt to see its status.")


def _conversation_end(conversation: WeChatConversation) -> None:
    """Forget a conversation and its pending photos (their files go after commit)."""
    names = [photo.file.name for photo in conversation.photos.all() if photo.file]
    conversation.delete()
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


def conversations_expire() -> int:
    """Delete conversations idle for longer than the time-out, with their photo files."""
    cutoff = timezone.now() - datetime.timedelta(minutes=settings.WECHAT_CONVERSATION_MINUTES)
    count = 0
    for conversation in WeChatConversation.objects.filter(updated_at__lt=cutoff).iterator():
        with transaction.atomic():
            _conversation_end(conversation)
        count += 1
    return count
