"""API tokens: issue, find and revoke them, and the authentication the API uses.

A key is 40 URL-safe random characters; the database keeps its SHA-256 digest and its
first eight characters (to tell tokens apart in settings), never the key.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from .middleware import use_preferences
from .models import ApiToken, FeedToken, User

KEYWORDS = (b"token", b"bearer")
# Tokens one user may hold at a time, so their list in settings stays short.
MAX_PER_USER = 20
# A token's last use is written at most this often, so reading with it does not write on every request.
LAST_USED_GRANULARITY = datetime.timedelta(minutes=5)


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue(user: User, *, name: str, read_only: bool = False) -> tuple[ApiToken, str]:
    """A new token of ``user`` and its key (the only time the key is known).

    ``ValidationError`` on ``name`` when the user already holds ``MAX_PER_USER`` tokens.
    """
    if ApiToken.objects.filter(user=user).count() >= MAX_PER_USER:
        message = _("You already have %(count)s tokens. Revoke one you no longer use first.")
        raise ValidationError({"name": message % {"count": MAX_PER_USER}})
    key = secrets.token_urlsafe(30)
    token = ApiToken(user=user, name=name.strip() or "API", digest=digest_of(key), prefix=key[:8], read_only=read_only)
    token.full_clean()
    token.save()
    return token, key


def revoke(user: User, token_id: int) -> bool:
    """Delete one of ``user``'s own tokens; False when they have no such token."""
    with transaction.atomic():
        deleted, _rows = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return deleted > 0


def user_for_key(key: str) -> tuple[User, ApiToken] | None:
    """The active user a key belongs to, with its token; None for an unknown key or an inactive user."""
    token = active_token(ApiToken, key, LAST_USED_GRANULARITY)
    return None if token is None else (token.user, token)


T = TypeVar("T", ApiToken, FeedToken)


def active_token(model: type[T], key: str, granularity: datetime.timedelta) -> T | None:
    """The token of ``model`` whose digest matches ``key``, when its user is active; its last use noted
    (at most once per ``granularity``, so reading with it does not write on every request)."""
    token = model.objects.select_related("user").filter(digest=digest_of(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > granularity:
        model.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token <key>`` or ``Authorization: Bearer <key>``; ``request.auth`` is the ``ApiToken``."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the token after the word Token or Bearer, in one piece."))
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        found = user_for_key(key)
        if found is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid or was revoked."))
        use_preferences(found[0])  # a token's owner is answered as the site answers them signed in
        return found

    def authenticate_header(self, request: Request) -> str:
        return 'Token realm="api"'
