"""Staff second factor in tests: the gate stays on; force_login passes it as a code would."""

from django.conf import settings
from django.test.client import ClientMixin
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

TEST_DEVICE_NAME = "test"
original_force_login = ClientMixin.force_login


def second_factor_pass(client, user) -> None:
    """Mark the client's session as verified by a confirmed device of `user`, as entering a
    code on the second-factor page does."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=TEST_DEVICE_NAME, defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


def force_login_verified(self, user, backend=None) -> None:
    original_force_login(self, user, backend)
    second_factor_pass(self, user)


def force_login_unverified(client, user, backend=None) -> None:
    """Log in with the password step only: what the gate must stop."""
    original_force_login(client, user, backend)
