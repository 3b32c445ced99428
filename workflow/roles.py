"""Roles as Django groups with permissions, so viewflow's task permissions work unchanged."""

from django.contrib.auth.models import Group, Permission

from workflow.models import Officer
from workflow.permissions import SUPERVISE_CASE, TRIAGE_CASE

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Officer.Role.TRIAGE: [TRIAGE_CASE, "intake.view_reporter_identity"],
    Officer.Role.OFFICER: ["workflow.handle_case"],
    Officer.Role.HEAD: ["workflow.handle_case", "workflow.reassign_case", "intake.view_reporter_identity"],
    Officer.Role.SUPERVISOR: [SUPERVISE_CASE, "intake.adopt_policy"],
    Officer.Role.OPERATOR: ["workflow.file_for_caller"],
    Officer.Role.CUSTODIAN: ["workflow.decide_identity_release"],
}


def role_group(role: str) -> Group:
    group, _ = Group.objects.get_or_create(name=f"role:{role}")
    wanted = []
    for dotted in ROLE_PERMISSIONS[role]:
        app_label, codename = dotted.split(".")
        wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    group.permissions.set(wanted)
    return group


def role_grant(*, user, role: str) -> None:
    """Put `user` in the group of `role` (created with its permissions on first use)."""
    user.groups.add(role_group(role))
