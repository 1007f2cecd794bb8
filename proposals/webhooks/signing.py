"""The signature on every delivery: ``t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`` under the secret."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

HEADER = "X-Tracker-Signature"
#: A receiver should refuse a signature older than this (replays); the README's snippet does.
TOLERANCE_SECONDS = 300


def encode(payload: dict[str, Any]) -> str:
    """The JSON body as it is stored, signed and sent (UTF-8, compact)."""
    return json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The header's value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(secret: str, header: str, body: bytes, *, now: int, tolerance: int = TOLERANCE_SECONDS) -> bool:
    """What a receiver does: the header's ``v1`` matches and its ``t`` is recent."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))
