"""Each measure's bureau confirms it took effect (or says why not), on time or reminded."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS
from viewflow.workflow.timers import fire_due_timers

from credit.flows import EnforcementFlow
from credit.models import Enforcement
from credit.services.listings import enforcement_confirm
from intake.crypto import keyed_hash
from intake.models import Report
from tests.factories import case_decided, decided, id_number, outcome_add
from workflow.models import Outcome
from workflow.signals import TaskEvent, task_changed

pytestmark = pytest.mark.django_db

CST = datetime.timezone(datetime.timedelta(hours=8))
MONDAY = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=CST)


def confirm_task(enforcement):
    return Task.objects.get(process_id=enforcement.process_id, flow_task=EnforcementFlow.confirm)


@pytest.fixture
def exit_ban(blacklisted):
    """The psb's measure (restrict leaving the country) of a fresh listing."""
    with time_machine.travel(MONDAY, tick=False):
        blacklisted()
    return Enforcement.objects.get(measure__code="restrict_exit")


def test_the_measures_bureau_confirms_it_took_effect(exit_ban, psb_officer, client):
    client.force_login(psb_officer)
    task = confirm_task(exit_ban)
    page = client.get(f"/credit/tasks/{task.pk}/", follow=True)
    assert page.status_code == 200
    response = client.post(f"/credit/tasks/{task.pk}/", {"took_effect": "yes", "note": ""})
    assert response.status_code == 302
    exit_ban.refresh_from_db()
    assert exit_ban.state == Enforcement.State.IN_EFFECT
    assert exit_ban.confirmed_by == psb_officer
    task.refresh_from_db()
    assert task.status == STATUS.DONE and task.owner == psb_officer
    # The process now waits for the listing to end.
    assert Task.objects.filter(
        process_id=exit_ban.process_id, flow_task=EnforcementFlow.in_effect, status=STATUS.NEW
    ).exists()


def test_a_measure_that_could_not_take_effect_needs_the_reason(exit_ban, psb_officer, client):
    client.force_login(psb_officer)
    task = confirm_task(exit_ban)
    response = client.post(
        f"/credit/tasks/{task.pk}/", {"took_effect": "no", "note": ""}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    assert "Say why the measure could not take effect." in response.content.decode()
    exit_ban.refresh_from_db()
    assert exit_ban.state == Enforcement.State.PENDING
    assert confirm_task(exit_ban).status == STATUS.NEW

    client.post(f"/credit/tasks/{task.pk}/", {"took_effect": "no", "note": "当事人已在境外，无法执行。"})
    exit_ban.refresh_from_db()
    assert exit_ban.state == Enforcement.State.NOT_EFFECTED
    assert exit_ban.note == "当事人已在境外，无法执行。"
    assert (
        not Task.objects.filter(process_id=exit_ban.process_id, status__in=[STATUS.NEW, STATUS.ASSIGNED])
        .filter(flow_task_type="HUMAN")
        .exists()
    )


def test_an_officer_of_another_bureau_cannot_complete_an_enforcement_task(exit_ban, hrss_officer, client):
    with pytest.raises(PermissionDenied):
        enforcement_confirm(enforcement=exit_ban, user=hrss_officer, took_effect=True)
    client.force_login(hrss_officer)
    task = confirm_task(exit_ban)
    assert client.get(f"/credit/tasks/{task.pk}/", follow=True).status_code == 404
    assert client.post(f"/credit/tasks/{task.pk}/", {"took_effect": "yes"}).status_code == 404
    exit_ban.refresh_from_db()
    task.refresh_from_db()
    assert exit_ban.state == Enforcement.State.PENDING and exit_ban.confirmed_at is None
    assert task.status == STATUS.NEW and task.owner_id is None


def test_a_task_taken_by_a_colleague_is_theirs(exit_ban, psb_officer, psb_head):
    with confirm_task(exit_ban).activation() as activation:
        activation.assign(psb_officer)  # taken in the workbench
    with pytest.raises(PermissionDenied):
        enforcement_confirm(enforcement=exit_ban, user=psb_head, took_effect=True)
    enforcement_confirm(enforcement=exit_ban, user=psb_officer, took_effect=True)
    exit_ban.refresh_from_db()
    assert exit_ban.state == Enforcement.State.IN_EFFECT


def test_bad_input_changes_nothing(exit_ban, psb_officer):
    with pytest.raises(ValidationError):
        enforcement_confirm(enforcement=exit_ban, user=psb_officer, took_effect=False, note=" ")
    assert confirm_task(exit_ban).status == STATUS.NEW


def test_the_task_list_shows_the_bureaus_queue_only(
    exit_ban, psb_officer, hrss_officer, client, django_assert_max_num_queries
):
    client.force_login(psb_officer)
    with django_assert_max_num_queries(15):
        page = client.get("/credit/tasks/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert f"/credit/tasks/{confirm_task(exit_ban).pk}/" in page.content.decode()
    client.force_login(hrss_officer)
    other = client.get("/credit/tasks/").content.decode()
    assert f"/credit/tasks/{confirm_task(exit_ban).pk}/" not in other


def test_an_overdue_confirmation_reminds_the_bureau_then_alerts_supervisors(
    exit_ban, django_capture_on_commit_callbacks
):
    heard = []

    def listen(sender, **kwargs):
        heard.append(kwargs)

    task = confirm_task(exit_ban)
    task_changed.connect(listen)
    try:
        # Due at the end of 2026-11-16 (10 working days after Monday 2026-11-02).
        with time_machine.travel(datetime.datetime(2026, 11, 16, 22, 0, tzinfo=CST), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                fire_due_timers()
        assert [k for k in heard if k["task_id"] == task.pk] == []

        with time_machine.travel(datetime.datetime(2026, 11, 17, 8, 0, tzinfo=CST), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                fire_due_timers()
        mine = [k for k in heard if k["task_id"] == task.pk]
        assert [k["event"] for k in mine] == [TaskEvent.REMINDER]
        assert mine[0]["bureau_id"] == exit_ban.bureau_id and mine[0]["case_id"] == exit_ban.listing.case_id
        exit_ban.refresh_from_db()
        assert exit_ban.reminded_at is not None and exit_ban.escalated_at is None

        # Two working days later still open: supervisors are alerted.
        with time_machine.travel(datetime.datetime(2026, 11, 19, 8, 0, tzinfo=CST), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                fire_due_timers()
        mine = [k["event"] for k in heard if k["task_id"] == task.pk]
        assert mine == [TaskEvent.REMINDER, TaskEvent.ESCALATION]
        exit_ban.refresh_from_db()
        assert exit_ban.escalated_at is not None
    finally:
        task_changed.disconnect(listen)
    # The overdue task is still there to be done.
    assert confirm_task(exit_ban).status == STATUS.NEW


def test_a_confirmation_in_time_raises_no_reminder(exit_ban, psb_officer, django_capture_on_commit_callbacks):
    enforcement_confirm(enforcement=exit_ban, user=psb_officer, took_effect=True)
    heard = []

    def listen(sender, **kwargs):
        heard.append(kwargs["event"])

    task_changed.connect(listen)
    try:
        with time_machine.travel(datetime.datetime(2026, 12, 1, 8, 0, tzinfo=CST), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                fire_due_timers()
    finally:
        task_changed.disconnect(listen)
    exit_ban.refresh_from_db()
    assert exit_ban.reminded_at is None
    assert not Task.objects.filter(process_id=exit_ban.process_id, status=STATUS.SCHEDULED).exists()


def test_only_the_enforcing_bureau_sees_a_listed_persons_full_id_number(psb_officer, hrss_officer, client):
    number = id_number(55)
    case = case_decided(subject_kind=Report.SubjectKind.PERSON, subject_name="周某")
    outcome_add(
        case,
        Outcome.Kind.BLACKLIST,
        measures=["restrict_exit"],
        subject_kind=Report.SubjectKind.PERSON,
        subject_name="周某",
        subject_id_number=number,
        subject_id_hash=keyed_hash(number, purpose="id"),
    )
    decided(case)
    task = confirm_task(Enforcement.objects.get())
    client.force_login(psb_officer)
    assert number in client.get(f"/credit/tasks/{task.pk}/", follow=True).content.decode()
    client.force_login(hrss_officer)
    assert client.get(f"/credit/tasks/{task.pk}/", follow=True).status_code == 404


def test_each_showing_of_a_listed_persons_id_number_is_in_the_identity_audit_log(
    psb_officer, hrss_officer, client
):
    from workflow.models import IdentityAccessLog

    number = id_number(56)
    case = case_decided(subject_kind=Report.SubjectKind.PERSON, subject_name="吴某")
    outcome_add(
        case,
        Outcome.Kind.BLACKLIST,
        measures=["restrict_exit"],
        subject_kind=Report.SubjectKind.PERSON,
        subject_name="吴某",
        subject_id_number=number,
        subject_id_hash=keyed_hash(number, purpose="id"),
    )
    decided(case)
    task = confirm_task(Enforcement.objects.get())
    client.force_login(hrss_officer)
    assert client.get(f"/credit/tasks/{task.pk}/", follow=True).status_code == 404
    assert not IdentityAccessLog.objects.exists()

    client.force_login(psb_officer)
    assert number in client.get(f"/credit/tasks/{task.pk}/", follow=True).content.decode()
    bad = client.post(f"/credit/tasks/{task.pk}/", {"took_effect": "maybe"})
    assert bad.status_code == 422 and number in bad.content.decode()
    logs = list(IdentityAccessLog.objects.values_list("user_id", "case_id", "fields"))
    assert logs == [(psb_officer.pk, case.pk, ["credit_subject_id_number"])] * 2


def test_an_organisations_enforcement_page_writes_no_identity_log(exit_ban, psb_officer, client):
    from workflow.models import IdentityAccessLog

    client.force_login(psb_officer)
    assert client.get(f"/credit/tasks/{confirm_task(exit_ban).pk}/", follow=True).status_code == 200
    assert not IdentityAccessLog.objects.exists()
