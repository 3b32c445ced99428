"""Liveness and readiness for the load balancer: unauthenticated, cheap, revealing nothing."""

import pytest

from project import health


@pytest.mark.django_db
def test_liveness_answers_anonymously(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_checks_each_dependency_and_reports_background_as_degraded(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert {name: body["checks"][name] for name in health.ESSENTIAL} == dict.fromkeys(health.ESSENTIAL, "ok")
    # No worker runs in this test and beat never ran: ready, but degraded.
    assert body["checks"]["worker"] == "fail"
    assert body["checks"]["beat"] == "fail"
    assert body["status"] == "degraded"


@pytest.mark.django_db
def test_readiness_is_ok_when_worker_answered_and_beat_ran(client, monkeypatch):
    monkeypatch.setattr(health.app_control(), "ping", lambda timeout: [{"w1": {"ok": "pong"}}])
    health.beat_heartbeat()
    body = client.get("/readyz").json()
    assert body["status"] == "ok"
    assert set(body["checks"].values()) == {"ok"}


@pytest.mark.django_db
def test_beat_is_dead_when_its_heartbeat_is_older_than_three_intervals(client, settings, monkeypatch):
    health.beat_heartbeat()
    monkeypatch.setattr(health.time, "time", lambda: 10**10)
    assert health.check_beat() is False


@pytest.mark.django_db
def test_a_failing_database_makes_the_process_unready_without_saying_why(client, monkeypatch):
    def broken():
        raise RuntimeError("password authentication failed for user secret_db_user at 10.1.2.3")

    monkeypatch.setitem(health.ESSENTIAL, "database", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "fail"
    assert response.json()["status"] == "fail"
    assert b"secret_db_user" not in response.content and b"10.1.2.3" not in response.content


@pytest.mark.django_db
def test_health_endpoints_refuse_writes(client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405


@pytest.mark.django_db
def test_readiness_costs_few_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get("/readyz")
