"""The API's session authentication, for a session whose sign-in is complete (its two-factor code given)."""

from __future__ import annotations

from drf_spectacular.authentication import SessionScheme as SpectacularSessionScheme
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from . import rules
from .middleware import unfinished_sign_in_message


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication (with its CSRF check), refusing a session that still owes a two-factor step.

    The two-factor middleware answers such requests before they reach the API; this holds even where
    a request gets past it.
    """

    def authenticate(self, request: Request):
        found = super().authenticate(request)
        if found is not None and rules.pending_step(request._request) is not None:
            raise exceptions.AuthenticationFailed(unfinished_sign_in_message())
        return found


class SessionScheme(SpectacularSessionScheme):
    """The OpenAPI schema describes this session authentication as drf-spectacular describes DRF's (``cookieAuth``)."""

    target_class = "accounts.two_factor.authentication.SessionAuthentication"
    priority = 0
