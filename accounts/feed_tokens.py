"""Feed tokens: the one secret in a user's calendar and activity feed addresses.

A key is 40 URL-safe random characters, as for API tokens (``accounts.tokens``); the database
keeps its SHA-256 digest only. Each user has at most one: regenerating replaces it, so every
address with the old key stops working at once (404, like an unknown key).
"""

from __future__ import annotations

import datetime
import secrets

from django.db import transaction

from .models import FeedToken, User
from .tokens import active_token, digest_of

# The last use is written at most this often: calendar apps poll every few minutes.
LAST_USED_GRANULARITY = datetime.timedelta(minutes=15)


@transaction.atomic
def regenerate(user: User) -> tuple[FeedToken, str]:
    """A new feed token of ``user`` and its key (the only time the key is known); the old key stops working."""
    FeedToken.objects.filter(user=user).delete()
    key = secrets.token_urlsafe(30)
    return FeedToken.objects.create(user=user, digest=digest_of(key)), key


def user_for_key(key: str) -> User | None:
    """The active user a feed key belongs to; None for an unknown or replaced key, or an inactive user."""
    if not key or len(key) > 100:
        return None
    token = active_token(FeedToken, key, LAST_USED_GRANULARITY)
    return None if token is None else token.user
