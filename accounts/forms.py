import zoneinfo
from collections.abc import Iterable

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Language, User

COMMON_TIME_ZONES = [
    "Asia/Seoul",
    "Asia/Tokyo",
    "UTC",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "Pacific/Auckland",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
]


def time_zone_choices():
    common = [(name, name) for name in COMMON_TIME_ZONES]
    rest = [(name, name) for name in sorted(zoneinfo.available_timezones()) if name not in COMMON_TIME_ZONES]
    return [(_("Common"), common), (_("All time zones"), rest)]


class PreferencesForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)

    class Meta:
        model = User
        fields = ["display_name", "language", "time_zone", "digest_frequency", "email_reminders", "email_notifications"]
        help_texts = {
            "digest_frequency": _("Digests arrive at 08:00 in your time zone (weekly: on Mondays)."),
            "email_reminders": _("Reminders before your milestones fall due, and when they are overdue."),
        }


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=Language.choices)
    next = forms.CharField(required=False)


class LimitedPasswordResetForm(PasswordResetForm):
    """Django's password-reset form, mailing one address at most a few times an hour.

    Over the limit nothing is sent, and the visitor is redirected to the same "check your
    e-mail" page as always, so the page reveals neither the limit nor whether the address
    has an account.
    """

    def get_users(self, email: str) -> Iterable[User]:
        users = list(super().get_users(email))
        return users if services.claim_password_reset_mail(address=email, users=users) else []
