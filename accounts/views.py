from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from proposals import selectors
from proposals.exceptions import StaleEdit

from . import services
from .forms import LanguageForm, PreferencesForm


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
            except StaleEdit as error:
                user.refresh_from_db()
                form = PreferencesForm(request.POST, instance=user)
                form.data = form.data.copy()
                form.data["version"] = user.version
                form.add_error(None, str(error))
                status = 412
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Your settings are saved."))
                response = HttpResponseRedirect(request.path)
                response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
                return response
        user.refresh_from_db()
    else:
        form = PreferencesForm(instance=user, initial={"version": user.version})
    return render(request, "accounts/settings.html", {
        "form": form,
        "follows": selectors.follows_of(user=user),
        "nav": "settings",
    }, status=status)


@require_POST
def set_language(request):
    """The footer's language switcher: remembered in a cookie, and in the profile of a signed-in user."""
    form = LanguageForm(request.POST)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            services.update_preferences(user=request.user, language=language)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax",
                            max_age=settings.LANGUAGE_COOKIE_AGE)
    return response
