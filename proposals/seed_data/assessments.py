"""Demo data: assessments of the seed initiatives (run by ``seed_demo`` after the initiatives; idempotent)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proposals.management.commands.seed_demo import Seeder


def seed(seeder: Seeder) -> None:
    """Nothing yet."""
