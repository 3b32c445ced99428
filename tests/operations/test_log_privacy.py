"""No reporter's name, phone, ID number, e-mail or WeChat OpenID in any log line.

Real-name reports are filed through every source (web form, API, hotline, Open311, SMS,
WeChat, e-mail) while every logger writes at DEBUG through the configured console handler
(its filters and JSON formatter); then the output is searched for each piece of identity.
"""

import io
import json
import logging
import uuid

import pytest

from intake.models import Report
from tests.intake.sources.test_email import mail, raw
from tests.intake.sources.test_hotline import form_data as hotline_form
from tests.intake.sources.test_open311 import post as open311_post
from tests.intake.sources.test_open311 import wage_request
from tests.intake.sources.test_sms import payload as sms_payload
from tests.intake.sources.test_sms import post_json as sms_post
from tests.intake.sources.test_sms import sms_settings  # noqa: F401 - autouse fixture
from tests.intake.sources.test_wechat import Resident, wechat_settings  # noqa: F401 - autouse fixture
from tests.intake.test_web import VALID_ID_NUMBER, file_report, jpeg, report_data

NAME = "欧阳丽华"
PHONE = "13712345678"
EMAIL = "ouyang.lihua@example.cn"
OPENID = "oAbCdEfGhIjKlMnOpQrStUvWxYz0"


@pytest.fixture
def log_output():
    """Everything the configured console handler writes, at DEBUG for every logger."""
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler))
    raw_records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            raw_records.append(record)

    buffer = io.StringIO()
    previous_stream = handler.setStream(buffer)
    keep = Keep(level=logging.DEBUG)
    root = logging.getLogger()
    previous_level = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(keep)
    request_logger = logging.getLogger("django.request")
    request_level = request_logger.level
    request_logger.setLevel(logging.DEBUG)
    try:
        yield buffer, raw_records
    finally:
        handler.setStream(previous_stream)
        root.removeHandler(keep)
        root.setLevel(previous_level)
        request_logger.setLevel(request_level)


@pytest.fixture
def email_run(settings, django_capture_on_commit_callbacks):
    from intake.sources.email.fetch import mail_fetch
    from tests.intake.sources.test_email import FakeImap

    settings.IMAP_HOST = "imap.example.cn"

    def _run(*messages: bytes):
        with django_capture_on_commit_callbacks(execute=True):
            mail_fetch(connect=lambda: FakeImap(list(messages)))

    return _run


@pytest.mark.django_db
def test_no_identity_reaches_the_logs_from_any_source(
    client, operator, settings, django_capture_on_commit_callbacks, email_run, log_output
):
    buffer, raw_records = log_output
    logging.getLogger("intake").info("log capture works")

    with django_capture_on_commit_callbacks(execute=True):
        web = file_report(
            client,
            report_data(
                None,
                anonymous="real_name",
                reporter_name=NAME,
                reporter_phone=PHONE,
                reporter_id_number=VALID_ID_NUMBER,
                reporter_email=EMAIL,
            ),
            [jpeg()],
        )
    assert web.status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        api = client.post(
            "/api/v1/reports/",
            {
                "description": "老板拖欠我们三个月工资,一直不给。",
                "anonymous": "false",
                "reporter_name": NAME,
                "reporter_phone": PHONE,
                "reporter_id_number": VALID_ID_NUMBER,
                "reporter_email": EMAIL,
            },
        )
    assert api.status_code == 201, api.content

    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        hotline = client.post(
            "/staff/hotline/",
            hotline_form(
                real_name="on",
                reporter_name=NAME,
                reporter_id_number=VALID_ID_NUMBER,
                caller_phone=PHONE,
                form_token=str(uuid.uuid4()),
            ),
        )
    assert hotline.status_code in (200, 302)
    client.logout()

    from intake.sources.open311.services import DEMO_KEY, demo_client_ensure

    demo_client_ensure()
    with django_capture_on_commit_callbacks(execute=True):
        response, _ = open311_post(
            client, **wage_request(DEMO_KEY, email=EMAIL, phone=PHONE, first_name="Lihua", last_name="Ouyang")
        )
    assert response.status_code in (200, 201), response.content

    sms = sms_post(
        client, sms_payload("有人在那大市场卖假彩票。", sender=PHONE), django_capture_on_commit_callbacks
    )
    assert sms.status_code == 200

    resident = Resident(client, django_capture_on_commit_callbacks)
    for text in ("举报", "9", "某建筑公司", "50000", "工地老板三个月没发四十个工人的工资。", "1"):
        resident.send(text)

    email_run(raw(mail(sender=f"{NAME} <{EMAIL}>")))

    sources = set(Report.objects.values_list("source", flat=True))
    assert sources == set(Report.Source.values), f"every source filed a report: {sources}"

    output = buffer.getvalue()
    lines = [line for line in output.splitlines() if line.strip()]
    assert any("log capture works" in line for line in lines)
    assert all(json.loads(line) for line in lines), "one JSON object a line"
    for secret in (NAME, PHONE, "137 1234 5678", VALID_ID_NUMBER, EMAIL, OPENID):
        assert secret not in output, f"{secret!r} reached the log output"
    # Names cannot be masked by pattern: no code may put one in a record at all.
    assert not [r for r in raw_records if NAME in r.getMessage() or NAME in json.dumps(vars(r), default=str)]
