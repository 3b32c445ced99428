"""The role queues' permission strings are defined once (workflow.permissions): the roles
grant them, the flow's tasks wait under them, the queue and live updates listen to them."""

from notifications.live import ROLE_QUEUES
from workflow import process
from workflow.flows import PERMISSIONS, CaseFlow
from workflow.models import Case, Officer
from workflow.permissions import ROLE_TASK_PERMISSIONS, SUPERVISE_CASE, TRIAGE_CASE
from workflow.roles import ROLE_PERMISSIONS
from workflow.selectors import task_permissions


def test_the_roles_flow_queue_and_live_updates_use_the_same_permission_strings():
    assert ROLE_TASK_PERMISSIONS == (TRIAGE_CASE, SUPERVISE_CASE) == ROLE_QUEUES
    assert TRIAGE_CASE in ROLE_PERMISSIONS[Officer.Role.TRIAGE]
    assert SUPERVISE_CASE in ROLE_PERMISSIONS[Officer.Role.SUPERVISOR]
    assert PERMISSIONS[process.Holder.COMPLAINT_CENTRE] == TRIAGE_CASE
    assert PERMISSIONS[process.Holder.SUPERVISORS] == SUPERVISE_CASE
    assert CaseFlow.triage._owner_permission == TRIAGE_CASE
    codenames = {codename for codename, _label in Case._meta.permissions}
    assert {permission.split(".", 1)[1] for permission in ROLE_TASK_PERMISSIONS} <= codenames


def test_a_role_user_queue_holds_the_tasks_of_their_role(triage_user, supervisor, psb_officer):
    assert TRIAGE_CASE in task_permissions(triage_user)
    assert SUPERVISE_CASE in task_permissions(supervisor)
    assert not set(ROLE_TASK_PERMISSIONS) & set(task_permissions(psb_officer))
