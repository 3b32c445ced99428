"""The one way tests make people: residents' and administrators' accounts and officers.

Fixtures in tests/conftest.py and each folder's conftest.py are thin wrappers over these;
cases and reports are made through the services (file_report, submit) or
tests/credit/factories.py for decided cases.
"""

import itertools

from django.contrib.auth import get_user_model

from intake.models import Bureau
from workflow.models import Officer
from workflow.roles import role_grant

PASSWORD = "test-pass-12345"
_serial = itertools.count(1)


def user(username: str, *, password: str = PASSWORD, **extra):
    """An account without a role (a resident's, or one whose role a test sets itself)."""
    return get_user_model().objects.create_user(username=username, password=password, **extra)


def admin(username: str = "root", *, password: str = PASSWORD, **extra):
    """An administrator (superuser)."""
    return get_user_model().objects.create_superuser(username, password=password, **extra)


def officer(username: str, bureau_code: str, role: str = Officer.Role.OFFICER, **extra):
    """A staff member of `bureau_code` in `role`, with the role's permissions, read back
    fresh so no permission is cached from before the grant."""
    account = user(username, **extra)
    Officer.objects.create(user=account, bureau=Bureau.objects.get(code=bureau_code), role=role)
    role_grant(user=account, role=role)
    return get_user_model().objects.get(pk=account.pk)


def another_officer(bureau_code: str, role: str = Officer.Role.OFFICER):
    """One more staff member of a bureau, under a username no other test user has."""
    return officer(f"{bureau_code}-{role}-{next(_serial)}", bureau_code, role)
