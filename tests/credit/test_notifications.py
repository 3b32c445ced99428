"""Credit's tasks reach the right people: a measure to enforce or a credit-office decision is
a new task for that bureau (not an assistance request), also without a case, with a link to
the credit task page."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.models import Task

from credit.flows import EnforcementFlow, RedListFlow
from credit.models import Incentive, RedListEntry
from intake.models import Area
from notifications.models import Message, Notice
from notifications.services.texts import message_context
from tests.factories import credit_code

pytestmark = pytest.mark.django_db


def test_a_measure_to_enforce_is_a_new_task_for_its_bureau_not_an_assistance_request(
    blacklisted, psb_officer, psb_head, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case, _outcome = blacklisted(measures=("restrict_exit",))
    assert case.bureau.code == "hrss"
    confirm = Task.objects.get(flow_task=EnforcementFlow.confirm)
    assert not Notice.objects.filter(kind="assistance").exists()
    notified = set(Notice.objects.filter(kind="task_new").values_list("user_id", flat=True))
    assert notified == {psb_officer.pk, psb_head.pk}

    message = Message.objects.filter(user=psb_officer, kind="task_new").first()
    path = reverse("case:registered_task", args=[confirm.pk])
    assert message_context(message)["case_url"].endswith(path)
    client = Client()
    client.force_login(psb_officer)
    assert client.get(path).status_code == 200
    assert f'href="{path}"' in client.get(reverse("notifications:notice_list")).content.decode()


def test_a_red_list_proposal_reaches_the_credit_office_without_a_case(
    hrss_officer, ndrc_officer, django_capture_on_commit_callbacks
):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(hrss_officer)
    data = {
        "subject_kind": "organisation",
        "name": "儋州诚信建筑有限公司",
        "credit_code": credit_code(5101),
        "area": "wage_arrears",
        "reason": "连续三年按时足额支付农民工工资，无任何投诉。",
        "incentives": list(Incentive.objects.filter(code="green_channel").values_list("pk", flat=True)),
        "valid_until": (timezone.localdate() + datetime.timedelta(days=700)).isoformat(),
    }
    assert Area.objects.filter(code="wage_arrears").exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/credit/red-list/propose/", data).status_code == 302
    entry = RedListEntry.objects.get()
    task = Task.objects.get(process_id=entry.process_id, flow_task=RedListFlow.decide)

    [notice] = Notice.objects.filter(user=ndrc_officer)
    assert notice.kind == "task_new" and notice.case_id is None
    assert not Notice.objects.filter(user=hrss_officer).exists()  # the proposer is not told
    client.force_login(ndrc_officer)
    page = client.get(reverse("notifications:notice_list")).content.decode()
    assert "Decide on the red-list entry" in page
    assert f'href="{reverse("case:registered_task", args=[task.pk])}"' in page
