"""Role users and shared fixtures. Bureaus come from the reference-data migration."""

import os
from pathlib import Path

import pytest

from intake.models import Area, Bureau
from tests.factories import officer, report_file
from workflow.models import Officer

TRIAGE_SMALL_CORPUS = Path(__file__).resolve().parent / "triage" / "small_corpus.jsonl"


def pytest_collection_modifyitems(config, items):
    if os.environ.get("REDIS_URL"):
        return
    skip = pytest.mark.skip(reason="needs REDIS_URL: real Redis and a Celery worker (run in CI)")
    for item in items:
        if "services" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """The test client speaks plain HTTP; a deployment (DATABASE_URL set, as in CI's second
    run) redirects that to HTTPS. tests/security/test_headers.py covers the redirect."""
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _eager_celery(settings, tmp_path):
    """Tasks run in-process in tests (no broker, no worker); the file senders write under
    tmp_path. Integration tests (marked services) start a real worker and undo this."""
    from project.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    settings.NOTIFICATIONS_FILE_OUTBOX = tmp_path / "sent"
    yield
    app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _second_factor_with_force_login(monkeypatch):
    """The staff second-factor gate stays on in tests: `client.force_login(user)` also
    verifies the session, as a code typed on the second-factor page would. Tests of the
    gate itself log in with `tests.support.twofactor.force_login_unverified`."""
    from django.test.client import ClientMixin

    from tests.support.twofactor import force_login_verified

    monkeypatch.setattr(ClientMixin, "force_login", force_login_verified)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, and with no area read by an earlier test (whose
    rows it rolled back)."""
    from django.core.cache import cache

    from intake.selectors import areas_changed

    cache.clear()
    areas_changed()
    yield
    cache.clear()
    areas_changed()


@pytest.fixture
def triage_user(db):
    return officer("triage", "complaint_centre", Officer.Role.TRIAGE)


@pytest.fixture
def psb_officer(db):
    return officer("psb", "psb", Officer.Role.OFFICER)


@pytest.fixture
def psb_head(db):
    return officer("psb_head", "psb", Officer.Role.HEAD)


@pytest.fixture
def hrss_officer(db):
    return officer("hrss", "hrss", Officer.Role.OFFICER)


@pytest.fixture
def tax_officer(db):
    return officer("tax", "tax", Officer.Role.OFFICER)


@pytest.fixture
def supervisor(db):
    return officer("supervisor", "civilisation_office", Officer.Role.SUPERVISOR)


@pytest.fixture
def operator(db):
    return officer("operator", "complaint_centre", Officer.Role.OPERATOR)


@pytest.fixture
def custodian(db):
    return officer("custodian", "civilisation_office", Officer.Role.CUSTODIAN)


@pytest.fixture
def triage_model(db):
    """A triage model trained in a second on a small corpus (three areas and out of scope)."""
    from intake.triage.services import triage_model_train

    return triage_model_train(corpus=TRIAGE_SMALL_CORPUS, heldout=None, note="test")


@pytest.fixture
def area(db) -> Area:
    return Area.objects.get(code="wage_arrears")


@pytest.fixture
def submit(db):
    """File a report through report_submit with sensible defaults (tests.factories.report_file)."""
    return report_file


@pytest.fixture
def question_area(db) -> Area:
    """An area of its own (independent of the reference data) with a question of each type."""
    from intake.models import AreaBureau, Question

    bureau = Bureau.objects.create(code="test_lead", name="测试牵头局", name_en="Test lead bureau")
    area = Area.objects.create(
        code="test_questions",
        number=900,
        name="测试领域",
        name_en="Test area",
        summary="测试用",
        summary_en="For tests",
    )
    AreaBureau.objects.create(area=area, bureau=bureau, role=AreaBureau.Role.LEAD)
    Question.objects.create(
        area=area,
        code="amount",
        text="金额",
        text_en="Amount owed",
        datatype=Question.Datatype.NUMBER,
        required=True,
        position=1,
    )
    Question.objects.create(
        area=area,
        code="paid_on",
        text="日期",
        text_en="Last paid on",
        datatype=Question.Datatype.DATE,
        position=2,
    )
    Question.objects.create(
        area=area,
        code="channel",
        text="方式",
        text_en="How",
        datatype=Question.Datatype.CHOICE,
        position=3,
        choices=[
            {"key": "bank", "name": "银行", "name_en": "Bank"},
            {"key": "cash", "name": "现金", "name_en": "Cash"},
        ],
    )
    Question.objects.create(
        area=area,
        code="note",
        text="备注",
        text_en="Note",
        datatype=Question.Datatype.TEXT,
        position=4,
    )
    return area


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's default language, whatever an earlier test activated."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
