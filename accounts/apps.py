from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and working groups")

    def ready(self) -> None:
        # Clears the sign-in lockout's count when a sign-in is complete.
        from .two_factor import lockout  # noqa: F401
