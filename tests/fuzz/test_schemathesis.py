"""Schemathesis against /api/schema/ with every check, anonymous and with a staff token."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client
from hypothesis import HealthCheck, Phase, settings
from schemathesis.config import SchemathesisConfig

from tests.fuzz.conftest import TRIED

# Every check is on. One is configured: a schema-valid request may still break a business rule
# no OpenAPI schema can state (a check digit, an area that exists, a real-name report
# without a name), which is a 400 with a message, not a defect.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "400", "401", "403", "404", "409", "429"]
            }
        }
    }
)
EXAMPLES = 15  # per operation and caller: bounded, so the whole run stays well under 3 minutes


def _load_schema():
    """The schema exactly as /api/schema/ serves it (no database needed to render it)."""
    response = Client().get("/api/schema/", {"format": "json"}, secure=True)  # HTTPS-only deployments
    assert response.status_code == 200
    loaded = schemathesis.openapi.from_dict(response.json(), config=CONFIG)
    django_app = get_wsgi_application()

    def app(environ, start_response):
        # A real server always gives the client's address; the test transport does not.
        environ.setdefault("REMOTE_ADDR", "203.0.113.7")
        environ["wsgi.url_scheme"] = "https"  # a deployment (DATABASE_URL) serves HTTPS only
        environ.setdefault("HTTP_X_FORWARDED_PROTO", "https")
        return django_app(environ, start_response)

    loaded.app = app
    return loaded


schema = _load_schema()
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: report, do not dwell
)


@pytest.fixture(autouse=True)
def _connection_kept_in_the_test_transaction():
    """Django's WSGI handler closes stale database connections at each request's start and
    end; on PostgreSQL that would close the connection inside the test's transaction. Django's
    test client keeps it open the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _needs_model(case, request) -> None:
    """Area suggestions answer 503 until a triage model is trained: train one for them."""
    if case.path.endswith("/areas/suggest/"):
        request.getfixturevalue("triage_model")


@pytest.fixture
def staff_token(db, hrss_officer):
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=hrss_officer).key


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_api_anonymous(case, request):
    TRIED["schemathesis anonymous"] += 1
    _needs_model(case, request)
    case.call_and_validate()


@schema.parametrize()
@FUZZ
def test_api_with_a_staff_token(case, staff_token, request):
    TRIED["schemathesis staff token"] += 1
    _needs_model(case, request)
    case.call_and_validate(headers={"Authorization": f"Token {staff_token}"})
