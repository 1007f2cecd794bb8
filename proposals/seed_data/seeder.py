"""What the seed modules use of ``seed_demo``'s seeder, named here so that they never import the command."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any, Protocol


class Seeder(Protocol):
    users: dict[str, Any]
    groups: dict[str, Any]
    today: datetime.date
    now: datetime.datetime
    created: Counter

    def _get_or_create(self, model: Any, defaults: dict[str, Any] | None = None, **lookup: Any) -> tuple[Any, bool]: ...

    def day(self, offset: Any) -> Any: ...

    def moment(self, offset: Any) -> Any: ...
