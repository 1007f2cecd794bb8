"""Writes on a user's two-factor sign-in: set up, confirm, recovery codes, verify a code, turn off, remove.

An authenticator is a django-otp ``TOTPDevice``: unconfirmed while it is being set up, confirmed once
the user typed a code from it (only a confirmed one counts). A user has at most one confirmed
authenticator, and with it one ``StaticDevice`` holding their recovery codes, each usable once.
Checking a code saves django-otp's throttle (each wrong code doubles the wait before the next is
checked: 1, 2, 4… seconds) before any refusal is raised, so a refusal never rolls it back.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import User
from . import rules

RECOVERY_CODE_COUNT = 10
#: From this many recovery codes left, the user is told to make new ones.
FEW_RECOVERY_CODES = 3
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"
SIX_DIGITS = re.compile(r"\d{6}")


@dataclass
class Check:
    """The outcome of checking a code: the device that accepted it, or when the next try is allowed."""

    device: Device | None = None
    retry_at: datetime.datetime | None = None
    recovery_codes_left: int | None = None  # after a recovery code was used

    @property
    def accepted(self) -> bool:
        return self.device is not None


@dataclass
class Confirmed:
    authenticator: TOTPDevice
    recovery_codes: list[str] = field(default_factory=list)


def normalized(code: str) -> str:
    """A code as typed, without spaces or dashes and in lower case (recovery codes are shown in lower case)."""
    return re.sub(r"[\s-]", "", code).lower()


def authenticator_of(user: User) -> TOTPDevice | None:
    """``user``'s confirmed authenticator, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_authenticator(*, user: User) -> TOTPDevice:
    """The authenticator ``user`` is setting up: the same one until it is confirmed, created on first ask.

    A user who already has one may set up another (a new phone): the old one keeps working until
    the new one is confirmed.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def confirm_authenticator(*, user: User, code: str) -> Confirmed:
    """Confirm the authenticator being set up with a code from it; it replaces any earlier one.

    Also makes a new set of recovery codes (the old ones stop working) and returns them: the only
    time they are known in clear. ``ValidationError`` on ``code`` when no authenticator being set up
    accepts it (or while wrong codes make the user wait).
    """
    code = normalized(code)
    with transaction.atomic():
        pending = list(TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk"))
        check = _first_accepting(pending, code) if SIX_DIGITS.fullmatch(code) else Check()
        if isinstance(check.device, TOTPDevice):
            authenticator = check.device
            TOTPDevice.objects.filter(user=user).exclude(pk=authenticator.pk).delete()
            authenticator.confirmed = True
            authenticator.save(update_fields=["confirmed"])
            return Confirmed(authenticator=authenticator, recovery_codes=_new_recovery_codes(user))
    if not pending:
        raise ValidationError({"code": _("Start the set-up again: there is no authenticator being set up.")})
    raise ValidationError({"code": refusal(check)})


@transaction.atomic
def regenerate_recovery_codes(*, user: User) -> list[str]:
    """A new set of ``RECOVERY_CODE_COUNT`` recovery codes for ``user``; the old ones stop working.

    ``PermissionDenied`` when the user has no authenticator (recovery codes stand in for it).
    """
    if authenticator_of(user) is None:
        raise PermissionDenied(_("Set up two-factor sign-in first."))
    return _new_recovery_codes(user)


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def check_code(*, user: User, code: str) -> Check:
    """Check a code from ``user``'s authenticator, or one of their recovery codes (used up if it matches).

    Six digits are checked against the authenticator, anything else against the recovery codes. The
    throttle of the device asked is saved whatever the outcome.
    """
    code = normalized(code)
    if not code:
        return Check()
    with transaction.atomic():
        if SIX_DIGITS.fullmatch(code):
            devices: list[Device] = list(TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True))
        else:
            devices = list(StaticDevice.objects.select_for_update().filter(user=user, confirmed=True))
        check = _first_accepting(devices, code)
        if isinstance(check.device, StaticDevice):
            check.recovery_codes_left = check.device.token_set.count()
    return check


def _first_accepting(devices: list, code: str) -> Check:
    retry_at = None
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if not allowed:
            retry_at = max(filter(None, [retry_at, (details or {}).get("locked_until")]), default=None)
            continue
        if device.verify_token(code):
            return Check(device=device)
    return Check(retry_at=retry_at)


def refusal(check: Check) -> str:
    """What to tell a user whose code was refused."""
    if check.retry_at is not None:
        seconds = max(1, math.ceil((check.retry_at - timezone.now()).total_seconds()))
        return ngettext(
            "Too many wrong codes in a row. Wait %(seconds)s second, then try again.",
            "Too many wrong codes in a row. Wait %(seconds)s seconds, then try again.",
            seconds,
        ) % {"seconds": seconds}
    return _("That code is not correct. Check the code your app shows now, or use a recovery code.")


def turn_off(*, user: User, proof: str) -> None:
    """Remove ``user``'s authenticator and recovery codes, given their password or a current code.

    ``PermissionDenied`` when the policy requires two-factor sign-in of the user (checked first, so
    nothing is used up); ``ValidationError`` on ``proof`` when it is neither their password nor a
    code they could sign in with.
    """
    if rules.is_required(user):
        raise PermissionDenied(
            _("Two-factor sign-in is required for your role, so it cannot be turned off. You can set up a new app.")
        )
    if not user.check_password(proof):
        check = check_code(user=user, code=proof)
        if not check.accepted:
            message = refusal(check) if check.retry_at else _("That is neither your password nor a current code.")
            raise ValidationError({"proof": message})
    remove_devices(user=user)


@transaction.atomic
def remove_devices(*, user: User) -> int:
    """Turn two-factor sign-in off for ``user``: every authenticator and recovery code goes.

    For administrators helping a user who lost their phone and their codes (the admin, ``manage.py
    two_factor_reset``). A user the policy covers is asked to set it up again at their next request.
    Returns how many devices were removed.
    """
    _total, authenticators = TOTPDevice.objects.filter(user=user).delete()
    _total, recovery = StaticDevice.objects.filter(user=user).delete()
    return authenticators.get(TOTPDevice._meta.label, 0) + recovery.get(StaticDevice._meta.label, 0)
