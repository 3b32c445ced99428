"""Each workflow event reaches the people the issue names, once, in the right channel."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from intake.models import Bureau, Report, ReportMessage
from notifications import selectors
from notifications.models import Message, Notice
from notifications.services import overdue_digest, unassigned_check
from tests import factories
from workflow.models import Case, Officer
from workflow.permissions import bureau_permission
from workflow.signals import CaseEvent, TaskEvent, case_changed, task_changed

PHONE = "13900139000"


@pytest.fixture
def reported_case(submit, make_case):
    """A case whose reporter left a phone (SMS) and whose acknowledgement is already out."""
    report = submit(source=Report.Source.SMS, reporter_phone=PHONE, language="en").report
    return make_case(report)


def send_case(case, event, actor=None, capture=None):
    with capture(execute=True):
        case_changed.send(sender=Case, case_id=case.pk, event=event, actor_id=actor.pk if actor else None)


def send_task(case, event, *, bureau=None, user=None, task_id=77, capture=None):
    with capture(execute=True):
        task_changed.send(
            sender=Case,
            task_id=task_id,
            case_id=case.pk,
            bureau_id=bureau.pk if bureau else None,
            user_id=user.pk if user else None,
            event=event,
        )


def messages(**filters):
    return list(Message.objects.filter(**filters).order_by("pk"))


def test_question_to_the_reporter_reaches_them_once_with_the_question(
    reported_case, file_outbox, django_capture_on_commit_callbacks
):
    ReportMessage.objects.create(report=reported_case.report, kind="question", text="Which company is it?")
    send_case(reported_case, CaseEvent.MORE_INFO_REQUESTED, capture=django_capture_on_commit_callbacks)
    send_case(reported_case, CaseEvent.MORE_INFO_REQUESTED, capture=django_capture_on_commit_callbacks)

    [message] = messages(kind="more_info")
    assert (message.channel, message.status) == ("sms", "sent")
    assert "Which company is it?" in file_outbox("sms")[message.pk]

    # A second question is a new message.
    ReportMessage.objects.create(report=reported_case.report, kind="question", text="When did it start?")
    send_case(reported_case, CaseEvent.MORE_INFO_REQUESTED, capture=django_capture_on_commit_callbacks)
    assert len(messages(kind="more_info")) == 2


def test_reply_reaches_the_reporter_with_the_rating_request(
    reported_case, file_outbox, django_capture_on_commit_callbacks
):
    ReportMessage.objects.create(
        report=reported_case.report, kind="reply", text="The employer paid the wages."
    )
    send_case(reported_case, CaseEvent.REPLIED, capture=django_capture_on_commit_callbacks)
    [message] = messages(kind="reply")
    text = file_outbox("sms")[message.pk]
    assert "The employer paid the wages." in text
    assert "rate" in text


def test_closure_reaches_the_reporter_and_those_whose_reports_were_merged_in(
    reported_case, submit, django_capture_on_commit_callbacks
):
    merged = submit(source=Report.Source.EMAIL, reporter_email="second@example.cn").report
    Report.objects.filter(pk=merged.pk).update(merged_into=reported_case.report)
    Case.objects.filter(pk=reported_case.pk).update(resolution=Case.Resolution.HANDLED, state="closed")

    send_case(reported_case, CaseEvent.CLOSED, capture=django_capture_on_commit_callbacks)
    send_case(reported_case, CaseEvent.CLOSED, capture=django_capture_on_commit_callbacks)

    closed = messages(kind="closed")
    assert sorted((m.report_id, m.channel) for m in closed) == sorted(
        [(reported_case.report_id, "sms"), (merged.pk, "email")]
    )
    assert all(m.status == "sent" for m in closed)
    assert "已办结" in mail.outbox[-1].body and merged.reference in mail.outbox[-1].body


def test_anonymous_reporter_without_contact_hears_nothing_about_their_case(
    submit, make_case, django_capture_on_commit_callbacks
):
    case = make_case(submit(source=Report.Source.WEB).report)
    for event in (CaseEvent.MORE_INFO_REQUESTED, CaseEvent.REPLIED, CaseEvent.CLOSED):
        send_case(case, event, capture=django_capture_on_commit_callbacks)
    assert Message.objects.count() == 0


@pytest.mark.parametrize("event", [CaseEvent.DISPATCHED, CaseEvent.SIGNED, CaseEvent.DECIDED])
def test_internal_case_steps_send_the_reporter_nothing(
    reported_case, event, django_capture_on_commit_callbacks
):
    before = Message.objects.count()
    send_case(reported_case, event, capture=django_capture_on_commit_callbacks)
    assert Message.objects.count() == before


def test_new_task_for_an_officer_gives_them_a_notice_and_an_email(
    reported_case, psb_officer, django_capture_on_commit_callbacks
):
    get_user_model().objects.filter(pk=psb_officer.pk).update(email="officer@psb.example.cn")
    send_task(
        reported_case,
        TaskEvent.ASSIGNED,
        bureau=Bureau.objects.get(code="hrss"),
        user=psb_officer,
        capture=django_capture_on_commit_callbacks,
    )

    staff = messages(user=psb_officer)
    assert sorted((m.kind, m.channel, m.status) for m in staff) == [
        ("task_new", "email", "sent"),
        ("task_new", "inapp", "sent"),
    ]
    notice = Notice.objects.get(user=psb_officer)
    assert notice.kind == "task_new" and notice.case_id == reported_case.pk
    assert mail.outbox[-1].to == ["officer@psb.example.cn"]
    assert reported_case.reference in mail.outbox[-1].subject


def test_unassigned_task_of_the_handling_bureau_sends_no_notice(
    reported_case, make_officer_in, django_capture_on_commit_callbacks
):
    make_officer_in("hrss", Officer.Role.OFFICER)
    send_task(
        reported_case,
        TaskEvent.CREATED,
        bureau=reported_case.bureau,
        capture=django_capture_on_commit_callbacks,
    )
    assert Notice.objects.count() == 0


def case_task(node: str, bureau) -> int:
    """A task row of the case flow's `node` for `bureau` (the notice reads only its node)."""
    from viewflow.workflow.models import Process, Task

    process = Process.objects.create(flow_class="workflow/flows.CaseFlow")
    return Task.objects.create(
        process=process,
        flow_task=f"workflow/flows.CaseFlow.{node}",
        flow_task_type="HUMAN",
        owner_permission=bureau_permission(bureau.pk),
    ).pk


def test_assistance_request_reaches_the_assisting_bureaus_officers_only(
    reported_case, psb_officer, psb_head, hrss_officer, django_capture_on_commit_callbacks
):
    psb = Bureau.objects.get(code="psb")
    send_task(
        reported_case,
        TaskEvent.CREATED,
        bureau=psb,
        task_id=case_task("assist", psb),
        capture=django_capture_on_commit_callbacks,
    )
    notified = set(Notice.objects.filter(kind="assistance").values_list("user_id", flat=True))
    assert notified == {psb_officer.pk, psb_head.pk}


def test_police_referral_reaches_the_police_as_a_new_task_not_an_assistance_request(
    reported_case, psb_officer, psb_head, django_capture_on_commit_callbacks
):
    psb = Bureau.objects.get(code="psb")
    send_task(
        reported_case,
        TaskEvent.CREATED,
        bureau=psb,
        task_id=case_task("referral", psb),
        capture=django_capture_on_commit_callbacks,
    )
    assert not Notice.objects.filter(kind="assistance").exists()
    notified = set(Notice.objects.filter(kind="task_new").values_list("user_id", flat=True))
    assert notified == {psb_officer.pk, psb_head.pk}


def test_nobody_hears_of_a_task_they_gave_themselves(
    reported_case, hrss_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for event in (TaskEvent.CREATED, TaskEvent.ASSIGNED):
            task_changed.send(
                sender=Case,
                task_id=77,
                case_id=reported_case.pk,
                bureau_id=reported_case.bureau_id,
                user_id=hrss_officer.pk,
                event=event,
                actor_id=hrss_officer.pk,
            )
    assert Message.objects.filter(user=hrss_officer).count() == 0
    # A head giving it to them is news.
    head = factories.user("hrss-head-x")
    with django_capture_on_commit_callbacks(execute=True):
        task_changed.send(
            sender=Case,
            task_id=77,
            case_id=reported_case.pk,
            bureau_id=reported_case.bureau_id,
            user_id=hrss_officer.pk,
            event=TaskEvent.ASSIGNED,
            actor_id=head.pk,
        )
    assert Notice.objects.filter(user=hrss_officer, kind="task_new").count() == 1


def test_reminder_reaches_the_assignee_or_else_the_bureau_head(
    reported_case, hrss_officer, make_officer_in, django_capture_on_commit_callbacks
):
    head = make_officer_in("hrss", Officer.Role.HEAD)
    send_task(
        reported_case,
        TaskEvent.REMINDER,
        bureau=reported_case.bureau,
        user=hrss_officer,
        capture=django_capture_on_commit_callbacks,
    )
    send_task(
        reported_case,
        TaskEvent.REMINDER,
        bureau=reported_case.bureau,
        task_id=78,
        capture=django_capture_on_commit_callbacks,
    )
    assert list(Notice.objects.filter(kind="reminder").order_by("pk").values_list("user_id", flat=True)) == [
        hrss_officer.pk,
        head.pk,
    ]


def test_escalation_reaches_every_supervisor(
    reported_case, supervisor, make_officer_in, hrss_officer, django_capture_on_commit_callbacks
):
    second = make_officer_in("ndrc", Officer.Role.SUPERVISOR)
    send_task(
        reported_case,
        TaskEvent.ESCALATION,
        bureau=reported_case.bureau,
        user=hrss_officer,
        capture=django_capture_on_commit_callbacks,
    )
    assert set(Notice.objects.filter(kind="escalation").values_list("user_id", flat=True)) == {
        supervisor.pk,
        second.pk,
    }


@pytest.mark.parametrize(
    "event, kind", [(CaseEvent.EXTENSION_REQUESTED, "extension"), (CaseEvent.DISPUTED, "dispute")]
)
def test_extension_requests_and_disputes_reach_supervisors_but_not_the_actor(
    reported_case, supervisor, make_officer_in, event, kind, django_capture_on_commit_callbacks
):
    acting = make_officer_in("ndrc", Officer.Role.SUPERVISOR)
    send_case(reported_case, event, actor=acting, capture=django_capture_on_commit_callbacks)
    assert list(Notice.objects.filter(kind=kind).values_list("user_id", flat=True)) == [supervisor.pk]


def test_unassigned_tasks_over_the_threshold_alert_the_bureau_head_once_a_day(
    reported_case, psb_head, hrss_officer, settings, django_capture_on_commit_callbacks
):
    from viewflow.workflow.models import Process, Task

    settings.NOTIFICATIONS_UNASSIGNED_THRESHOLD = 3
    process = Process.objects.create(flow_class="workflow/flows.CaseFlow")
    psb = Bureau.objects.get(code="psb")
    for _ in range(3):
        Task.objects.create(
            process=process,
            flow_task="workflow/flows.CaseFlow.sign",
            flow_task_type="HUMAN",
            owner_permission=bureau_permission(psb.pk),
        )
    # Below the threshold elsewhere; taken tasks do not count.
    Task.objects.create(
        process=process,
        flow_task="workflow/flows.CaseFlow.sign",
        flow_task_type="HUMAN",
        owner_permission=bureau_permission(reported_case.bureau_id),
    )
    Task.objects.create(
        process=process,
        flow_task="workflow/flows.CaseFlow.sign",
        flow_task_type="HUMAN",
        owner_permission=bureau_permission(psb.pk),
        owner=psb_head,
        status="ASSIGNED",
    )

    assert selectors.unassigned_task_counts() == {psb.pk: 3, reported_case.bureau_id: 1}
    with django_capture_on_commit_callbacks(execute=True):
        unassigned_check()
        unassigned_check()
    [notice] = Notice.objects.filter(kind="unassigned")
    assert notice.user_id == psb_head.pk and notice.context["count"] == 3


def test_daily_digest_lists_overdue_open_cases_to_supervisors_once(
    reported_case, submit, make_case, supervisor, django_capture_on_commit_callbacks
):
    get_user_model().objects.filter(pk=supervisor.pk).update(email="sup@wmb.example.cn")
    now = timezone.now()
    Case.objects.filter(pk=reported_case.pk).update(due_at=now - datetime.timedelta(days=3))
    on_time = make_case(submit(source=Report.Source.WEB).report, due_at=now + datetime.timedelta(days=3))
    closed = make_case(
        submit(source=Report.Source.WEB).report, due_at=now - datetime.timedelta(days=9), state="closed"
    )

    with django_capture_on_commit_callbacks(execute=True):
        overdue_digest()
        overdue_digest()
    digests = messages(kind="digest")
    assert sorted(m.channel for m in digests) == ["email", "inapp"]
    body = mail.outbox[-1].body
    assert reported_case.reference in body
    assert on_time.reference not in body and closed.reference not in body


def test_no_digest_when_nothing_is_overdue(supervisor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_digest() == []
    assert Message.objects.count() == 0


def test_reaching_reporters_and_staff_takes_one_query_whatever_their_number(
    submit, supervisor, make_officer_in, django_assert_max_num_queries
):
    reports = [submit(source=Report.Source.SMS, reporter_phone=PHONE).report for _ in range(6)]
    staff = [make_officer_in("ndrc", Officer.Role.SUPERVISOR) for _ in range(6)]
    with django_assert_max_num_queries(1):
        reach = selectors.reporter_reach(r.pk for r in reports)
    assert [row["channel"] for row in reach] == ["sms"] * 6
    with django_assert_max_num_queries(1):
        assert len(selectors.staff_reach(u.pk for u in staff)) == 6
    with django_assert_max_num_queries(1):
        assert len(selectors.supervisors()) == 7
    with django_assert_max_num_queries(1):
        selectors.unassigned_task_counts()
