"""The settings page's two-factor section: what the user has set up and whether they must."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import template

from ..models import User
from ..two_factor import rules, services

register = template.Library()


@dataclass(frozen=True)
class TwoFactorStatus:
    on: bool
    since: datetime.datetime | None
    recovery_codes_left: int
    required: bool

    @property
    def few_recovery_codes(self) -> bool:
        return self.on and self.recovery_codes_left <= services.FEW_RECOVERY_CODES


@register.simple_tag
def two_factor_status(user: User) -> TwoFactorStatus:
    authenticator = services.authenticator_of(user)
    return TwoFactorStatus(
        on=authenticator is not None,
        since=authenticator.created_at if authenticator else None,
        recovery_codes_left=services.recovery_codes_left(user) if authenticator else 0,
        required=rules.is_required(user),
    )
