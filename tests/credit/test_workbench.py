"""Credit's task pages also work when a viewflow workbench mounts the flows."""

import pytest
from viewflow.workflow.models import Task

from credit.flows import EnforcementFlow
from credit.models import Enforcement

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
