"""Staff two-factor authentication: the gate on every staff surface, enrolment, codes."""

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from tests.support.twofactor import force_login_unverified
from workflow.twofactor.services import recovery_codes_issue

pytestmark = pytest.mark.django_db

SECOND_FACTOR = "/accounts/second-factor/"


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


@pytest.fixture
def enrolled(hrss_officer):
    device = TOTPDevice.objects.create(user=hrss_officer, name="authenticator", confirmed=True)
    codes = recovery_codes_issue(user=hrss_officer)
    return hrss_officer, device, codes


@pytest.mark.parametrize(
    "path", ["/workflow/", "/workflow/case/cases/", "/supervision/", "/staff/hotline/", "/admin/"]
)
def test_unverified_staff_are_sent_to_the_second_factor(client, hrss_officer, path):
    force_login_unverified(client, hrss_officer)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(SECOND_FACTOR)


def test_unenrolled_staff_are_sent_on_to_enrol(client, hrss_officer):
    force_login_unverified(client, hrss_officer)
    response = client.get(SECOND_FACTOR + "?next=/workflow/case/cases/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/second-factor/setup/?next=%2Fworkflow%2Fcase%2Fcases%2F"


def test_password_login_goes_through_enrolment_to_the_workbench(client, hrss_officer):
    # Given a first login with the password
    response = client.post(
        "/accounts/login/", {"username": "hrss", "password": "test-pass-12345"}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith("/accounts/second-factor/setup/")
    page = response.content.decode()
    assert "<svg" in page and 'class="manual-key"' in page
    device = TOTPDevice.objects.get(user=hrss_officer, confirmed=False)

    # A wrong code is refused with a clear message and enrols nothing
    wrong = client.post(
        "/accounts/second-factor/setup/?next=/workflow/", {"code": "000000", "next": "/workflow/"}
    )
    assert wrong.status_code == 400
    assert "这个验证码不对" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=hrss_officer, confirmed=True).exists()
    assert client.get("/workflow/").status_code == 302

    # The right code confirms the app and shows ten recovery codes once
    done = client.post("/accounts/second-factor/setup/", {"code": current_code(device), "next": "/workflow/"})
    assert done.status_code == 200
    codes = list(StaticToken.objects.filter(device__user=hrss_officer).values_list("token", flat=True))
    assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
    assert client.get("/workflow/case/cases/").status_code == 200


def test_enrolled_staff_cannot_enrol_another_app_without_the_second_factor(client, enrolled):
    user, _device, _codes = enrolled
    force_login_unverified(client, user)
    response = client.get("/accounts/second-factor/setup/")
    assert response.status_code == 302 and response["Location"].startswith(SECOND_FACTOR + "?")
    assert not TOTPDevice.objects.filter(user=user, confirmed=False).exists()


def test_authenticator_code_verifies_the_session(client, enrolled):
    user, device, _codes = enrolled
    force_login_unverified(client, user)
    assert client.get(SECOND_FACTOR).status_code == 200
    response = client.post(SECOND_FACTOR, {"code": current_code(device), "next": "/workflow/case/cases/"})
    assert response.status_code == 302 and response["Location"] == "/workflow/case/cases/"
    assert client.get("/workflow/case/cases/").status_code == 200


def test_wrong_code_is_refused_with_a_clear_message(client, enrolled):
    user, _device, _codes = enrolled
    force_login_unverified(client, user)
    response = client.post(SECOND_FACTOR, {"code": "123456"})
    assert response.status_code == 400
    assert "这个验证码不对" in response.content.decode()
    assert client.get("/workflow/")["Location"].startswith(SECOND_FACTOR)


def test_repeated_wrong_codes_are_slowed_down(client, enrolled):
    user, _device, codes = enrolled
    force_login_unverified(client, user)
    client.post(SECOND_FACTOR, {"code": "wrongcode"})
    # Even a right recovery code waits while the device is throttled.
    response = client.post(SECOND_FACTOR, {"code": codes[0]})
    assert response.status_code == 400
    assert "错误次数太多" in response.content.decode()
    assert StaticToken.objects.filter(token=codes[0]).exists()


def test_recovery_code_works_once(client, enrolled, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    user, _device, codes = enrolled
    force_login_unverified(client, user)
    response = client.post(SECOND_FACTOR, {"code": codes[3].upper(), "next": "/workflow/"})
    assert response.status_code == 302 and response["Location"] == "/workflow/"
    assert not StaticToken.objects.filter(token=codes[3]).exists()

    other = Client()
    force_login_unverified(other, user)
    again = other.post(SECOND_FACTOR, {"code": codes[3]})
    assert again.status_code == 400
    assert other.get("/workflow/")["Location"].startswith(SECOND_FACTOR)


def test_next_never_leaves_the_site(client, enrolled):
    user, device, _codes = enrolled
    force_login_unverified(client, user)
    response = client.post(SECOND_FACTOR, {"code": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/workflow/"


def test_staff_api_refuses_an_unverified_session_and_accepts_a_token(client, hrss_officer):
    force_login_unverified(client, hrss_officer)
    response = client.get("/api/v1/cases/")
    assert response.status_code in (401, 403)
    assert "第二步验证" in response.json()["errors"]["non_field_errors"][0]
    token = Token.objects.create(user=hrss_officer)
    assert Client().get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200


def test_verified_session_reaches_the_staff_api(client, hrss_officer):
    client.force_login(hrss_officer)
    assert client.get("/api/v1/cases/").status_code == 200


def test_public_pages_stay_open_to_residents(client):
    assert client.get("/").status_code == 200
    assert client.get("/track/").status_code == 200


def _connects(client) -> bool:
    from project.asgi import application

    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    ws = WebsocketCommunicator(
        application,
        "/ws/inbox/",
        headers=[
            (b"origin", b"http://127.0.0.1:8000"),
            (b"host", b"127.0.0.1:8000"),
            (b"cookie", cookie.encode()),
        ],
    )

    async def attempt():
        connected, _ = await ws.connect()
        await ws.disconnect()
        return connected

    return async_to_sync(attempt)()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_websocket_needs_the_second_factor(hrss_officer):
    unverified = Client()
    force_login_unverified(unverified, hrss_officer)
    assert not _connects(unverified)
    verified = Client()
    verified.force_login(hrss_officer)
    assert _connects(verified)


def test_demo_data_enrols_every_demo_user_with_its_printed_code(capsys):
    from django.core.management import call_command

    from workflow.management.commands.demo_data import DEMO_BACKUP_CODE

    call_command("demo_data")
    printed = capsys.readouterr().out
    assert DEMO_BACKUP_CODE in printed
    for username in ["triage", "psb", "hrss", "tax", "supervisor", "operator", "custodian", "admin"]:
        client = Client()
        login = client.post("/accounts/login/", {"username": username, "password": "demo12345"})
        assert login.status_code == 302, username
        response = client.post(SECOND_FACTOR, {"code": DEMO_BACKUP_CODE, "next": "/workflow/"})
        assert response.status_code == 302 and response["Location"] == "/workflow/", username
    assert StaticDevice.objects.filter(user__username="triage", name="demo").exists()
