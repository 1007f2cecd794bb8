"""The two-factor forms: a code (set-up and sign-in), and the proof that turns it off."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """A code from the authenticator app; at sign-in, a recovery code too."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the code.")},
    )

    def __init__(self, *args, recovery: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        if recovery:
            field.help_text = _("The 6-digit code your authenticator app shows now, or one of your recovery codes.")
        else:
            field.help_text = _("The 6-digit code your authenticator app shows now.")
            field.widget.attrs["inputmode"] = "numeric"


class TurnOffForm(forms.Form):
    proof = forms.CharField(
        label=_("Your password or a current code"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("A code from your authenticator app, a recovery code, or your password."),
        error_messages={"required": _("Enter your password or a current code.")},
    )
