"""The admin pages of triage assistance: models with their figures and rollback, the policy."""

import pytest

from intake.triage import services
from intake.triage.models import TriageModel, TriagePolicy
from tests import factories
from tests.conftest import TRIAGE_SMALL_CORPUS


@pytest.fixture
def admin_client(client, db):
    admin = factories.admin()
    client.force_login(admin)
    return client


def test_models_are_listed_and_an_earlier_one_activated_from_the_admin(triage_model, admin_client):
    newer = services.triage_model_train(corpus=TRIAGE_SMALL_CORPUS, heldout=None)
    page = admin_client.get("/admin/triage/triagemodel/")
    assert page.status_code == 200 and "v2" in page.content.decode()
    assert admin_client.get(f"/admin/triage/triagemodel/{triage_model.pk}/change/").status_code == 200

    response = admin_client.post(
        "/admin/triage/triagemodel/", {"action": "activate", "_selected_action": [triage_model.pk]}
    )

    assert response.status_code == 302
    assert TriageModel.objects.get(is_active=True) == triage_model
    newer.refresh_from_db()
    assert not newer.is_active


def test_activating_two_versions_at_once_is_refused_and_changes_nothing(triage_model, admin_client):
    newer = services.triage_model_train(corpus=TRIAGE_SMALL_CORPUS, heldout=None)
    admin_client.post(
        "/admin/triage/triagemodel/",
        {"action": "activate", "_selected_action": [triage_model.pk, newer.pk]},
        follow=True,
    )
    assert TriageModel.objects.get(is_active=True) == newer


def test_policy_is_set_in_the_admin_and_refuses_a_bad_threshold(admin_client):
    url = "/admin/triage/triagepolicy/add/"
    assert admin_client.get(url).status_code == 200
    values = {"alert_count": "3", "alert_days": "30", "duplicate_days": "90"}
    bad = admin_client.post(url, {**values, "auto_dispatch_threshold": "1.5"})
    assert bad.status_code == 200 and not TriagePolicy.objects.exists()
    good = admin_client.post(url, {**values, "auto_dispatch_threshold": "0.9"})
    assert good.status_code == 302
    assert str(TriagePolicy.objects.get().auto_dispatch_threshold) == "0.900"
    assert admin_client.get("/admin/triage/repeatalert/").status_code == 200
