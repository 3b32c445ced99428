"""Who must confirm a second factor, and whether a session has."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device

# Unverified staff may still reach these: the second-factor pages, logging out or in again,
# switching the language and static files.
OPEN_PATH_PREFIXES = (
    "/accounts/second-factor/",
    "/accounts/logout/",
    "/accounts/login/",
    "/i18n/",
    "/static/",
)


def second_factor_required(user) -> bool:
    """Every account is staff (officers, supervisors, custodians, administrators): residents
    report without an account, so any logged-in user must confirm a second factor."""
    return bool(getattr(user, "is_authenticated", False))


def second_factor_verified(user) -> bool:
    """True when the request's session confirmed a device of `user` (OTPMiddleware ran)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def second_factor_pending(user) -> bool:
    """A logged-in staff member who has not confirmed a second factor in this session."""
    return second_factor_required(user) and not second_factor_verified(user)


async def session_device_verified(*, session, user) -> bool:
    """The WebSocket counterpart of OTPMiddleware: the session names a confirmed device of `user`."""
    persistent_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    if not persistent_id:
        return False
    device = await Device.afrom_persistent_id(persistent_id)
    return device is not None and device.user_id == user.pk and device.confirmed
