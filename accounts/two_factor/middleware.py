"""A password alone reaches only the two-factor code step, or the set-up where the policy requires it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from rest_framework.authentication import get_authorization_header

from core.errors import api_error, is_api_request

from ..tokens import KEYWORDS
from . import rules

#: Where each pending step is done (the view's URL name).
STEP_PAGES = {rules.Step.CODE: "accounts:two-factor-code", rules.Step.SET_UP: "accounts:two-factor-set-up"}


class TwoFactorMiddleware:
    """After authentication: a user who still owes a step reaches that step's page and sign-out, nothing else.

    Pages redirect to the step (coming back to the page afterwards); the API answers 401 in its
    error shape. A request carrying an API token is left to the API, which authenticates the token
    and never the session (``accounts.two_factor.authentication``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_api_request(request) and _carries_token(request):
            return self.get_response(request)
        step = rules.pending_step(request)
        if step is None or request.path in _reachable(step) or request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        if is_api_request(request):
            return api_error(401, "two_factor_required", unfinished_sign_in_message())
        target = reverse(STEP_PAGES[step])
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)


def unfinished_sign_in_message() -> str:
    return _("Your sign-in is not complete: enter your two-factor code on the site first.")


def _reachable(step: rules.Step) -> set[str]:
    return {reverse(STEP_PAGES[step]), reverse("logout")}


def _carries_token(request: HttpRequest) -> bool:
    header = get_authorization_header(request).split()
    return bool(header) and header[0].lower() in KEYWORDS
