"""Security headers (finding 9): a Content-Security-Policy without inline script on every
page, HSTS and secure cookies under production settings, and `check --deploy` clean."""

import json
import os
import re
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.conf import settings

from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
ROOT = settings.BASE_DIR


def production_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "HTTPS", "VAR_DIR"}}
    env.update(
        DJANGO_SETTINGS_MODULE="project.settings",
        DATABASE_URL="postgres://nobody@127.0.0.1:1/unused",  # not connected to
        SECRET_KEY=os.urandom(40).hex(),
        FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        ALLOWED_HOSTS="reports.example.cn",
        **extra,
    )
    return env


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in policy.split(";") if part.strip()}


def pages(client, triage_user, operator, supervisor, admin_user):
    """Every kind of page: public, workbench, supervision, notices, admin, API docs."""
    public = ["/", "/report/", "/report/?area=wage_arrears", "/track/", "/credit/", "/credit/sectors/"]
    public += ["/api/docs/", "/api/docs/?script=", "/accounts/login/"]
    for url in public:
        yield url, client.get(url)
    for user, urls in (
        (triage_user, ["/workflow/", "/notifications/"]),
        (operator, ["/staff/hotline/"]),
        (supervisor, ["/supervision/"]),
        (admin_user, ["/admin/", "/admin/intake/area/"]),
    ):
        client.force_login(user)
        for url in urls:
            yield url, client.get(url, follow=True)
        client.logout()


@pytest.fixture
def admin_user(db):
    return factories.admin(email="root@example.cn")


def test_every_page_has_a_policy_that_runs_only_our_own_script_files(
    client, triage_user, operator, supervisor, admin_user
):
    seen = 0
    for url, response in pages(client, triage_user, operator, supervisor, admin_user):
        assert response.status_code == 200, url
        policy = directives(response)
        assert policy["script-src"] == "'self'", url
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'", url
        if "html" in response["Content-Type"]:
            html = response.content.decode()
            assert not INLINE_SCRIPT.search(html), (url, INLINE_SCRIPT.search(html).group(0))
            assert not EVENT_HANDLER.search(html), (url, EVENT_HANDLER.search(html).group(0))
            seen += 1
    assert seen >= 12


def test_redoc_is_the_one_page_with_an_inline_script_exception(client):
    response = client.get("/api/redoc/")
    assert "'unsafe-inline'" in directives(response)["script-src"]
    assert "'unsafe-inline'" not in directives(client.get("/api/docs/"))["script-src"]


def test_the_websocket_of_this_host_may_be_opened(client):
    assert "wss://testserver" in directives(client.get("/"))["connect-src"]


def production_settings() -> dict:
    names = [
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_PROXY_SSL_HEADER",
    ]
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_under_production_settings_https_hsts_and_secure_cookies(client, settings, triage_user):
    production = production_settings()
    assert production["DEBUG"] is False
    assert production["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    for name, value in production.items():
        setattr(settings, name, tuple(value) if isinstance(value, list) else value)
    plain = client.get("/report/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    page = client.get("/report/", secure=True)
    assert page.status_code == 200
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert page["X-Content-Type-Options"] == "nosniff" and page["X-Frame-Options"] == "DENY"
    assert page["Referrer-Policy"] == "same-origin"
    assert directives(page)["script-src"] == "'self'"
    assert page.cookies["csrftoken"]["secure"]
    # the proxy says the request came over HTTPS: no redirect
    forwarded = client.get("/report/", HTTP_X_FORWARDED_PROTO="https")
    assert forwarded.status_code == 200
    login = client.post("/accounts/login/", {"username": "triage", "password": PASSWORD}, secure=True)
    assert login.status_code == 302
    assert login.cookies["sessionid"]["secure"] and login.cookies["sessionid"]["httponly"]


def test_check_deploy_is_clean_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
