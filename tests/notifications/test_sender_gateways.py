"""The SMS gateway and WeChat senders, with their HTTP layers replaced by fakes (no network)."""

import json

import pytest
import requests
from wechatpy import WeChatClient

from notifications.senders import Envelope, SenderRejected, SenderUnavailable
from notifications.senders.sms import HttpSmsSender
from notifications.senders.wechat import WeChatSender

OPENID = "o6_bmjrPTlm6_2sgVt7hMZOPfL2M"


class FakeResponse:
    def __init__(self, status: int = 200, payload: dict | None = None):
        self.status_code = status
        self.content = json.dumps(payload or {}).encode()
        self.request = None

    def json(self):
        return json.loads(self.content)

    def raise_for_status(self):
        if self.status_code >= 400:
            raise requests.HTTPError(response=self)


class FakeHttp:
    """Stands in for requests.Session: records calls, answers from a script."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.calls = []

    def _answer(self, method, url, **kwargs):
        self.calls.append((method.upper(), url, kwargs))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def request(self, method, url, **kwargs):
        return self._answer(method, url, **kwargs)

    def get(self, url, **kwargs):
        return self._answer("GET", url, **kwargs)

    def post(self, url, **kwargs):
        return self._answer("POST", url, **kwargs)


def envelope(**overrides):
    values = dict(
        message_id=7,
        channel="sms",
        kind="received",
        address="13800138000",
        subject="Report received",
        body="We received DZ-2026-000001.",
        context={"reference": "DZ-2026-000001"},
    )
    values.update(overrides)
    return Envelope(**values)


@pytest.fixture
def gateway(settings):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"
    settings.SMS_GATEWAY_KEY = "k-123"


def test_sms_gateway_gets_number_text_and_message_id(gateway):
    http = FakeHttp([FakeResponse(202)])
    HttpSmsSender(session=http).send(envelope())
    [(method, url, kwargs)] = http.calls
    assert (method, url) == ("POST", "http://127.0.0.1:9/sms")
    assert kwargs["json"] == {
        "to": "13800138000",
        "text": "Report received\nWe received DZ-2026-000001.",
        "client_id": "7",
    }
    assert kwargs["headers"]["Authorization"] == "Bearer k-123"


@pytest.mark.parametrize(
    "answer, error",
    [
        (FakeResponse(503), SenderUnavailable),
        (FakeResponse(429), SenderUnavailable),
        (requests.ConnectTimeout("timed out"), SenderUnavailable),
        (FakeResponse(400), SenderRejected),
    ],
)
def test_sms_gateway_failures_are_told_apart(gateway, answer, error):
    with pytest.raises(error) as raised:
        HttpSmsSender(session=FakeHttp([answer])).send(envelope())
    assert "13800138000" not in str(raised.value)


def test_sms_sender_without_gateway_refuses(settings):
    settings.SMS_GATEWAY_URL = ""
    with pytest.raises(SenderRejected):
        HttpSmsSender(session=FakeHttp([])).send(envelope())


def wechat(settings, answers, template=""):
    settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET, settings.WECHAT_TEMPLATE_ID = (
        "wx123",
        "s3cr3t",
        template,
    )
    settings.REDIS_URL = ""
    client = WeChatClient("wx123", "s3cr3t")
    client._http = FakeHttp([FakeResponse(200, {"access_token": "TOKEN", "expires_in": 7200}), *answers])
    return WeChatSender(client=client), client._http


def test_wechat_sends_a_customer_service_text(settings):
    sender, http = wechat(settings, [FakeResponse(200, {"errcode": 0, "errmsg": "ok"})])
    sender.send(envelope(channel="wechat", address=OPENID))
    token_call, send_call = http.calls
    assert token_call[1].endswith("/cgi-bin/token")
    assert send_call[1].endswith("/cgi-bin/message/custom/send")
    assert send_call[2]["params"]["access_token"] == "TOKEN"
    payload = json.loads(send_call[2]["data"])
    assert payload["touser"] == OPENID and payload["msgtype"] == "text"
    assert "DZ-2026-000001" in payload["text"]["content"]


def test_wechat_falls_back_to_a_template_message_after_the_48_hour_window(settings):
    sender, http = wechat(
        settings,
        [
            FakeResponse(200, {"errcode": 45015, "errmsg": "response out of time limit"}),
            FakeResponse(200, {"errcode": 0, "errmsg": "ok", "msgid": 1}),
        ],
        template="TPL-1",
    )
    sender.send(envelope(channel="wechat", address=OPENID))
    payload = json.loads(http.calls[-1][2]["data"])
    assert http.calls[-1][1].endswith("/cgi-bin/message/template/send")
    assert payload["template_id"] == "TPL-1" and payload["touser"] == OPENID
    assert payload["data"]["keyword1"]["value"] == "DZ-2026-000001"


@pytest.mark.parametrize(
    "answer, error",
    [
        (FakeResponse(200, {"errcode": 45015, "errmsg": "response out of time limit"}), SenderRejected),
        (FakeResponse(200, {"errcode": 43004, "errmsg": "require subscribe"}), SenderRejected),
        (FakeResponse(200, {"errcode": -1, "errmsg": "system error"}), SenderUnavailable),
        (FakeResponse(502), SenderUnavailable),
        (requests.ConnectionError("reset"), SenderUnavailable),
    ],
)
def test_wechat_failures_are_told_apart(settings, answer, error):
    sender, _ = wechat(settings, [answer])
    with pytest.raises(error) as raised:
        sender.send(envelope(channel="wechat", address=OPENID))
    assert OPENID not in str(raised.value)


def test_wechat_sender_without_an_account_refuses(settings):
    settings.WECHAT_APP_ID = ""
    with pytest.raises(SenderRejected):
        WeChatSender().send(envelope(channel="wechat", address=OPENID))
