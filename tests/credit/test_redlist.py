"""Red-list entries: proposed by a bureau, approved by the credit office, with incentives."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from credit.flows import RedListFlow
from credit.models import CreditRecord, Incentive, RedListEntry
from credit.services.redlist import redlist_decide, redlist_expire, redlist_propose
from intake.models import Area, Bureau
from tests.factories import credit_code
from workflow.permissions import bureau_permission

pytestmark = pytest.mark.django_db


def proposal(**overrides):
    values = {
        "subject_kind": "organisation",
        "name": "儋州诚信建筑有限公司",
        "credit_code": credit_code(5001),
        "area": Area.objects.get(code="wage_arrears"),
        "reason": "连续三年按时足额支付农民工工资，无任何投诉。",
        "incentives": list(Incentive.objects.filter(code__in=["green_channel", "fewer_inspections"])),
        "valid_until": timezone.localdate() + datetime.timedelta(days=700),
    }
    values.update(overrides)
    return values


def test_a_bureau_proposes_and_the_credit_office_approves(hrss_officer, ndrc_officer, client):
    client.force_login(hrss_officer)
    data = proposal()
    response = client.post(
        "/credit/red-list/propose/",
        {
            **data,
            "area": "wage_arrears",
            "incentives": [i.pk for i in data["incentives"]],
            "valid_until": data["valid_until"].isoformat(),
        },
    )
    assert response.status_code == 302
    entry = RedListEntry.objects.get()
    assert entry.state == RedListEntry.State.PROPOSED and entry.bureau.code == "hrss"
    task = Task.objects.get(process_id=entry.process_id, flow_task=RedListFlow.decide)
    assert task.owner_permission == bureau_permission(Bureau.objects.get(code="ndrc").pk)
    assert client.get(f"/credit/tasks/{task.pk}/", follow=True).status_code == 404  # not hrss's to decide
    assert entry.subject.public_name not in client.get("/credit/?kind=redlist").content.decode()

    client.force_login(ndrc_officer)
    assert client.post(f"/credit/tasks/{task.pk}/", {"approve": "yes", "reason": ""}).status_code == 302
    entry.refresh_from_db()
    assert entry.state == RedListEntry.State.APPROVED and entry.decided_by == ndrc_officer
    record = CreditRecord.objects.get(kind=CreditRecord.Kind.RED_LIST)
    assert record.valid_until == entry.valid_until
    assert sorted(record.details["incentives"]) == ["fewer_inspections", "green_channel"]

    client.logout()
    page = client.get(f"/credit/red-list/{entry.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "儋州诚信建筑有限公司" in page and "Green channel" in page and "Fewer routine inspections" in page
    assert "儋州诚信建筑有限公司" in client.get("/credit/?kind=redlist").content.decode()
    api = client.get("/api/v1/credit/red-list/").json()
    assert api["results"][0]["incentives"][0]["code"] in {"green_channel", "fewer_inspections"}


def test_a_refusal_needs_a_reason_and_keeps_the_entry_private(hrss_officer, ndrc_officer, client):
    entry = redlist_propose(user=hrss_officer, **proposal())
    with pytest.raises(ValidationError):
        redlist_decide(entry=entry, user=ndrc_officer, approve=False)
    redlist_decide(entry=entry, user=ndrc_officer, approve=False, reason="材料不足。")
    entry.refresh_from_db()
    assert entry.state == RedListEntry.State.REFUSED and entry.refusal_reason == "材料不足。"
    assert client.get(f"/credit/red-list/{entry.pk}/").status_code == 404
    assert not CreditRecord.objects.exists()


def test_only_bureau_officers_propose(triage_user, supervisor):
    for user in (triage_user, supervisor):
        with pytest.raises(PermissionDenied):
            redlist_propose(user=user, **proposal())
    assert not RedListEntry.objects.exists()


def test_bad_proposals_get_messages_and_store_nothing(hrss_officer, client):
    client.force_login(hrss_officer)
    response = client.post(
        "/credit/red-list/propose/",
        {
            "subject_kind": "organisation",
            "name": "某公司",
            "credit_code": "91460400MA0000001X",
            "reason": "好",
            "incentives": [Incentive.objects.first().pk],
            "valid_until": "2020-01-01",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "The check character of this unified social credit code is wrong" in body
    assert "Explain in at least 10 characters why the subject deserves it." in body
    assert "The end date must be in the future." in body
    assert not RedListEntry.objects.exists()


def test_a_blacklisted_subject_cannot_be_proposed(blacklisted, hrss_officer):
    code = credit_code(5002)
    blacklisted(code=code)
    with pytest.raises(ValidationError) as error:
        redlist_propose(user=hrss_officer, **proposal(credit_code=code))
    assert "name" in error.value.message_dict


def test_entries_past_their_date_leave_the_red_list(hrss_officer, ndrc_officer):
    entry = redlist_propose(user=hrss_officer, **proposal())
    redlist_decide(entry=entry, user=ndrc_officer, approve=True)
    assert redlist_expire(today=entry.valid_until) == 0
    assert redlist_expire(today=entry.valid_until + datetime.timedelta(days=1)) == 1
    entry.refresh_from_db()
    assert entry.state == RedListEntry.State.ENDED
    assert (
        Task.objects.filter(
            process_id=entry.process_id, status__in=[STATUS.NEW, STATUS.ASSIGNED], flow_task_type="HUMAN"
        ).count()
        == 0
    )
