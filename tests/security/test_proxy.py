"""Forwarded headers are believed only from TRUSTED_PROXIES: spoofing them neither escapes a
rate limit nor the login lockout (finding 1)."""

import pytest
from django.test import RequestFactory

from intake.models import Report
from intake.network import client_address

TRACK = "/api/v1/track/"
RECEIPT = {"receipt": "AAAA-BBBB-CCCC-DDDD-EEEE"}


def lookups(client, count: int, **meta) -> list[int]:
    codes = []
    for n in range(count):
        spoof = f"198.51.100.{n % 250}, 192.0.2.{n % 250}"
        response = client.post(
            TRACK, RECEIPT, content_type="application/json", HTTP_X_FORWARDED_FOR=spoof, **meta
        )
        codes.append(response.status_code)
    return codes


@pytest.mark.django_db
def test_rotating_forwarded_for_does_not_escape_the_receipt_lookup_limit(client, settings):
    settings.INTAKE_TRACK_RATE = "5/h"
    codes = lookups(client, 8, REMOTE_ADDR="203.0.113.7")
    assert codes[:5] == [404] * 5
    assert codes[5:] == [429] * 3


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_right_most_untrusted_address_is_limited(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.INTAKE_TRACK_RATE = "5/h"
    codes = []
    for n in range(8):
        # the client wrote the first entry; our proxy appended the address it saw
        forwarded = f"198.51.100.{n}, 203.0.113.7"
        response = client.post(
            TRACK,
            RECEIPT,
            content_type="application/json",
            REMOTE_ADDR="10.1.1.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )
        codes.append(response.status_code)
    assert codes[5:] == [429] * 3
    # another real client behind the same proxy is not limited by the first
    other = client.post(
        TRACK,
        RECEIPT,
        content_type="application/json",
        REMOTE_ADDR="10.1.1.1",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert other.status_code == 404


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        ([], "203.0.113.7", "1.2.3.4", "203.0.113.7"),
        (["10.0.0.1"], "203.0.113.7", "1.2.3.4", "203.0.113.7"),  # not from our proxy
        (["10.0.0.1"], "10.0.0.1", "1.2.3.4, 203.0.113.7", "203.0.113.7"),
        (["10.0.0.0/8"], "10.0.0.1", "1.2.3.4, 203.0.113.7, 10.2.2.2", "203.0.113.7"),
        (["10.0.0.1"], "10.0.0.1", "", "10.0.0.1"),
        (["10.0.0.1"], "10.0.0.1", "junk, 10.0.0.1", "10.0.0.1"),
        (["2001:db8::/32"], "2001:db8::1", "2001:db8::2, [2001:db9::5]:443", "2001:db9::5"),
    ],
)
def test_client_address_reads_the_chain_from_the_right(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


@pytest.mark.django_db
def test_real_name_report_keeps_the_address_our_proxy_saw(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    response = client.post(
        "/api/v1/reports/",
        {
            "description": "老板拖欠我们三个月工资,一直不给。",
            "anonymous": False,
            "reporter_name": "陈小明",
            "reporter_phone": "13812345678",
            "reporter_id_number": "11010519491231002X",
        },
        content_type="application/json",
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
    )
    assert response.status_code == 201, response.content
    assert Report.objects.get().reporter_ip == "203.0.113.9"


@pytest.mark.django_db
def test_rotating_forwarded_for_does_not_escape_the_login_lockout(client, triage_user, settings):
    from tests.factories import PASSWORD

    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/accounts/login/",
            {"username": "triage", "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    response = client.post(
        "/accounts/login/",
        {"username": "triage", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_procfile_leaves_forwarded_headers_to_the_trusted_proxy_rule():
    from django.conf import settings

    web = next(
        line for line in (settings.BASE_DIR / "Procfile").read_text().splitlines() if line.startswith("web:")
    )
    assert "daphne" in web and "--proxy-headers" not in web
