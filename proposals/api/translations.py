"""API: translations."""

from typing import Any

ROUTES: list[tuple[str, Any, str]] = []
