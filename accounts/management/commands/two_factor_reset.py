"""``manage.py two_factor_reset <user name>``: turn two-factor sign-in off for a user who lost their phone and codes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from accounts.two_factor import rules, services


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator app and recovery codes, so that their password alone signs them in "
        "(or, where the sign-in policy requires two-factor sign-in, so that they set it up again)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"No user named {options['username']!r}.") from None
        removed = services.remove_devices(user=user)
        if not removed:
            self.stdout.write(f"{user.username} had no two-factor sign-in set up.")
        elif rules.is_required(user):
            self.stdout.write(f"Removed. {user.username} sets up two-factor sign-in again after their next password.")
        else:
            self.stdout.write(
                f"Removed. {user.username} signs in with their password alone until they set it up again."
            )
