"""Who may call the API at all; what they may do to an object is decided by the services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions
from rest_framework.request import Request

from accounts.models import ApiToken


class TokenScope(permissions.BasePermission):
    """A read-only token reads and nothing else; sessions and full tokens go on to the services."""

    message = _("This token is read-only: it may read, not change anything.")

    def has_permission(self, request: Request, view: object) -> bool:
        token = request.auth
        if isinstance(token, ApiToken) and token.read_only:
            return request.method in permissions.SAFE_METHODS
        return True
