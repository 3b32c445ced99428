"""The case page of the drill-down, and typical cases marked for the bulletins."""

import pytest
from django.urls import reverse

from supervision.models import TypicalCase

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_case_page_shows_the_steps_and_what_was_late(client, supervisor, march):
    response = login(client, supervisor).get(reverse("supervision:case", args=[march["B"].reference]), **EN)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count(">late<") == 2  # triage and investigation
    assert "20 working days" in body
    assert "Mark as typical" in body


def test_case_page_of_another_bureau_is_404_for_a_head(client, psb_head, march):
    login(client, psb_head)
    assert client.get(reverse("supervision:case", args=[march["A"].reference])).status_code == 404
    assert client.get(reverse("supervision:case", args=[march["D"].reference])).status_code == 200
    assert client.get(reverse("supervision:case", args=["NO-SUCH"])).status_code == 404


def test_supervisor_marks_changes_and_removes_a_typical_case(client, supervisor, march):
    login(client, supervisor)
    url = reverse("supervision:typical_mark", args=[march["D"].reference])
    assert client.post(url, {"note": "冒充公检法诈骗,已追回。"}).status_code == 302
    assert TypicalCase.objects.get(case=march["D"]).note == "冒充公检法诈骗,已追回。"
    assert client.post(url, {"note": "已公开曝光。"}).status_code == 302
    assert TypicalCase.objects.get(case=march["D"]).note == "已公开曝光。"
    response = client.post(reverse("supervision:typical_unmark", args=[march["D"].reference]))
    assert response.status_code == 302
    assert not TypicalCase.objects.exists()


def test_typical_case_needs_a_note(client, supervisor, march):
    response = login(client, supervisor).post(
        reverse("supervision:typical_mark", args=[march["D"].reference]), {"note": "   "}, **EN
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not TypicalCase.objects.exists()


def test_marking_needs_post(client, supervisor, march):
    login(client, supervisor)
    assert client.get(reverse("supervision:typical_mark", args=[march["D"].reference])).status_code == 405
