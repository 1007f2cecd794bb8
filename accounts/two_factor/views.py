"""The two-factor pages: the code step of sign-in, set-up, recovery codes, turning it off."""

from __future__ import annotations

import base64
import io
from base64 import b32encode
from typing import cast

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.forms import add_service_error

from ..models import User
from ..views import signin_locked_out
from . import lockout, rules, services
from .forms import CodeForm, TurnOffForm


def signed_in_user(request: HttpRequest) -> User:
    """The request's user, in a view that is only reached signed in (with a password at least)."""
    return cast(User, request.user)


def next_url(request: HttpRequest) -> str:
    """Where to go once the step is done: ``next`` when it is on this site, else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@never_cache
def code_step(request: HttpRequest) -> HttpResponse:
    """The second step of sign-in: a code from the authenticator app, or a recovery code (used up).

    Wrong codes count towards the sign-in lockout; at the limit the half-finished sign-in is ended
    and the sign-in page says when to try again.
    """
    if not request.user.is_authenticated:
        return HttpResponseRedirect(resolve_url(settings.LOGIN_URL))
    if rules.pending_step(request) != rules.Step.CODE:
        return HttpResponseRedirect(next_url(request))
    user = signed_in_user(request)
    form = CodeForm(request.POST or None, recovery=True)
    status = 200
    if request.method == "POST":
        if lockout.is_locked_out(request, user):
            return _locked_out(request, user)
        status = 400
        if form.is_valid():
            check = services.check_code(user=user, code=form.cleaned_data["code"])
            if check.accepted:
                return _signed_in(request, check)
            if lockout.record_wrong_code(request, user):
                return _locked_out(request, user)
            form.add_error("code", services.refusal(check))
    return render(
        request,
        "accounts/two_factor/code.html",
        {"form": form, "next": next_url(request), "signing_in": True},
        status=status,
    )


def _signed_in(request: HttpRequest, check: services.Check) -> HttpResponse:
    user = signed_in_user(request)
    otp_login(request, check.device)
    request.session.cycle_key()  # a new session key for the complete sign-in
    rules.forget(request)
    lockout.clear_failures(request, user)
    left = check.recovery_codes_left
    if left is not None and left <= services.FEW_RECOVERY_CODES:
        messages.warning(
            request,
            ngettext(
                "You have %(count)s recovery code left. Make new ones in Settings.",
                "You have %(count)s recovery codes left. Make new ones in Settings.",
                left,
            )
            % {"count": left},
        )
    return HttpResponseRedirect(next_url(request))


def _locked_out(request: HttpRequest, user: User) -> HttpResponse:
    credentials = lockout.credentials_of(user)
    logout(request)
    return signin_locked_out(request, credentials=credentials)


@never_cache
@login_required
def set_up(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: a QR code and the key to type, then a code from the app to confirm it.

    Only a confirmed authenticator counts. Confirming signs this session in fully and shows the new
    recovery codes, this once.
    """
    user = signed_in_user(request)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            confirmed = services.confirm_authenticator(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            status = add_service_error(form, error)
        else:
            otp_login(request, confirmed.authenticator)
            rules.forget(request)
            return _recovery_codes_page(request, confirmed.recovery_codes, first=True)
    elif request.method == "POST":
        status = 400
    authenticator = services.pending_authenticator(user=user)
    context = {
        "form": form,
        "qr_code": qr_code(authenticator),
        "key": spaced_key(authenticator),
        "replacing": services.authenticator_of(user) is not None,
        "required": rules.pending_step(request) == rules.Step.SET_UP,
        "signing_in": rules.pending_step(request) is not None,
        "next": next_url(request),
    }
    response = render(request, "accounts/two_factor/set_up.html", context, status=status)
    patch_cache_control(response, no_store=True)  # the page holds the key
    return response


def qr_code(authenticator: TOTPDevice) -> str:
    """The authenticator's ``otpauth://`` address as a QR code, an SVG in a ``data:`` URI (no request elsewhere)."""
    image = io.BytesIO()
    segno.make(authenticator.config_url, error="m").save(image, kind="svg", scale=5, border=4, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(image.getvalue()).decode()


def spaced_key(authenticator: TOTPDevice) -> str:
    """The key as apps take it typed in (base32), in groups of four."""
    key = b32encode(authenticator.bin_key).decode()
    return " ".join(key[start : start + 4] for start in range(0, len(key), 4))


@never_cache
@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Make a new set of recovery codes and show it this once; the old codes stop working."""
    try:
        codes = services.regenerate_recovery_codes(user=signed_in_user(request))
    except PermissionDenied:
        messages.error(request, _("Set up two-factor sign-in first."))
        return HttpResponseRedirect(reverse("accounts:settings") + "#two-factor")
    return _recovery_codes_page(request, codes, first=False)


def _recovery_codes_page(request: HttpRequest, codes: list[str], *, first: bool) -> HttpResponse:
    response = render(
        request, "accounts/two_factor/recovery_codes.html", {"codes": codes, "first": first, "next": next_url(request)}
    )
    patch_cache_control(response, no_store=True)
    return response


@never_cache
@login_required
def turn_off(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in off, with the password or a current code; refused where the policy requires it."""
    user = signed_in_user(request)
    if services.authenticator_of(user) is None:
        return HttpResponseRedirect(reverse("accounts:settings") + "#two-factor")
    form = TurnOffForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.turn_off(user=user, proof=form.cleaned_data["proof"])
            except (ValidationError, PermissionDenied) as error:
                status = add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("Two-factor sign-in is off. Your authenticator app and recovery codes no longer work here."),
                )
                return HttpResponseRedirect(reverse("accounts:settings") + "#two-factor")
    context = {"form": form, "required": rules.is_required(user)}
    return render(request, "accounts/two_factor/turn_off.html", context, status=status)
