import math
import re
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import FORM_ERRORS, api_error, is_api_request
from core.forms import add_service_error

from . import feed_tokens, services, signin, tokens
from .forms import ApiTokenForm, LanguageForm, PreferencesForm
from .models import ApiToken, FeedToken, User


@login_required
def settings_view(request):
    """Display name, language, time zone, digest and e-mail preferences, and what the user follows."""
    user = request.user
    status = 200
    if request.method == "POST":
        form = PreferencesForm(request.POST, instance=user)
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                services.update_preferences(user=user, expected_version=version, **data)
            except FORM_ERRORS as error:
                status = add_service_error(form, error)
            else:
                messages.success(request, _("Your settings are saved."))
                response = HttpResponseRedirect(request.path)
                set_language_cookie(response, user.language)
                return response
        user.refresh_from_db()
    else:
        form = PreferencesForm(instance=user, initial={"version": user.version})
    return _settings_page(request, form=form, status=status)


def _settings_page(
    request: HttpRequest,
    *,
    form: PreferencesForm | None = None,
    token_form: ApiTokenForm | None = None,
    new_key: str = "",
    feed_links: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The settings page; what the user follows is listed by the template (``proposals``' ``followed_by`` tag)."""
    user = cast(User, request.user)  # the views calling this require sign-in
    context = {
        "form": form or PreferencesForm(instance=user, initial={"version": user.version}),
        "token_form": token_form or ApiTokenForm(),
        "tokens": ApiToken.objects.filter(user=user),
        "new_key": new_key,
        "feed_token": FeedToken.objects.filter(user=user).first(),
        "feed_links": feed_links or [],
        "feed_for": _feed_targets(request.POST if request.method == "POST" else request.GET),
        "nav": "settings",
    }
    return render(request, "accounts/settings.html", context, status=status)


#: What an initiative's or a group's address name may be (``proposals.urls``' converters); anything else is ignored.
ADDRESS_NAME = re.compile(r"[-\w]{1,200}")


def _feed_targets(data) -> dict[str, str]:
    """The initiative or group a "Subscribe" link came from (``?initiative=<slug>``, ``?group=<slug>``)."""
    return {
        kind: data[kind]
        for kind in ("initiative", "group")
        if isinstance(data.get(kind), str) and ADDRESS_NAME.fullmatch(data[kind])
    }


def _feed_links(key: str, targets: dict[str, str]) -> list[tuple[str, str]]:
    """The feed addresses with ``key`` (absolute), labelled; the feeds themselves are ``proposals``' views."""

    def url(name: str, **kwargs: str) -> str:
        return settings.SITE_URL + reverse(f"proposals:{name}", kwargs={"key": key, **kwargs})

    links = [
        (_("Calendar of the milestones you own or follow"), url("feed-calendar")),
        (_("Activity on what you follow"), url("feed-activity")),
    ]
    if "initiative" in targets:
        links += [
            (_("This initiative's calendar"), url("feed-initiative-calendar", slug=targets["initiative"])),
            (_("This initiative's activity"), url("feed-initiative-activity", slug=targets["initiative"])),
        ]
    if "group" in targets:
        links.append((_("This working group's activity"), url("feed-group-activity", slug=targets["group"])))
    return links


@login_required
@require_POST
def token_create(request):
    """Issue an API token and show its key on the page this once; it is never shown again."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, token_form=form, status=400)
    try:
        _token, key = tokens.issue(request.user, **form.cleaned_data)
    except FORM_ERRORS as error:
        return _settings_page(request, token_form=form, status=add_service_error(form, error))
    return _settings_page(request, new_key=key)


@login_required
@require_POST
def feed_token_create(request):
    """Create or regenerate the user's feed links and show them this once; links with the old key stop working."""
    _token, key = feed_tokens.regenerate(request.user)
    links = _feed_links(key, _feed_targets(request.POST))
    response = _settings_page(request, feed_links=links)
    patch_cache_control(response, no_store=True)  # the page holds the key
    return response


@login_required
@require_POST
def token_revoke(request, token_id: int):
    """Revoke one of the user's own tokens; another user's token is not found."""
    if not tokens.revoke(request.user, token_id):
        raise Http404
    messages.success(request, _("The token is revoked: scripts using it are refused from now on."))
    return HttpResponseRedirect(reverse("accounts:settings"))


def set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )


@require_POST
def set_language(request):
    """The footer's language switcher: remembered in a cookie, and in the profile of a signed-in user."""
    form = LanguageForm(request.POST)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            services.update_preferences(user=request.user, language=language)
        set_language_cookie(response, language)
    return response


def signin_locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """The sign-in page answering 429: too many failed sign-ins, and in how many minutes to try again.

    The API's token endpoint gets the same refusal as JSON in the API's error shape.

    django-axes calls this (``AXES_LOCKOUT_CALLABLE``) instead of its own plain-text answer,
    for the site's and the admin's sign-in alike. Minutes rather than a clock time, because a
    signed-out visitor's time zone is unknown.
    """
    until = signin.retry_at(request, credentials)
    seconds = max(0, math.ceil((until - timezone.now()).total_seconds())) if until else None
    if is_api_request(request):
        message = _("Too many failed sign-ins for this user name. Try again later.")
        response: HttpResponse = api_error(429, "locked_out", message)
    else:
        response = _locked_out_page(request, credentials, seconds)
    if seconds is not None:
        response["Retry-After"] = str(max(1, seconds))
    return response


def _locked_out_page(request: HttpRequest, credentials: dict | None, seconds: int | None) -> HttpResponse:
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return render(
        request,
        "registration/login.html",
        {
            "form": AuthenticationForm(request, initial={"username": username}),
            "locked_out": True,
            "retry_minutes": max(1, math.ceil(seconds / 60)) if seconds is not None else None,
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
        status=429,
    )
