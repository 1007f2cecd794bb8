"""The time-zone picker: the zones this programme's people live in first, then every region's zones.

Each zone is named by its city with its current offset from UTC ("Seoul (UTC+09:00)"). Only canonical
zones are offered (the system's ``zone.tab``: one per region of a country), not the legacy aliases
(``GB-Eire``, ``Navajo``, ``Zulu``…) nor ``Factory`` or ``localtime``; a user whose saved zone is
such an alias keeps it offered. Every value is still checked against the IANA database
(``accounts.models.validate_time_zone``).

The choices are built once per hour and language (offsets move with daylight saving time), so the
settings page costs no more than any other.
"""

from __future__ import annotations

import datetime
import functools
import zoneinfo
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

#: Where the programme's people live and work, offered first.
COMMON = (
    "Asia/Seoul",
    "Asia/Tokyo",
    "UTC",
    "Asia/Shanghai",
    "Asia/Singapore",
    "Australia/Sydney",
    "Europe/London",
    "Europe/Brussels",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
)

REGIONS = {
    "Africa": pgettext_lazy("time zone region", "Africa"),
    "America": pgettext_lazy("time zone region", "Americas"),
    "Antarctica": pgettext_lazy("time zone region", "Antarctica"),
    "Arctic": pgettext_lazy("time zone region", "Arctic"),
    "Asia": pgettext_lazy("time zone region", "Asia"),
    "Atlantic": pgettext_lazy("time zone region", "Atlantic Ocean"),
    "Australia": pgettext_lazy("time zone region", "Australia"),
    "Europe": pgettext_lazy("time zone region", "Europe"),
    "Indian": pgettext_lazy("time zone region", "Indian Ocean"),
    "Pacific": pgettext_lazy("time zone region", "Pacific Ocean"),
}
COMMON_HEADING = gettext_lazy("Korea, Japan and partners")


@functools.cache
def known_zones() -> frozenset[str]:
    """Every zone name of the IANA database (read from disk once per process)."""
    return frozenset(zoneinfo.available_timezones())


@functools.cache
def canonical_zones() -> frozenset[str]:
    """The canonical zone names: ``zone.tab`` where the system has it, else every zone of a region."""
    available = known_zones()
    for base in zoneinfo.TZPATH:
        table = Path(base) / "zone.tab"
        if table.is_file():
            names = {
                line.split("\t")[2].strip()
                for line in table.read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#") and line.count("\t") >= 2
            }
            return frozenset((names & available) | {"UTC"})
    return frozenset({name for name in available if name.split("/", 1)[0] in REGIONS} | {"UTC"})


def offset(name: str, at: datetime.datetime) -> str:
    """``UTC+09:00``: the zone's offset from UTC at ``at``."""
    delta = at.astimezone(zoneinfo.ZoneInfo(name)).utcoffset() or datetime.timedelta(0)
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def city(name: str) -> str:
    """``America/Argentina/Buenos_Aires`` as ``Argentina / Buenos Aires``; ``UTC`` as itself."""
    place = name.split("/", 1)[1] if "/" in name else name
    return place.replace("_", " ").replace("/", " / ")


def label(name: str, at: datetime.datetime) -> str:
    if name == "UTC":
        return gettext("UTC (Coordinated Universal Time)")
    return f"{city(name)} ({offset(name, at)})"


def choices(current: str | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a ``<select>``: the programme's zones, then each region's, sorted by city.

    ``current``: the user's saved zone, offered in its own group when it is not a canonical zone.
    """
    now = datetime.datetime.now(datetime.UTC)
    grouped = list(_choices(translation.get_language() or "", now.replace(minute=0, second=0, microsecond=0)))
    if current and current not in canonical_zones() and current in known_zones():
        grouped.append((gettext("Your current setting"), [(current, f"{current} ({offset(current, now)})")]))
    return grouped


@functools.lru_cache(maxsize=16)
def _choices(language: str, hour: datetime.datetime) -> tuple[tuple[str, list[tuple[str, str]]], ...]:
    # ``language`` is part of the cache key: the headings are translated; the hour keeps offsets current.
    zones = canonical_zones()
    groups = [(str(COMMON_HEADING), [(name, label(name, hour)) for name in COMMON if name in zones])]
    for prefix, heading in REGIONS.items():
        names = sorted((n for n in zones if n.split("/", 1)[0] == prefix and n not in COMMON), key=city)
        if names:
            groups.append((str(heading), [(name, label(name, hour)) for name in names]))
    return tuple(groups)
