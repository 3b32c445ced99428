"""Identity release: an officer asks with a reason, a custodian decides, an approval opens the
identity for the policy's hours, and supervisors read it all in the audit."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from workflow.models import IdentityAccessLog, IdentityRelease, IdentityReleasePolicy, Officer

REASON = "需要联系举报人核实用工单位的地址。"


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


@pytest.fixture
def real_name_case(file_report, drive):
    case = file_report(
        anonymous=False,
        reporter_name="张三",
        reporter_phone="13800138000",
        reporter_id_number="11010519491231002X",
    )
    drive.dispatch(case)
    return case


def identity_url(case) -> str:
    return reverse("case:reporter_identity", args=[case.reference])


def ask(user, case, reason=REASON):
    return client_for(user).post(identity_url(case), {"reason": reason})


def test_officer_asks_custodian_approves_and_the_identity_opens_for_the_policy_hours(
    real_name_case, hrss_head, custodian
):
    IdentityReleasePolicy.objects.update(open_hours=2)
    response = ask(hrss_head, real_name_case)
    assert response.status_code == 302
    release = IdentityRelease.objects.get()
    assert (release.requested_by, release.reason, release.status) == (hrss_head, REASON, "requested")

    queue = client_for(custodian).get("/identity/requests/")
    assert queue.status_code == 200
    page = queue.content.decode()
    assert real_name_case.reference in page and REASON in page and "张三" not in page

    decided = client_for(custodian).post(f"/identity/requests/{release.pk}/", {"decision": "approve"})
    assert decided.status_code == 302
    release.refresh_from_db()
    assert release.status == "approved" and release.decided_by == custodian
    assert release.open_until - release.decided_at == datetime.timedelta(hours=2)

    head = client_for(hrss_head)
    assert "张三" in head.get(identity_url(real_name_case)).content.decode()
    assert IdentityAccessLog.objects.get().release == release
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2, minutes=1)):
        later = head.get(identity_url(real_name_case))
        assert later.status_code == 200 and "张三" not in later.content.decode()
    assert IdentityAccessLog.objects.count() == 1


def test_a_release_opens_only_to_the_officer_who_asked(real_name_case, hrss_head, triage_user, custodian):
    ask(hrss_head, real_name_case)
    release = IdentityRelease.objects.get()
    client_for(custodian).post(f"/identity/requests/{release.pk}/", {"decision": "approve"})
    assert "张三" not in client_for(triage_user).get(identity_url(real_name_case)).content.decode()


def test_refusal_needs_a_note_and_the_officer_reads_it(real_name_case, hrss_head, custodian):
    ask(hrss_head, real_name_case)
    release = IdentityRelease.objects.get()
    custodian_client = client_for(custodian)
    bare = custodian_client.post(f"/identity/requests/{release.pk}/", {"decision": "refuse", "note": " "})
    assert bare.status_code == 400 and "请说明拒绝的理由" in bare.content.decode()
    release.refresh_from_db()
    assert release.status == "requested"
    custodian_client.post(
        f"/identity/requests/{release.pk}/", {"decision": "refuse", "note": "地址可从企业登记查到。"}
    )
    release.refresh_from_db()
    assert release.status == "refused" and release.open_until is None
    page = client_for(hrss_head).get(identity_url(real_name_case)).content.decode()
    assert "地址可从企业登记查到。" in page and "张三" not in page
    assert not IdentityAccessLog.objects.exists()


def test_a_request_needs_a_reason(real_name_case, hrss_head):
    response = ask(hrss_head, real_name_case, reason="看看")
    assert response.status_code == 400
    assert "请说明您为什么需要举报人的身份" in response.content.decode()
    assert not IdentityRelease.objects.exists()


def test_a_second_request_while_one_waits_is_refused(real_name_case, hrss_head):
    ask(hrss_head, real_name_case)
    again = ask(hrss_head, real_name_case)
    assert again.status_code == 400 and "保管人尚未决定" in again.content.decode()
    assert IdentityRelease.objects.count() == 1


def test_an_anonymous_report_has_no_identity_to_ask_for(file_report, drive, hrss_head):
    case = file_report()
    drive.dispatch(case)
    response = ask(hrss_head, case)
    assert response.status_code == 400 and "匿名" in response.content.decode()
    assert not IdentityRelease.objects.exists()


def test_who_may_not_ask_is_refused(real_name_case, hrss_officer, supervisor, psb_head, custodian):
    assert ask(hrss_officer, real_name_case).status_code == 403
    assert ask(supervisor, real_name_case).status_code == 403
    assert ask(psb_head, real_name_case).status_code == 404  # another bureau's case
    assert ask(custodian, real_name_case).status_code == 404  # custodians see no case
    assert not IdentityRelease.objects.exists()


@pytest.mark.parametrize("role", ["hrss_officer", "hrss_head", "supervisor", "triage_user"])
def test_only_custodians_reach_the_queue_and_decide(request, real_name_case, hrss_head, role):
    ask(hrss_head, real_name_case)
    release = IdentityRelease.objects.get()
    client = client_for(request.getfixturevalue(role))
    assert client.get("/identity/requests/").status_code == 403
    assert client.post(f"/identity/requests/{release.pk}/", {"decision": "approve"}).status_code == 403
    release.refresh_from_db()
    assert release.status == "requested"


def test_anonymous_visitors_are_sent_to_log_in():
    response = Client().get("/identity/requests/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_custodian_cannot_decide_their_own_request(real_name_case, hrss_head):
    from workflow.roles import role_grant

    role_grant(user=hrss_head, role=Officer.Role.CUSTODIAN)
    ask(hrss_head, real_name_case)
    release = IdentityRelease.objects.get()
    response = client_for(hrss_head).post(f"/identity/requests/{release.pk}/", {"decision": "approve"})
    assert response.status_code == 403
    release.refresh_from_db()
    assert release.status == "requested"


def test_a_decided_request_cannot_be_decided_again(real_name_case, hrss_head, custodian):
    ask(hrss_head, real_name_case)
    release = IdentityRelease.objects.get()
    client = client_for(custodian)
    client.post(f"/identity/requests/{release.pk}/", {"decision": "refuse", "note": "不需要。"})
    again = client.post(f"/identity/requests/{release.pk}/", {"decision": "approve"})
    assert again.status_code == 400 and "已经决定" in again.content.decode()
    release.refresh_from_db()
    assert release.status == "refused"


def test_decision_form_errors_are_clear(real_name_case, hrss_head, custodian):
    ask(hrss_head, real_name_case)
    release = IdentityRelease.objects.get()
    response = client_for(custodian).post(f"/identity/requests/{release.pk}/", {"decision": "maybe"})
    assert response.status_code == 400
    release.refresh_from_db()
    assert release.status == "requested"


def test_supervisors_read_requests_decisions_and_showings(
    real_name_case, hrss_head, custodian, supervisor, django_assert_max_num_queries
):
    ask(hrss_head, real_name_case)
    release = IdentityRelease.objects.get()
    client_for(custodian).post(f"/identity/requests/{release.pk}/", {"decision": "approve", "note": "同意。"})
    client_for(hrss_head).get(identity_url(real_name_case))
    client = client_for(supervisor)
    with django_assert_max_num_queries(12):
        response = client.get("/identity/audit/")
    page = response.content.decode()
    assert response.status_code == 200
    assert real_name_case.reference in page and REASON in page and "custodian" in page and "同意。" in page
    assert "张三" not in page
    for other in (hrss_head, custodian):
        assert client_for(other).get("/identity/audit/").status_code == 403


def test_audit_page_queries_do_not_grow_with_requests(
    file_report, drive, hrss_head, supervisor, django_assert_max_num_queries
):
    for _ in range(5):
        case = file_report(
            anonymous=False,
            reporter_name="李四",
            reporter_phone="13800138001",
            reporter_id_number="11010519491231002X",
        )
        drive.dispatch(case)
        ask(hrss_head, case)
    client = client_for(supervisor)
    with django_assert_max_num_queries(12):
        assert client.get("/identity/audit/").status_code == 200
