"""API: sides."""

from typing import Any

ROUTES: list[tuple[str, Any, str]] = []
