from collections.abc import Iterable
from typing import cast

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from . import services, time_zones
from .models import Language, User


class PreferencesForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("Dates and times on the site and in e-mails, and when your digest arrives."),
    )

    class Meta:
        model = User
        fields = ["display_name", "language", "time_zone", "digest_frequency", "email_reminders", "email_notifications"]
        help_texts = {
            "digest_frequency": _("Digests arrive at 08:00 in your time zone (weekly: on Mondays)."),
            "email_reminders": _("Reminders before your milestones fall due, and when they are overdue."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["time_zone"]).choices = time_zones.choices(self.instance.time_zone)


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


class ApiTokenForm(forms.Form):
    """A new API token: a name to tell it apart, and whether it may only read."""

    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("What uses it, e.g. “ministry tracker sync”.")
    )
    read_only = forms.BooleanField(label=_("Read only"), required=False)
