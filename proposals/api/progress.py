"""Placeholder: filled in by the API's resources."""

from typing import Any

ROUTES: list[tuple[str, Any, str]] = []
