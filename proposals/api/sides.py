"""API: sides."""

from typing import Any

from .assessments import ROUTES as ASSESSMENT_ROUTES
from .domestic_steps import ROUTES as DOMESTIC_STEP_ROUTES

ROUTES: list[tuple[str, Any, str]] = []

ROUTES += DOMESTIC_STEP_ROUTES  # each side's domestic steps: proposals/api/domestic_steps.py
ROUTES += ASSESSMENT_ROUTES  # each side's assessments: proposals/api/assessments.py
