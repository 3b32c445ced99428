"""Per-bureau task permissions.

Human tasks carry an owner permission naming the bureau that may take them, e.g.
"workflow.handle_bureau_12" (viewflow's `.Permission(callable)`), so the queue filter is a
plain `owner_permission IN (...)` on an indexed column. This backend grants such
permissions from the user's Officer row; nothing is stored per bureau in auth tables.
"""

import re

from django.contrib.auth.backends import BaseBackend

from workflow.models import Officer

# Owner permissions of the tasks a role's queue holds, not a bureau's.
TRIAGE_CASE = "workflow.triage_case"  # the complaint centre (triage)
SUPERVISE_CASE = "workflow.supervise_case"  # supervisors (civilisation office, credit office)
ROLE_TASK_PERMISSIONS = (TRIAGE_CASE, SUPERVISE_CASE)

# action -> roles of the bureau's staff that hold it
BUREAU_ACTIONS: dict[str, set[str]] = {
    "handle": {Officer.Role.OFFICER, Officer.Role.HEAD},
    "head": {Officer.Role.HEAD},
}
_PATTERN = re.compile(r"^workflow\.(?P<action>[a-z]+)_bureau_(?P<bureau_id>\d+)$")


def bureau_permission(bureau_id: int, action: str = "handle") -> str:
    """The permission string a task of `bureau_id` carries for `action`."""
    if action not in BUREAU_ACTIONS:
        raise ValueError(f"unknown bureau action {action!r}")
    return f"workflow.{action}_bureau_{bureau_id}"


def bureau_of_permission(permission: str | None) -> int | None:
    """The bureau a task permission names ("workflow.handle_bureau_12" -> 12), else None."""
    match = _PATTERN.match(permission or "")
    return int(match["bureau_id"]) if match else None


def officer_of(user) -> Officer | None:
    """The user's Officer row, read once per user object; None for anyone else."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    cached = getattr(user, "_officer_cache", False)
    if cached is False:
        cached = Officer.objects.filter(user=user).first()
        user._officer_cache = cached
    return cached


class BureauPermissionBackend(BaseBackend):
    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        officer = officer_of(user_obj)
        if officer is None:
            return set()
        return {
            bureau_permission(officer.bureau_id, action)
            for action, roles in BUREAU_ACTIONS.items()
            if officer.role in roles
        }

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        match = _PATTERN.match(perm or "")
        if not match:
            return False
        return perm in self.get_all_permissions(user_obj)
