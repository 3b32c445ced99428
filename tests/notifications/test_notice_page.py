"""The staff member's notice list: own notices only, both languages, a fragment for live.js."""

import pytest
from django.urls import reverse

from intake.models import Report
from notifications.models import Notice
from workflow.signals import TaskEvent, task_changed


@pytest.fixture
def notices(submit, make_case, hrss_officer, psb_officer, django_capture_on_commit_callbacks):
    case = make_case(submit(source=Report.Source.WEB).report)
    with django_capture_on_commit_callbacks(execute=True):
        for task_id, user in [(1, hrss_officer), (2, hrss_officer), (3, psb_officer)]:
            task_changed.send(
                sender=None,
                task_id=task_id,
                case_id=case.pk,
                bureau_id=case.bureau_id,
                user_id=user.pk,
                event=TaskEvent.ASSIGNED,
            )
    return case


def test_officer_sees_only_own_notices_in_english(
    client, notices, hrss_officer, django_assert_max_num_queries
):
    client.force_login(hrss_officer)
    with django_assert_max_num_queries(9):  # + the second factor's device, read once a request
        response = client.get(reverse("notifications:notice_list"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(f"New task: {notices.reference}") == 2
    assert reverse("case:case_detail", args=[notices.reference]) in html
    assert 'data-live="/ws/inbox/"' in html


def test_notice_page_speaks_chinese_by_default(client, notices, hrss_officer):
    client.force_login(hrss_officer)
    html = client.get(reverse("notifications:notice_list"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"新任务：{notices.reference}" in html


def test_fragment_is_the_list_only(client, notices, hrss_officer):
    client.force_login(hrss_officer)
    html = client.get(reverse("notifications:notice_list") + "?fragment=1").content.decode()
    assert "<ul>" in html and "<html" not in html


def test_notice_page_needs_a_login(client):
    response = client.get(reverse("notifications:notice_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_officer_marks_own_notice_read_but_not_anothers(client, notices, hrss_officer, psb_officer):
    own = Notice.objects.filter(user=hrss_officer).first()
    other = Notice.objects.get(user=psb_officer)
    client.force_login(hrss_officer)
    assert client.post(reverse("notifications:notice_read", args=[other.pk])).status_code == 302
    other.refresh_from_db()
    assert other.read_at is None
    client.post(reverse("notifications:notice_read", args=[own.pk]))
    own.refresh_from_db()
    assert own.read_at is not None
    client.post(reverse("notifications:notice_read_all"))
    assert not Notice.objects.filter(user=hrss_officer, read_at__isnull=True).exists()
    assert Notice.objects.filter(user=psb_officer, read_at__isnull=True).count() == 1


def test_reading_a_notice_needs_post(client, notices, hrss_officer):
    client.force_login(hrss_officer)
    own = Notice.objects.filter(user=hrss_officer).first()
    assert client.get(reverse("notifications:notice_read", args=[own.pk])).status_code == 405
    own.refresh_from_db()
    assert own.read_at is None


def test_notice_list_page_is_mobile_ready_and_loads_live_js(client, hrss_officer):
    client.force_login(hrss_officer)
    html = client.get(reverse("notifications:notice_list")).content.decode()
    assert 'name="viewport"' in html
    assert "notifications/live.js" in html
