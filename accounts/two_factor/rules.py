"""Who must use two-factor sign-in, and what a request still lacks to be signed in fully.

One question, asked by the middleware (pages and the API), the API's session authentication and the
admin site: ``pending_step(request)`` is ``None`` when the request's sign-in is complete, ``CODE``
when the user has an authenticator and has not given a code in this session, ``SET_UP`` when the
policy requires two-factor sign-in of the user and they have no authenticator yet.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import Membership, SignInPolicy, User


class Step(enum.StrEnum):
    CODE = "code"
    SET_UP = "set_up"


#: The roles a policy may cover (``TWO_FACTOR_REQUIRED_FOR`` and ``SignInPolicy``).
COORDINATORS = "coordinators"
ADMINS = "admins"


@dataclass(frozen=True)
class Standing:
    """A user's two-factor situation: whether they have a confirmed authenticator, whether they must."""

    has_authenticator: bool
    required: bool


def standing(user: User) -> Standing:
    """``user``'s standing, read in one query (their authenticator, their roles and the policy row)."""
    policy = SignInPolicy.objects.filter(pk=SignInPolicy.ONLY_ROW)
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            has_authenticator=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            coordinates=Exists(Membership.objects.filter(user=OuterRef("pk"), role=Membership.Role.COORDINATOR)),
            policy_coordinators=Subquery(policy.values("require_for_coordinators")),
            policy_admins=Subquery(policy.values("require_for_admins")),
        )
        .values("has_authenticator", "coordinates", "policy_coordinators", "policy_admins", "is_staff", "is_superuser")
        .first()
    )
    if row is None:
        return Standing(has_authenticator=False, required=False)
    return Standing(has_authenticator=row["has_authenticator"], required=_required(row))


def _required(row: dict[str, Any]) -> bool:
    covered = set(settings.TWO_FACTOR_REQUIRED_FOR)
    if row["policy_coordinators"]:
        covered.add(COORDINATORS)
    if row["policy_admins"]:
        covered.add(ADMINS)
    return (COORDINATORS in covered and row["coordinates"]) or (
        ADMINS in covered and (row["is_staff"] or row["is_superuser"])
    )


def is_required(user: User) -> bool:
    """Whether the policy requires two-factor sign-in of ``user`` (a coordinator, an administrator)."""
    return standing(user).required


_MEMO = "_two_factor_pending_step"


def pending_step(request: HttpRequest) -> Step | None:
    """What the request's user must still do to be signed in fully; None when nothing (or not signed in).

    A session that gave a code (``user.is_verified()``, django-otp's middleware) is complete without
    a query more. The answer is kept on the request: the middleware, the API and the admin ask it.
    """
    if hasattr(request, _MEMO):
        return getattr(request, _MEMO)
    step = _pending_step(request)
    setattr(request, _MEMO, step)
    return step


def forget(request: HttpRequest) -> None:
    """Drop the answer kept on the request, after a step changed it (a code given, an authenticator confirmed)."""
    if hasattr(request, _MEMO):
        delattr(request, _MEMO)


def _pending_step(request: HttpRequest) -> Step | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return None
    return step_after_password(user)


def step_after_password(user: User) -> Step | None:
    """What ``user`` must do after a correct password before they are signed in; None when nothing."""
    found = standing(user)
    if found.has_authenticator:
        return Step.CODE
    if found.required:
        return Step.SET_UP
    return None
