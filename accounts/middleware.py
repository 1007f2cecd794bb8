"""Signed-in users see the site in their own language and time zone."""

import zoneinfo

from django.utils import timezone, translation


def use_preferences(user) -> None:
    """Answer this request in ``user``'s saved language and time zone (UTC for a zone the system does not know)."""
    if user.language:
        translation.activate(user.language)
    try:
        timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        timezone.deactivate()


class UserPreferencesMiddleware:
    """After authentication: the user's saved language wins over the browser's; dates use their time zone.

    Anonymous visitors keep what LocaleMiddleware chose (language cookie, then Accept-Language).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            use_preferences(user)
            request.LANGUAGE_CODE = translation.get_language()
        else:
            timezone.deactivate()
        return self.get_response(request)
