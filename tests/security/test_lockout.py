"""Wrong passwords lock the guesser out, not the officer (finding 12)."""

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def attempt(client, password, address):
    return client.post(LOGIN, {"username": "triage", "password": password}, REMOTE_ADDR=address)


def test_guessing_from_one_address_locks_that_address_out(client, triage_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong", "198.51.100.66")
    locked = attempt(client, PASSWORD, "198.51.100.66")  # even the right password
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_officer_still_logs_in_from_their_own_address(client, triage_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong", "198.51.100.66")
    response = attempt(client, PASSWORD, "203.0.113.20")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(triage_user.pk)


def test_other_usernames_from_the_guessing_address_are_not_locked(client, triage_user, supervisor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong", "198.51.100.66")
    response = client.post(
        LOGIN, {"username": "supervisor", "password": PASSWORD}, REMOTE_ADDR="198.51.100.66"
    )
    assert response.status_code == 302
