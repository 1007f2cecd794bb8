"""Wrong two-factor codes count towards the sign-in lockout (django-axes) exactly like wrong passwords.

Failures are counted per user name and address (``AXES_LOCKOUT_PARAMETERS``), whichever of the two
steps they happen at, so five wrong passwords or codes in all lock the user name out from that
address for the cool-off, and the lockout page and the administrators' ways to unlock
(``accounts.signin``) are the same. The count is cleared when a sign-in is complete, never by a
correct password alone: otherwise typing the password again would buy five more guesses at the code.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from ..models import User
from . import rules


def credentials_of(user: User) -> dict[str, str]:
    """The credentials django-axes counts a user's failures under."""
    return {"username": user.get_username()}


def is_locked_out(request: HttpRequest, user: User) -> bool:
    """Whether ``user``'s sign-in from this request's address is locked out now."""
    return not AxesProxyHandler.is_allowed(request, credentials_of(user))


def record_wrong_code(request: HttpRequest, user: User) -> bool:
    """Count a wrong code as a failed sign-in; True when it locked the user name out.

    django-axes then marks the request, and its middleware answers with the lockout page.
    """
    user_login_failed.send(sender=__name__, credentials=credentials_of(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def clear_failures(request: HttpRequest, user: User) -> None:
    """Forget ``user``'s failed sign-ins from this request's address: their sign-in is complete."""
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.get_implementation().reset_user_attempts(request, credentials_of(user))


@receiver(user_logged_in, dispatch_uid="accounts.two_factor.lockout")
def clear_failures_after_password(sender, request: HttpRequest | None, user: User, **kwargs) -> None:
    """A correct password completes the sign-in of a user without an authenticator: their count is cleared."""
    if request is not None and not rules.standing(user).has_authenticator:
        clear_failures(request, user)
