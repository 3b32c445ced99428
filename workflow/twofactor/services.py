"""Enrolment and verification of staff second factors."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery"
RECOVERY_CODE_COUNT = 10


def second_factor_enrolled(*, user: AbstractBaseUser) -> bool:
    """Whether `user` has any confirmed device (an authenticator app or recovery codes)."""
    return any(devices_for_user(user, confirmed=True))


@transaction.atomic
def authenticator_enrol_start(*, user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed authenticator `user` is setting up (one at a time); precondition: the
    caller checked that `user` may enrol (no confirmed device, or verified in this session)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


@transaction.atomic
def authenticator_enrol_confirm(*, user: AbstractBaseUser, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator being set up with a code it shows, replace any earlier
    authenticator and recovery codes, and return the device and the new recovery codes
    (shown once). ValidationError when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None or not device.verify_token(code.strip()):
        raise ValidationError(
            {"code": _("This code is not right. Enter the 6 digits your authenticator app shows now.")}
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device, recovery_codes_issue(user=user)


@transaction.atomic
def recovery_codes_issue(*, user: AbstractBaseUser, count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """Replace `user`'s recovery codes with `count` new single-use codes and return them."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def second_factor_check(*, user: AbstractBaseUser, code: str) -> Device:
    """The confirmed device of `user` that accepts `code` (six digits: the authenticator;
    anything else: a recovery code, used up), or ValidationError with a message for the user.
    Each device slows down repeated failures (django-otp throttling)."""
    code = "".join(code.split()).lower()
    kind = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    with transaction.atomic():
        devices = list(kind.objects.select_for_update().filter(user=user, confirmed=True))
        if devices and not any(device.verify_is_allowed()[0] for device in devices):
            raise ValidationError({"code": _("Too many wrong codes. Wait a minute, then try again.")})
        for device in devices if code else []:
            if device.verify_token(code):
                return device
    raise ValidationError(
        {
            "code": _(
                "This code is not right. Enter the 6 digits your authenticator app shows now, "
                "or one of your recovery codes."
            )
        }
    )
