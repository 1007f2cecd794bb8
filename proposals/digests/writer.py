"""Writing digests in each reader's language and time zone, sharing what readers have in common.

``templates/email/digest_subject.txt``, ``digest.txt`` and ``digest.html`` are the frame of a digest
(greeting, period, footer), which is the same for every reader who shares a language, a time zone
and a period: ``DigestWriter`` renders each frame once per batch with placeholders for the reader's
name, links and sections, then fills it in per reader.

The sections are written here in plain Python, one catalogue message per item (the messages the
templates held before), values HTML-escaped as ``{% blocktranslate %}`` escapes them. Readers of a
batch share item objects (``content`` makes each once), so an item is written once per language and
time zone; labels, dates and links likewise. Codes in the content (statuses, health, evidence kinds)
become labels here, in the reader's language.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.db.models import TextChoices
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop, ngettext

from accounts.models import DigestFrequency, User

from .. import mail
from ..models import DomesticStepKind, EvidenceLink, Health, Side
from . import wording
from .content import SECTIONS, is_empty
from .parts import Frame, Frames, cached_path, escape, label_of, placeholder, when


class DigestWriter:
    """Writes digests in each reader's language and time zone, sharing what readers have in common.

    One writer serves a whole batch: frames per language, time zone and period; items per language and
    time zone; labels, dates and links. Call ``begin(user)`` inside ``mail.reader_locale(user)`` before
    writing for a reader.
    """

    def __init__(self) -> None:
        self._memo: dict[tuple, str] = {}
        self._frames: dict[tuple, Frames] = {}
        self._paths: dict[tuple, str] = {}
        self._prefix, self._urlconf = get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
        # Keyed by the item's identity: readers of a batch share the very same item objects (the content
        # builder makes each once), and the item is kept here so that its identity stays its own.
        self._items: dict[tuple, tuple[dict, str, str]] = {}
        self.language = ""
        self.time_zone = ""

    def begin(self, user: User) -> None:
        """Write for ``user`` from here on (inside ``mail.reader_locale(user)``)."""
        self.language, self.time_zone = mail.language_of(user), str(mail.zone(user.time_zone))

    # --- shared pieces, made once per batch ------------------------------------------------------------

    def url(self, name: str, *args: str, query: str = "") -> str:
        key = (name, args)
        path = self._paths.get(key)
        if path is None:
            path = self._paths[key] = cached_path(self._prefix, self._urlconf, name, args)
        return mail.absolute_url(path + query)

    def initiative_url(self, item: dict, anchor: str = "") -> str:
        return self.url("proposals:initiative-detail", item["initiative"]["slug"]) + (f"#{anchor}" if anchor else "")

    def _once(self, key: tuple, make: Callable[[], str]) -> str:
        key = (self.language, *key)
        value = self._memo.get(key)
        if value is None:
            value = self._memo[key] = make()
        return value

    def label(self, choices: type[TextChoices], code: str | None) -> str:
        return self._once(("label", choices, code), lambda: label_of(choices, code))

    def day(self, value: str | None) -> str:
        """A due date (ISO day) in the reader's date format."""
        if not value:
            return ""
        return self._once(
            ("day", value), lambda: formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
        )

    def day_of(self, moment: str | None) -> str:
        """The reader's local date of an instant (ISO), in their date format."""
        if not moment:
            return ""
        return self._once(
            ("day_of", self.time_zone, moment),
            lambda: formats.date_format(timezone.localtime(parse_datetime(moment)), "DATE_FORMAT"),
        )

    def word(self, message: str) -> str:
        return self._once(("word", message), lambda: gettext(message))

    def _say(self, message: str, values: dict[str, str]) -> tuple[str, str]:
        """A catalogue message filled in as plain text and as HTML (values escaped, the message itself not)."""
        translated = self.word(message)
        return translated % values, translated % {key: escape(value) for key, value in values.items()}

    def _say_days(self, kind: str, days: int, choose: Callable[[int], str], values: dict[str, str]) -> tuple[str, str]:
        """``_say`` for a message with singular and plural forms, chosen by ``choose`` for ``days``.

        ``choose`` calls ``ngettext`` with the two messages written out, so that they are extracted as one
        entry with its plural forms.
        """
        translated = self._once((kind, days), lambda: choose(days))
        return (
            translated % {**values, "days": days},
            translated % {**{key: escape(value) for key, value in values.items()}, "days": days},
        )

    def frames(self, content: dict, frequency: str) -> Frames:
        """The digest's frame for the reader's language, time zone and period, rendered once per batch."""
        period = content["period"]
        empty = is_empty(content)
        key = (self.language, self.time_zone, frequency, period["start"], period["end"], empty)
        frames = self._frames.get(key)
        if frames is None:
            context = {
                "user": {"name": placeholder("name")},
                "frequency": frequency,
                "weekly": frequency == DigestFrequency.WEEKLY,
                "period_start": when(period["start"]),
                "period_end": when(period["end"]),
                "empty": empty,
                "sections": mark_safe(placeholder("sections")),  # a placeholder; what fills it in is escaped
                "digest_url": placeholder("digest_url"),
                "unsubscribe_url": placeholder("unsubscribe_url"),
            }
            frames = self._frames[key] = Frames(
                subject=" ".join(render_to_string("email/digest_subject.txt", context).split()),
                text=Frame(render_to_string("email/digest.txt", context)),
                html=Frame(render_to_string("email/digest.html", context)),
            )
        return frames

    # --- items -----------------------------------------------------------------------------------------

    def item(self, section: str, item: dict) -> tuple[str, str]:
        """One item as a plain-text entry and an HTML ``<li>``."""
        key = (self.language, self.time_zone, section, id(item))
        known = self._items.get(key)
        if known is None or known[0] is not item:
            text, html = getattr(self, f"_{section}")(item)
            known = self._items[key] = (item, text, html)
        return known[1], known[2]

    def _decision(self, item: dict, message: str) -> tuple[str, str]:
        values = {
            "milestone": item["milestone"]["title"],
            "initiative": item["initiative"]["title"],
            "actor": item["actor"],
        }
        text, html = self._say(message, values)
        if item.get("note"):
            text, html = f"{text}: “{item['note']}”", f"{html}: “{escape(item['note'])}”"
        if item.get("both_signed"):
            both = self.word(gettext_noop("Both sides have signed it."))
            text, html = f"{text} · {both}", f"{html} · {escape(both)}"
        url = self.initiative_url(item, f"milestone-{item['milestone']['id']}")
        return self._with_link(text, html, url)

    def _with_link(self, text: str, html: str, url: str) -> tuple[str, str]:
        """An entry that opens on the site: its URL on a line of its own in text, an "Open" link in HTML."""
        link = f'<a href="{escape(url)}">{self.word(wording.OPEN)}</a>'
        return f"- {text}\n  {url}\n", f"{wording.LI}{html} {link}</li>\n"

    def _approved(self, item: dict) -> tuple[str, str]:
        return self._decision(item, gettext_noop("“%(milestone)s” (%(initiative)s), approved by %(actor)s"))

    def _changes_requested(self, item: dict) -> tuple[str, str]:
        return self._decision(item, gettext_noop("“%(milestone)s” (%(initiative)s): %(actor)s requested changes"))

    def _awaiting_review(self, item: dict) -> tuple[str, str]:
        text, html = self._say(
            gettext_noop("“%(milestone)s” (%(initiative)s), submitted by %(who)s on %(date)s"),
            {
                "milestone": item["milestone"]["title"],
                "initiative": item["initiative"]["title"],
                "who": item.get("submitted_by", ""),
                "date": self.day_of(item.get("submitted_at")),
            },
        )
        if item.get("signed") or item.get("pending"):  # a joint milestone: "Signed by Korea · Japan sign-off pending"
            signed, pending = gettext_noop("Signed by %(side)s"), gettext_noop("%(side)s sign-off pending")
            parts = [self._say(signed, {"side": self.label(Side, side)}) for side in item["signed"]]
            parts += [self._say(pending, {"side": self.label(Side, side)}) for side in item["pending"]]
            text += "".join(f" · {part[0]}" for part in parts)
            html += "".join(f" · {part[1]}" for part in parts)
        if item.get("for_my_review"):
            mark = self.word(wording.FOR_YOUR_REVIEW)
            text, html = f"[{mark}] {text}", f"<strong>{escape(mark)}</strong> · {html}"
        url = self.initiative_url(item, f"milestone-{item['milestone']['id']}")
        return self._with_link(text, html, url)

    def _whose(self, item: dict) -> tuple[str, str]:
        if item.get("mine"):
            mine = self.word(wording.YOURS)
            return f" [{mine}]", f" <strong>{escape(mine)}</strong>"
        if item.get("owner"):
            text, html = self._say(gettext_noop("owner: %(owner)s"), {"owner": item["owner"]})
            return f" ({text})", f" ({html})"
        return "", ""

    def _due_soon(self, item: dict) -> tuple[str, str]:
        values = {"milestone": item["milestone"]["title"], "initiative": item["initiative"]["title"]}
        if item["days"] == 0:
            text, html = self._say(gettext_noop("“%(milestone)s” (%(initiative)s), due today"), values)
        else:
            text, html = self._say_days(
                "due_in",
                item["days"],
                lambda days: ngettext(
                    "“%(milestone)s” (%(initiative)s), due in %(days)s day",
                    "“%(milestone)s” (%(initiative)s), due in %(days)s days",
                    days,
                ),
                values,
            )
        whose_text, whose_html = self._whose(item)
        due, url = item["milestone"]["due_date"], self.initiative_url(item, f"milestone-{item['milestone']['id']}")
        return (
            f"- {self.day(due)}: {text}{whose_text}\n",
            f'{wording.LI}<time datetime="{escape(due or "")}">{escape(self.day(due))}</time>: {html}{whose_html} '
            f'<a href="{escape(url)}">{self.word(wording.OPEN)}</a></li>\n',
        )

    def _overdue(self, item: dict) -> tuple[str, str]:
        text, html = self._say_days(
            "overdue",
            item["days"],
            lambda days: ngettext(
                "“%(milestone)s” (%(initiative)s), due %(date)s, %(days)s day overdue",
                "“%(milestone)s” (%(initiative)s), due %(date)s, %(days)s days overdue",
                days,
            ),
            {
                "milestone": item["milestone"]["title"],
                "initiative": item["initiative"]["title"],
                "date": self.day(item["milestone"]["due_date"]),
            },
        )
        whose_text, whose_html = self._whose(item)
        url = self.initiative_url(item, f"milestone-{item['milestone']['id']}")
        return (
            f"- {text}{whose_text}\n",
            f'{wording.LI}{html}{whose_html} <a href="{escape(url)}">{self.word(wording.OPEN)}</a></li>\n',
        )

    def _evidence(self, item: dict) -> tuple[str, str]:
        kind = self.label(EvidenceLink.Kind, item.get("kind"))
        values = {"kind": kind, "initiative": item["initiative"]["title"], "actor": item["actor"]}
        text, _html = self._say(
            gettext_noop("%(title)s (%(kind)s) on %(initiative)s, added by %(actor)s"),
            {**values, "title": item.get("title", "")},
        )
        _text, html = self._say(gettext_noop("%(kind)s on %(initiative)s, added by %(actor)s"), values)
        url = item.get("url", "")
        return (
            f"- {text}\n  {url}\n",
            f'{wording.LI}<a href="{escape(url)}" rel="noopener">{escape(item.get("title", ""))}</a> · {html}</li>\n',
        )

    def _changes(self, item: dict) -> tuple[str, str]:
        change = item["change"]
        if change == "domestic_step":
            return self._domestic_step(item)
        if change == "assessment":
            return self._assessment(item)
        choices = wording.CHANGE_LABELS.get(change)
        if choices is None:
            what, old, new = item.get("name", ""), item.get("old") or "–", item.get("new") or "–"
        else:
            what = self.word(wording.CHANGE_WORDS[change])
            old, new = self.label(choices, item.get("old")), self.label(choices, item.get("new"))
        unit = f" {item['unit']}" if change == "indicator" and item.get("unit") else ""
        title, url = item["initiative"]["title"], self.initiative_url(item)
        sides_text, sides_html = self._standing(item.get("sides"))
        return (
            f"- {title}: {what} {old} → {new}{unit}{sides_text}\n",
            f'{wording.LI}<a href="{escape(url)}">{escape(title)}</a>: {escape(what)} {escape(old)} → '
            f"<strong>{escape(new)}</strong>{escape(unit)}{sides_html}</li>\n",
        )

    def _assessment(self, item: dict) -> tuple[str, str]:
        """A side's assessment posted: "Currency swap expansion: Japan says At risk (was On track)"."""
        values = {"side": self.label(Side, item.get("side")), "rating": self.label(Health, item.get("rating"))}
        if item.get("old"):
            message = gettext_noop("%(side)s says %(rating)s (was %(old)s)")
            values["old"] = self.label(Health, item["old"])
        else:
            message = gettext_noop("%(side)s says %(rating)s")
        text, html = self._say(message, values)
        sides_text, sides_html = self._standing(item.get("sides"))
        title, url = item["initiative"]["title"], self.initiative_url(item, "assessments")
        return (
            f"- {title}: {text}{sides_text}\n",
            f'{wording.LI}<a href="{escape(url)}">{escape(title)}</a>: {html}{sides_html}</li>\n',
        )

    def _standing(self, standing: dict | None) -> tuple[str, str]:
        """Each side's latest rating beside the computed health (`` · computed: Off track · Korea says On track``)."""
        if not standing:
            return "", ""
        parts = [self._say(gettext_noop("computed: %(health)s"), {"health": self.label(Health, standing["health"])})]
        for side in ("KR", "JP"):
            if standing.get(side):
                parts.append(
                    self._say(
                        gettext_noop("%(side)s says %(rating)s"),
                        {"side": self.label(Side, side), "rating": self.label(Health, standing[side])},
                    )
                )
        if standing.get("disagree"):
            parts.append(self._say(gettext_noop("the sides disagree"), {}))
        return "".join(f" · {text}" for text, _html in parts), "".join(f" · {html}" for _text, html in parts)

    def _domestic_step(self, item: dict) -> tuple[str, str]:
        """A domestic step done: "Currency swap expansion: Japan completed: Cabinet decision (Bank of Japan …)"."""
        what = self.label(DomesticStepKind, item.get("kind"))
        if item.get("title"):
            what = f"{what} ({item['title']})"
        text, html = self._say(
            gettext_noop("%(side)s completed: %(step)s"), {"side": self.label(Side, item.get("side")), "step": what}
        )
        title, url = item["initiative"]["title"], self.initiative_url(item, "domestic-steps")
        return f"- {title}: {text}\n", f'{wording.LI}<a href="{escape(url)}">{escape(title)}</a>: {html}</li>\n'

    def _discussion(self, item: dict) -> tuple[str, str]:
        text, html = self._say(
            gettext_noop("%(actor)s on %(initiative)s"),
            {"actor": item["actor"], "initiative": item["initiative"]["title"]},
        )
        excerpt = item.get("excerpt", "")
        text, html = f"{text}: “{excerpt}”", f"{html}: “{escape(excerpt)}”"
        if item.get("mentions_me"):
            mark = self.word(wording.MENTIONS_YOU)
            text, html = f"[{mark}] {text}", f"<strong>{escape(mark)}</strong> · {html}"
        url = self.initiative_url(item, f"comment-{item['comment_id']}")
        return self._with_link(text, html, url)

    # --- sections --------------------------------------------------------------------------------------

    def sections(self, content: dict) -> tuple[str, str]:
        """The non-empty sections in order, as plain text and as HTML: heading, entries, and how many more."""
        text: list[str] = []
        html: list[str] = []
        totals = content.get("totals") or {}
        for key in SECTIONS:
            items = content.get("sections", {}).get(key) or []
            if not items:
                continue
            heading = self.word(wording.HEADINGS[key])
            text.append(f"\n== {heading} ==\n")
            html.append(f"\n{wording.H2}{escape(heading)}</h2>\n")
            waiting = content.get("review_waiting", 0) if key == "awaiting_review" else 0
            if waiting:
                line, url = self.review_waiting(waiting), self.url("proposals:review-queue")
                text.append(f"{line}: {url}\n")
                html.append(
                    f'<p style="margin:0 0 8px">{escape(line)} · <a href="{escape(url)}">'
                    f"{escape(self.word(wording.OPEN_REVIEW_QUEUE))}</a></p>\n"
                )
            html.append(f"{wording.UL}\n")
            for item in items:
                item_text, item_html = self.item(key, item)
                text.append(item_text)
                html.append(item_html)
            html.append("</ul>\n")
            more = max(0, totals.get(key, len(items)) - len(items))
            if more:
                name, query = wording.MORE_FOR_REVIEW if waiting else wording.MORE_AT.get(key, wording.MORE_AT_DEFAULT)
                line, url = self.and_more(more), self.url(name, query=query)
                text.append(f"{line}: {url}\n")
                html.append(f'<p style="margin:6px 0 0 20px"><a href="{escape(url)}">{escape(line)}</a></p>\n')
        return "".join(text), "".join(html)

    def and_more(self, count: int) -> str:
        return self._once(
            ("more", count), lambda: ngettext("and %(count)s more", "and %(count)s more", count) % {"count": count}
        )

    def review_waiting(self, count: int) -> str:
        return self._once(
            ("waiting", count),
            lambda: (
                ngettext(
                    "%(count)s milestone waits for your review",
                    "%(count)s milestones wait for your review",
                    count,
                )
                % {"count": count}
            ),
        )
