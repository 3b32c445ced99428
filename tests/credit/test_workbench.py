"""Credit in the workbench: its tasks in the inbox and queue, the subjects' history on the
case page, and its task pages also under viewflow's own routes."""

import pytest
from django.test import Client
from django.urls import reverse
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.models import Task

from credit.flows import EnforcementFlow, PublicationFlow
from credit.models import Enforcement, Publication
from workflow import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def mounted(settings):
    settings.ROOT_URLCONF = "tests.credit.viewflow_urls"


def test_the_node_view_completes_the_task_through_viewflows_own_route(
    mounted, blacklisted, psb_officer, client
):
    blacklisted(measures=("restrict_exit",))
    enforcement = Enforcement.objects.get()
    task = Task.objects.get(process_id=enforcement.process_id, flow_task=EnforcementFlow.confirm)
    client.force_login(psb_officer)
    base = f"/workbench/enforcement/{task.process_id}/confirm/{task.pk}"
    # viewflow's route wants the task assigned to the user first.
    assert client.post(f"{base}/execute/", {"took_effect": "yes"}).status_code == 403
    with task.activation() as activation:
        activation.assign(psb_officer)
    assert client.get(f"{base}/execute/").status_code == 200
    assert client.post(f"{base}/execute/", {"took_effect": "yes", "note": ""}).status_code == 302
    enforcement.refresh_from_db()
    assert enforcement.state == Enforcement.State.IN_EFFECT


def publish_task(blacklisted):
    case, outcome = blacklisted(measures=("restrict_exit",))
    publication = Publication.objects.get(outcome=outcome)
    return case, Task.objects.get(process_id=publication.process_id, flow_task=PublicationFlow.publish)


def test_credit_tasks_wait_in_the_bureaus_workbench_queue_and_open_the_credit_page(
    blacklisted, hrss_officer, psb_officer, tax_officer
):
    case, publish = publish_task(blacklisted)
    confirm = Task.objects.get(process__flow_class=EnforcementFlow, flow_task=EnforcementFlow.confirm)

    assert list(selectors.task_queue(user=hrss_officer)) == [publish]
    assert list(selectors.task_queue(user=psb_officer)) == [confirm]
    assert not selectors.task_queue(user=tax_officer).exists()
    assert selectors.task_counts(user=hrss_officer) == {"inbox": 0, "queue": 1}

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(hrss_officer)
    queue = client.get(reverse("case:queue"))
    assert queue.status_code == 200
    page = queue.content.decode()
    link = reverse("case:registered_task", args=[publish.pk])
    assert f'href="{link}"' in page
    assert case.reference in page  # the case the publication serves names the row
    assert client.get(link).status_code == 200
    # Its old address opens the same page in the workbench.
    assert client.get(reverse("credit:task", args=[publish.pk]))["Location"] == link
    # The menu badge counts it.
    assert client.get(reverse("case:inbox")).context["workbench_counts"] == {"inbox": 0, "queue": 1}


def test_workbench_task_filter_offers_the_credit_steps(blacklisted, hrss_officer):
    _case, publish = publish_task(blacklisted)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(hrss_officer)
    response = client.get(reverse("case:queue"), {"flow_task": get_task_ref(PublicationFlow.publish)})
    assert response.status_code == 200
    assert reverse("case:registered_task", args=[publish.pk]) in response.content.decode()


def test_a_credit_task_the_officer_did_shows_in_the_archive_without_a_dead_link(blacklisted, hrss_officer):
    _case, publish = publish_task(blacklisted)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(hrss_officer)
    done = client.post(
        reverse("credit:task", args=[publish.pk]), {"summary": "责令支付拖欠工资。", "checked": "on"}
    )
    assert done.status_code == 302
    assert list(selectors.task_archive(user=hrss_officer)) == [publish]
    archive = client.get(reverse("case:archive")).content.decode()
    assert "Publish the decision" in archive
    assert reverse("case:registered_task", args=[publish.pk]) not in archive


def test_the_case_page_shows_the_subjects_credit_history_to_the_handling_bureau(
    blacklisted, hrss_officer, triage_user, tax_officer
):
    case, _publish = publish_task(blacklisted)
    url = reverse("case:case_detail", args=[case.reference])
    for user in (hrss_officer, triage_user):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        page = client.get(url)
        assert page.status_code == 200
        body = page.content.decode()
        assert "Subject&#x27;s history" in body or "Subject's history" in body
        assert "on the blacklist" in body
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(tax_officer)
    assert client.get(url).status_code == 404


def test_who_may_take_a_credit_task_is_the_same_on_every_surface(
    blacklisted, hrss_officer, psb_officer, tax_officer, supervisor
):
    """The credit task list, its task pages and the workbench's inbox and queue answer from
    one rule: a user's tasks are those they hold and the unassigned ones of their bureau."""
    from credit.flows import CREDIT_FLOWS
    from credit.selectors import credit_task_list

    _case, publish = publish_task(blacklisted)
    with publish.activation() as activation:
        activation.assign(hrss_officer)  # held now: in its holder's inbox, in nobody's queue
    credit_tasks = Task.objects.filter(process__flow_class__in=CREDIT_FLOWS, flow_task_type="HUMAN")
    for user in (hrss_officer, psb_officer, tax_officer, supervisor):
        workbench = {
            task.pk
            for task in [*selectors.task_inbox(user=user), *selectors.task_queue(user=user)]
            if task.flow_task.flow_class in CREDIT_FLOWS
        }
        listed = {task.pk for task in credit_task_list(user=user)}
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        page = {task.pk for task in client.get(reverse("credit:task_list")).context["tasks"]}
        opens = {
            task.pk
            for task in credit_tasks
            if client.get(reverse("case:registered_task", args=[task.pk])).status_code == 200
        }
        assert workbench == listed == page == opens, user.username
    assert {task.pk for task in credit_task_list(user=hrss_officer)} == {publish.pk}
    assert not credit_task_list(user=tax_officer).exists()


def test_the_credit_task_list_is_a_workbench_page_naming_each_tasks_case(blacklisted, hrss_officer):
    case, publish = publish_task(blacklisted)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(hrss_officer)
    response = client.get(reverse("credit:task_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "vf-card" in page and "credit-nav" not in page  # the workbench layout, not the public one
    assert "信用业务待办" in page
    assert reverse("credit:task", args=[publish.pk]) in page
    assert case.reference in page


def test_the_credit_task_list_reads_a_fixed_number_of_queries(blacklisted, hrss_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(hrss_officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("credit:task_list"))
        assert response.status_code == 200
        return len(captured)

    blacklisted(measures=("restrict_exit",))
    few = queries()
    for _ in range(3):
        blacklisted(measures=("restrict_exit",))
    assert queries() == few <= 12
