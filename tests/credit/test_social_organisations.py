"""Area 15 (line 43): the public list of illegal social organisations and warnings
(公布非法社会组织名单及预警信息), published by the lead unit."""

import pytest

from credit.models import OrganisationWarning
from tests.factories import officer

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NEW = "/credit/social-organisations/warnings/new/"


@pytest.fixture
def civil_affairs(db):
    return officer("civil", "civil_affairs")


def test_the_lead_unit_publishes_a_warning_shown_to_everyone(
    client, civil_affairs, django_assert_max_num_queries
):
    client.force_login(civil_affairs)
    assert client.get(NEW, **EN).status_code == 200
    response = client.post(
        NEW,
        {"organisation_name": "儋州市某某慈善总会", "text": "该组织未经登记，以慈善名义募集资金，请勿参与。"},
        **EN,
    )
    assert response.status_code == 302
    warning = OrganisationWarning.objects.get()
    assert warning.bureau.code == "civil_affairs" and warning.published_by == civil_affairs
    client.logout()
    with django_assert_max_num_queries(6):
        page = client.get("/credit/social-organisations/", **EN)
    body = page.content.decode()
    assert page.status_code == 200
    assert "儋州市某某慈善总会" in body and "请勿参与" in body
    assert "Publish a warning" not in body


def test_a_bad_warning_gets_messages_and_stores_nothing(client, civil_affairs):
    client.force_login(civil_affairs)
    response = client.post(NEW, {"organisation_name": " ", "text": "太短"}, **EN)
    body = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in body or "Name the organisation." in body
    assert not OrganisationWarning.objects.exists()
    response = client.post(NEW, {"organisation_name": "某协会", "text": "太短了"}, **EN)
    assert response.status_code == 400
    assert "Write the warning in at least 10 characters." in response.content.decode()
    assert not OrganisationWarning.objects.exists()


def test_only_the_lead_unit_publishes(client, hrss_officer):
    assert client.get(NEW).status_code == 302  # anonymous: to the login page
    client.force_login(hrss_officer)
    assert client.get(NEW).status_code == 403
    form = {"organisation_name": "某协会", "text": "该组织未经登记开展活动，请勿参与。"}
    assert client.post(NEW, form).status_code == 403
    assert not OrganisationWarning.objects.exists()
