"""``manage.py refresh_figures``: what the hourly task does, now (after an import or a restore)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from proposals import figures


class Command(BaseCommand):
    help = "Recompute every initiative's stored progress and health; only rows that differ are written."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = figures.refresh_all()
        self.stdout.write(f"{changed} initiatives updated.")
