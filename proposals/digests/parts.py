"""The pieces a digest writer assembles: frames with placeholders, paths reversed once, escaping, labels."""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from html import escape as html_escape

from django.db.models import TextChoices
from django.urls import reverse
from django.utils.dateparse import parse_datetime

# A frame's placeholders: a NUL byte never occurs in a rendered template or in what fills it in.
_PLACEHOLDER = re.compile(r"\x00(\w+)\x00")


def placeholder(name: str) -> str:
    return f"\x00{name}\x00"


@functools.lru_cache(maxsize=65_536)
def cached_path(prefix: str, urlconf: str, name: str, args: tuple[str, ...]) -> str:
    """``reverse``, once per process for each page a digest links to (thousands of initiatives, many batches)."""
    return reverse(name, urlconf=urlconf, args=list(args))


class Frame:
    """A template rendered with placeholders, split once so that filling it in is one join."""

    def __init__(self, rendered: str) -> None:
        self.parts = _PLACEHOLDER.split(rendered)  # odd positions hold the placeholders' names

    def fill(self, values: dict[str, str]) -> str:
        parts = self.parts.copy()
        for position in range(1, len(parts), 2):
            parts[position] = values[parts[position]]
        return "".join(parts)


@dataclass(frozen=True)
class Frames:
    subject: str
    text: Frame
    html: Frame


def escape(value: object) -> str:
    """``django.utils.html.escape`` without its lazy-string wrapper, for the many values of a batch."""
    return html_escape(str(value))


def label_of(choices: type[TextChoices], code: str | None) -> str:
    if code is None:
        return ""
    try:
        return str(choices(code).label)
    except ValueError:  # a code this version no longer knows: shown as stored
        return str(code)


def when(value: str | None) -> datetime.datetime | None:
    return parse_datetime(value) if value else None
