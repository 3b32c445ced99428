"""The WeChat callback, driven with the XML WeChat's servers send, signed with wechatpy."""

import base64
import datetime
import os
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
import xmltodict
from django.db import connection
from django.utils import timezone
from wechatpy import WeChatClient, parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from intake.crypto import decrypt
from intake.models import Report, WeChatConversation, WeChatMessage, WeChatPhoto
from intake.sources.wechat import photos
from tests.intake.sources.conftest import image_bytes

pytestmark = pytest.mark.django_db

TOKEN = "city-token"
APP_ID = "wx0123456789abcdef"
OPENID = "oAbCdEfGhIjKlMnOpQrStUvWxYz0"
AES_KEY = base64.b64encode(os.urandom(32)).decode().rstrip("=")
URL = "/inbound/wechat/"


@pytest.fixture(autouse=True)
def wechat_settings(settings):
    settings.WECHAT_TOKEN = TOKEN
    settings.WECHAT_APP_ID = APP_ID
    settings.WECHAT_APP_SECRET = "app-secret"
    settings.WECHAT_ENCODING_AES_KEY = ""
    return settings


@pytest.fixture
def safe_mode(settings):
    settings.WECHAT_ENCODING_AES_KEY = AES_KEY


class FakeWeChatApi(requests.adapters.BaseAdapter):
    """api.weixin.qq.com as wechatpy's client sees it: access token, then media/get."""

    def __init__(self, media: dict[str, bytes]):
        super().__init__()
        self.media = media
        self.downloads = 0

    def send(self, request, **kwargs):
        response = requests.Response()
        response.request, response.url, response.status_code = request, request.url, 200
        if "/cgi-bin/token" in request.url:
            response._content = b'{"access_token": "ACCESS", "expires_in": 7200}'
            response.headers["Content-Type"] = "application/json"
        else:
            self.downloads += 1
            media_id = parse_qs(urlsplit(request.url).query).get("media_id", [""])[0]
            if media_id in self.media:
                response._content = self.media[media_id]
                response.headers["Content-Type"] = "image/png"
            else:
                response._content = b'{"errcode": 40007, "errmsg": "invalid media_id"}'
                response.headers["Content-Type"] = "application/json"
        return response

    def close(self):
        pass


@pytest.fixture
def wechat_api(monkeypatch):
    api = FakeWeChatApi({"GOOD": image_bytes("PNG"), "BROKEN": b"\x89PNG\r\n\x1a\nnot really a png"})

    def client():
        real = WeChatClient(APP_ID, "app-secret")
        real._http.mount("https://", api)
        return real

    monkeypatch.setattr(photos, "wechat_client", client)
    return api


def _signature(*parts) -> str:
    signer = WeChatSigner()
    signer.add_data(*parts)
    return signer.signature


def _query(timestamp=None, nonce="n0nce", **extra) -> dict:
    timestamp = timestamp or str(int(time.time()))
    return {
        "signature": _signature(TOKEN, timestamp, nonce),
        "timestamp": timestamp,
        "nonce": nonce,
        "openid": OPENID,
        **extra,
    }


def _message_xml(msg_type: str, body: str, msg_id: int | None, openid: str = OPENID) -> str:
    msg_id_xml = f"<MsgId>{msg_id}</MsgId>" if msg_id else ""
    return (
        f"<xml><ToUserName><![CDATA[gh_city]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>{body}{msg_id_xml}</xml>"
    )


def text_xml(content: str, msg_id: int, openid: str = OPENID) -> str:
    content = content.replace("]]>", "]]]]><![CDATA[>")  # how CDATA carries its own terminator
    return _message_xml("text", f"<Content><![CDATA[{content}]]></Content>", msg_id, openid)


def image_xml(media_id: str, msg_id: int) -> str:
    body = f"<PicUrl><![CDATA[http://mmbiz.qpic.cn/x]]></PicUrl><MediaId><![CDATA[{media_id}]]></MediaId>"
    return _message_xml("image", body, msg_id)


def post_plain(client, xml: str, query: dict | None = None):
    query = query or _query()
    return client.post(
        f"{URL}?{urlencode(query)}", data=xml, content_type="text/xml", HTTP_ACCEPT_LANGUAGE="en"
    )


def post_safe(client, xml: str, nonce="n0nce"):
    timestamp = str(int(time.time()))
    envelope = xmltodict.parse(WeChatCrypto(TOKEN, AES_KEY, APP_ID).encrypt_message(xml, nonce, timestamp))[
        "xml"
    ]
    body = f"<xml><ToUserName><![CDATA[gh_city]]></ToUserName><Encrypt><![CDATA[{envelope['Encrypt']}]]></Encrypt></xml>"
    query = _query(timestamp, nonce, encrypt_type="aes", msg_signature=envelope["MsgSignature"])
    return client.post(
        f"{URL}?{urlencode(query)}", data=body, content_type="text/xml", HTTP_ACCEPT_LANGUAGE="en"
    )


def reply_of(response) -> str:
    """Read our passive reply with wechatpy's own parser, as the WeChat server would."""
    assert response.status_code == 200, response.content
    message = parse_message(response.content.decode())
    assert message.type == "text"
    assert message.source == "gh_city" and message.target == OPENID
    return message.content


def safe_reply_of(response) -> str:
    assert response.status_code == 200, response.content
    envelope = xmltodict.parse(response.content.decode())["xml"]
    plain = WeChatCrypto(TOKEN, AES_KEY, APP_ID).decrypt_message(
        response.content.decode(), envelope["MsgSignature"], envelope["TimeStamp"], envelope["Nonce"]
    )
    return parse_message(plain).content


class Resident:
    """Sends messages with increasing MsgIds, running on-commit work as a real commit would."""

    def __init__(self, client, capture, safe=False):
        self.client, self.capture, self.safe, self.msg_id = client, capture, safe, 1000

    def send(self, content: str) -> str:
        self.msg_id += 1
        return self._post(text_xml(content, self.msg_id))

    def photo(self, media_id: str) -> str:
        self.msg_id += 1
        return self._post(image_xml(media_id, self.msg_id))

    def _post(self, xml: str) -> str:
        with self.capture(execute=True):
            if self.safe:
                return safe_reply_of(post_safe(self.client, xml))
            return reply_of(post_plain(self.client, xml))


@pytest.fixture
def resident(client, django_capture_on_commit_callbacks):
    return Resident(client, django_capture_on_commit_callbacks)


def _file_wage_report(resident) -> str:
    resident.send("举报")
    resident.send("9")
    resident.send("Acme Construction Ltd")
    resident.send("50000")
    resident.send("The site boss has not paid forty workers for three months.")
    return resident.send("1")


def test_get_verification_echoes_echostr(client):
    response = client.get(URL, _query(echostr="1234567890"))
    assert response.status_code == 200
    assert response.content == b"1234567890"


def test_get_verification_with_bad_signature_is_refused(client):
    response = client.get(URL, {**_query(echostr="1234567890"), "signature": "0" * 40})
    assert response.status_code == 403
    assert b"1234567890" not in response.content


def test_full_conversation_files_one_wechat_report(resident, wechat_api, replies):
    resident.send("举报")
    question = resident.send("9")
    assert "employer" in question.lower()
    assert "amount" in resident.send("Acme Construction Ltd").lower()
    assert "cannot be used" in resident.send("a lot")
    assert "describe" in resident.send("50,000元").lower()
    assert "at least 10 characters" in resident.send("unpaid")
    summary = resident.send("The site boss has not paid forty workers for three months.")
    assert "Reply 1 to file the report, 2 to cancel" in summary
    assert "Photo 1 received" in resident.photo("GOOD")
    assert wechat_api.downloads == 1

    filed = resident.send("1")

    report = Report.objects.get()
    assert report.source == Report.Source.WECHAT
    assert report.reference in filed and "Receipt:" in filed
    assert report.area.code == "wage_arrears"
    assert report.answers == {"employer": "Acme Construction Ltd", "amount_owed": "50000"}
    assert report.attachments.count() == 1
    assert report.anonymous and report.reporter_wechat_openid == OPENID
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_wechat_openid FROM intake_report")
        assert OPENID not in cursor.fetchone()[0]
    assert not WeChatConversation.objects.exists() and not WeChatPhoto.objects.exists()
    assert replies == []  # everything went back in the passive replies


def test_status_query_shows_the_status_of_the_followed_report(resident, wechat_api):
    filed = _file_wage_report(resident)
    receipt = filed.split("Receipt: ")[1].split(".")[0]
    status = resident.send(f"查询 {receipt}")
    report = Report.objects.get()
    assert report.reference in status and "Received" in status
    assert "No report was found" in resident.send("查询 ABCD-EFGH-JKMN-PQRS-TVWX")


def test_message_delivered_three_times_files_one_report(client, resident, wechat_api):
    resident.send("举报")
    resident.send("0")
    resident.send("Someone sells fake lottery tickets near the market every night.")
    confirm = text_xml("1", 777)
    answers = [reply_of(post_plain(client, confirm)) for _ in range(3)]
    assert Report.objects.count() == 1
    assert answers[0] == answers[1] == answers[2]
    assert Report.objects.get().reference in answers[2]
    assert WeChatMessage.objects.filter(key="msg:777").count() == 1


def test_safe_mode_conversation_files_a_report(
    client, safe_mode, django_capture_on_commit_callbacks, wechat_api
):
    resident = Resident(client, django_capture_on_commit_callbacks, safe=True)
    assert "0 I don't know" in resident.send("举报")
    resident.send("0")
    resident.send("A company near the river dumps waste water at night.")
    filed = resident.send("1")
    report = Report.objects.get()
    assert report.source == Report.Source.WECHAT and report.area is None
    assert report.reference in filed


def test_safe_mode_refuses_plaintext_messages(client, safe_mode):
    response = post_plain(client, text_xml("举报", 1))
    assert response.status_code == 400
    assert not WeChatMessage.objects.exists()


def test_safe_mode_refuses_a_bad_message_signature(client, safe_mode):
    timestamp = str(int(time.time()))
    envelope = xmltodict.parse(
        WeChatCrypto(TOKEN, AES_KEY, APP_ID).encrypt_message(text_xml("举报", 1), "n", timestamp)
    )["xml"]
    body = f"<xml><Encrypt><![CDATA[{envelope['Encrypt']}]]></Encrypt></xml>"
    query = _query(timestamp, "n", encrypt_type="aes", msg_signature="0" * 40)
    response = client.post(f"{URL}?{urlencode(query)}", data=body, content_type="text/xml")
    assert response.status_code == 403
    assert not WeChatMessage.objects.exists() and not WeChatConversation.objects.exists()


def test_bad_signature_is_refused_and_stores_nothing(client):
    query = {**_query(), "signature": _signature("wrong-token", "1", "2")}
    response = post_plain(client, text_xml("举报", 1), query)
    assert response.status_code == 403
    assert not WeChatMessage.objects.exists() and not WeChatConversation.objects.exists()


def test_stale_timestamp_is_refused(client):
    response = post_plain(client, text_xml("举报", 1), _query(timestamp=str(int(time.time()) - 3600)))
    assert response.status_code == 403
    assert not WeChatMessage.objects.exists()


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
    '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>'
    "<xml><ToUserName>gh_city</ToUserName><FromUserName>" + OPENID + "</FromUserName>"
    "<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&e;</Content><MsgId>5</MsgId></xml>"
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    "<xml><ToUserName>gh_city</ToUserName><FromUserName>" + OPENID + "</FromUserName>"
    "<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&secret;</Content><MsgId>6</MsgId></xml>"
)


@pytest.mark.parametrize("xml", [BOMB, EXTERNAL], ids=["entity-bomb", "external-entity"])
def test_entity_tricks_are_refused_without_expanding(client, monkeypatch, xml):
    import xmltodict as xmltodict_module

    def never(*args, **kwargs):
        raise AssertionError("the body reached xmltodict")

    monkeypatch.setattr(xmltodict_module, "parse", never)
    response = post_plain(client, xml)
    assert response.status_code == 400
    assert b"root:" not in response.content and b"aaaaaaaaaa" not in response.content
    assert not WeChatMessage.objects.exists() and not WeChatConversation.objects.exists()


@pytest.mark.parametrize("xml", [BOMB, EXTERNAL], ids=["entity-bomb", "external-entity"])
def test_entity_tricks_inside_safe_mode_are_refused(client, safe_mode, xml):
    timestamp = str(int(time.time()))
    envelope = xmltodict.parse(WeChatCrypto(TOKEN, AES_KEY, APP_ID).encrypt_message(xml, "n", timestamp))[
        "xml"
    ]
    body = f"<xml><Encrypt><![CDATA[{envelope['Encrypt']}]]></Encrypt></xml>"
    query = _query(timestamp, "n", encrypt_type="aes", msg_signature=envelope["MsgSignature"])
    response = client.post(f"{URL}?{urlencode(query)}", data=body, content_type="text/xml")
    assert response.status_code == 400
    assert not WeChatMessage.objects.exists()


def test_malformed_xml_is_a_400(client):
    assert post_plain(client, "<xml><MsgType>text</MsgType>").status_code == 400
    assert post_plain(client, "<xml><Content>no type</Content></xml>").status_code == 400


def test_photo_is_fetched_by_celery_after_the_reply(
    client, resident, wechat_api, django_capture_on_commit_callbacks
):
    resident.send("举报")
    resident.send("0")
    resident.send("A clinic without a licence operates on patients at night.")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reply = reply_of(post_plain(client, image_xml("GOOD", 5001)))
    # The passive reply went out before anything was downloaded: the download is queued.
    assert "being checked" in reply
    assert wechat_api.downloads == 0
    assert WeChatPhoto.objects.get().status == WeChatPhoto.Status.PENDING
    for callback in callbacks:
        callback()
    assert wechat_api.downloads == 1
    assert WeChatPhoto.objects.get().status == WeChatPhoto.Status.ACCEPTED


def test_confirming_while_a_photo_is_checked_asks_to_wait(
    client, resident, wechat_api, django_capture_on_commit_callbacks
):
    resident.send("举报")
    resident.send("0")
    resident.send("A clinic without a licence operates on patients at night.")
    with django_capture_on_commit_callbacks(execute=False):
        post_plain(client, image_xml("GOOD", 5002))
    assert "still being checked" in resident.send("1")
    assert not Report.objects.exists()


def test_refused_photo_is_reported_through_reply_requested(resident, wechat_api, replies):
    resident.send("举报")
    resident.send("0")
    resident.send("A clinic without a licence operates on patients at night.")
    resident.photo("BROKEN")
    assert WeChatPhoto.objects.get().status == WeChatPhoto.Status.REFUSED
    [reply] = replies
    assert reply["channel"] == "wechat"
    assert OPENID not in reply["address_encrypted"]
    assert decrypt(reply["address_encrypted"]) == OPENID
    assert "could not be used" in reply["text"]
    filed = resident.send("1")
    assert Report.objects.get().attachments.count() == 0
    assert "Receipt:" in filed


def test_unknown_media_is_refused_without_retrying(resident, wechat_api, replies):
    resident.send("举报")
    resident.send("0")
    resident.send("A clinic without a licence operates on patients at night.")
    resident.photo("EXPIRED")
    assert WeChatPhoto.objects.get().status == WeChatPhoto.Status.REFUSED
    assert "could not be fetched" in replies[0]["text"]


def test_unreachable_wechat_is_retried_then_refused(monkeypatch, resident, replies):
    class Down:
        class media:
            @staticmethod
            def download(media_id):
                raise requests.ConnectionError("down")

    monkeypatch.setattr(photos, "wechat_client", lambda: Down)
    resident.send("举报")
    resident.send("0")
    resident.send("A clinic without a licence operates on patients at night.")
    with pytest.raises(photos.PhotoFetchFailed):
        photo = WeChatPhoto.objects.create(conversation=WeChatConversation.objects.get(), media_id="X")
        photos.wechat_photo_check(photo_id=photo.pk, final_attempt=False)
    assert WeChatPhoto.objects.get(pk=photo.pk).status == WeChatPhoto.Status.PENDING
    photos.wechat_photo_check(photo_id=photo.pk, final_attempt=True)
    assert WeChatPhoto.objects.get(pk=photo.pk).status == WeChatPhoto.Status.REFUSED


def test_cancel_abandons_the_conversation(resident):
    resident.send("举报")
    resident.send("0")
    assert "cancelled" in resident.send("取消")
    assert not WeChatConversation.objects.exists()
    assert "no report in progress" in resident.send("取消")


def test_conversation_times_out(resident):
    resident.send("举报")
    resident.send("0")
    WeChatConversation.objects.update(updated_at=timezone.now() - datetime.timedelta(minutes=31))
    reply = resident.send("Someone sells fake lottery tickets near the market.")
    assert "not confirmed in time" in reply and "0 I don't know" in reply
    assert WeChatConversation.objects.get().step == WeChatConversation.Step.AREA


def test_openid_is_stored_only_hashed_and_encrypted(resident):
    resident.send("举报")
    with connection.cursor() as cursor:
        cursor.execute("SELECT openid_hash, openid FROM intake_wechatconversation")
        row = cursor.fetchone()
    assert OPENID not in row[0] and OPENID not in row[1]
    assert WeChatConversation.objects.get().openid == OPENID


def test_reply_text_cannot_break_out_of_cdata(resident):
    resident.send("举报")
    resident.send("0")
    summary = resident.send("Odd text ]]><MsgType>evil</MsgType> that is long enough.")
    assert "evil" in summary  # read back intact through wechatpy's parser


def test_subscribe_event_gets_a_welcome(client):
    xml = _message_xml("event", "<Event><![CDATA[subscribe]]></Event>", None)
    assert "Welcome" in reply_of(post_plain(client, xml))


def test_other_events_get_success_and_no_reply(client):
    xml = _message_xml("event", "<Event><![CDATA[VIEW]]></Event><EventKey><![CDATA[x]]></EventKey>", None)
    response = post_plain(client, xml)
    assert response.status_code == 200 and response.content == b"success"


def test_location_message_is_kept_with_the_report(resident):
    resident.send("举报")
    resident.send("0")
    resident.msg_id += 1
    body = (
        "<Location_X>19.52</Location_X><Location_Y>109.58</Location_Y><Scale>15</Scale>"
        "<Label><![CDATA[Nada Town market]]></Label>"
    )
    assert "Location noted" in resident._post(_message_xml("location", body, resident.msg_id))
    resident.send("Someone sells fake lottery tickets near the market every night.")
    resident.send("1")
    report = Report.objects.get()
    assert report.location == "Nada Town market" and str(report.latitude) == "19.520000"


def test_unconfigured_callback_is_not_found(client, settings):
    settings.WECHAT_TOKEN = ""
    assert client.get(URL, _query(echostr="x")).status_code == 404


def test_cleanup_expires_conversations_and_forgets_stored_replies(
    resident, wechat_api, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from intake.tasks import sources_cleanup

    resident.send("举报")
    resident.send("0")
    resident.send("A clinic without a licence operates on patients at night.")
    resident.photo("GOOD")
    stored = WeChatPhoto.objects.get().file.name
    assert default_storage.exists(stored)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    WeChatConversation.objects.update(updated_at=long_ago)
    WeChatMessage.objects.update(created_at=long_ago)
    assert all(m.reply for m in WeChatMessage.objects.all())

    with django_capture_on_commit_callbacks(execute=True):
        sources_cleanup.delay()

    assert not WeChatConversation.objects.exists() and not WeChatPhoto.objects.exists()
    assert not default_storage.exists(stored)
    assert WeChatMessage.objects.exists() and not any(m.reply for m in WeChatMessage.objects.all())


def test_a_conversation_begun_with_the_story_gets_the_area_pre_answered(resident, wechat_api, triage_model):
    offer = resident.send("工地老板拖欠我们三个月工资不发，一直拖着")
    assert "This sounds like Wage arrears" in offer and "Reply 是" in offer
    assert "employer" in resident.send("是").lower()
    resident.send("Acme Construction Ltd")
    summary = resident.send("50000")
    assert "Area: Wage arrears" in summary and "拖欠我们三个月工资" in summary

    filed = resident.send("1")

    report = Report.objects.get()
    assert report.reference in filed
    assert report.area.code == "wage_arrears"
    assert report.description == "工地老板拖欠我们三个月工资不发，一直拖着"
    assert report.answers == {"employer": "Acme Construction Ltd", "amount_owed": "50000"}


def test_a_pre_answered_area_can_be_corrected_or_left_open(resident, wechat_api, triage_model):
    resident.send("工地老板拖欠我们三个月工资不发，一直拖着")
    summary = resident.send("0")  # "I don't know": the story is kept, so on to the summary
    assert "Area: I don't know" in summary
    resident.send("1")
    report = Report.objects.get()
    assert report.area is None and "拖欠" in report.description


def test_without_a_model_the_story_first_gets_the_area_menu(resident, wechat_api):
    menu = resident.send("工地老板拖欠我们三个月工资不发，一直拖着")
    assert "Which area is your report about?" in menu and "sounds like" not in menu


def test_the_filed_reply_promises_a_review_time_only_once_the_city_adopted_one(resident, wechat_api):
    from tests.policies import policy_set

    filed = _file_wage_report(resident)
    assert "Receipt:" in filed and "review" not in filed and "working day" not in filed
    policy_set("promise-triage-review", value={"working_days": 1})
    filed = _file_wage_report(resident)
    assert "The complaint centre will review it within 1 working day." in filed
