"""Markdown to safe HTML, and the @mentions in a text.

cmark-gfm (GitHub's C implementation of GitHub Flavored Markdown) parses in linear time, so no text
within the limits of tracker.limits can make a save or a preview slow; raw HTML is dropped by cmark
(its unsafe option stays off) and what remains passes nh3's allow-list.
"""

import re
from collections.abc import Mapping
from html import escape as html_escape

import cmarkgfm
import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# A mention is @ followed by a username (letters, digits and . + - _), not preceded by a word
# character (so e-mail addresses are not mentions). Trailing dots end a sentence, not a name.
MENTION_RE = re.compile(r"(?<![\w@.+-])@([\w.+-]{1,150})")
MAX_MENTIONS = 20

# html5ever (inside nh3) takes time quadratic in the depth of nested blockquotes (20,000 `>` take
# over a second), while lists and inline markup it handles in linear time. Quotes deeper than this
# keep their text and lose only the extra indentation.
MAX_QUOTE_DEPTH = 16
_QUOTE_TAG = re.compile(r"</?blockquote>")


def _flatten_deep_quotes(html: str) -> str:
    """cmark's output with the blockquote tags nested deeper than MAX_QUOTE_DEPTH removed, in pairs."""
    if html.count("<blockquote>") <= MAX_QUOTE_DEPTH:
        return html
    depth = 0

    def keep(tag: re.Match[str]) -> str:
        nonlocal depth
        if tag.group(0) == "<blockquote>":
            depth += 1
            return tag.group(0) if depth <= MAX_QUOTE_DEPTH else ""
        depth -= 1
        return tag.group(0) if depth < MAX_QUOTE_DEPTH else ""

    return _QUOTE_TAG.sub(keep, html)


# A link whose address was refused (javascript:, data:…: cmark empties it, nh3 drops it) keeps its text as
# plain text; an <a> without an address would still look like a link that does nothing. nh3's output never
# nests links.
_LINK = re.compile(r"<a(\s[^>]*)?>(.*?)</a>", re.DOTALL)
_ADDRESS = re.compile(r'\shref="[^"]+"')


def _unlink_without_address(link: re.Match[str]) -> str:
    return link.group(0) if _ADDRESS.search(link.group(1) or "") else link.group(2)


def render_markdown(text: str) -> str:
    """Render Markdown (GFM: tables, strikethrough, autolinks) and keep only an allow-list of tags and
    attributes; raw HTML is dropped and links get rel="nofollow noopener". Linear in the length of the text.
    """
    # A lone surrogate (possible from JSON, never from a form) cannot be encoded for cmark.
    text = (text or "").encode("utf-8", "replace").decode("utf-8")
    html = _flatten_deep_quotes(cmarkgfm.github_flavored_markdown_to_html(text))
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener",
    )
    return _LINK.sub(_unlink_without_address, clean)


_TAG = re.compile(r"(<[^>]+>)")
_NO_MENTIONS_INSIDE = {"a", "code", "pre"}


def link_mentions(html: str, people: Mapping[str, str]) -> str:
    """Sanitized ``html`` with each ``@username`` of ``people`` (username → address of their page) as a link.

    Only text is touched: not tags, nor text inside links, code or preformatted blocks. A mention of
    anyone else stays plain text.
    """
    if not people or "@" not in html:
        return html
    parts, depth = _TAG.split(html), 0
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            name = part.strip("</>").split()[0].lower() if part.strip("</>") else ""
            if name in _NO_MENTIONS_INSIDE:
                depth += -1 if part.startswith("</") else 1
            continue
        if depth == 0 and "@" in part:
            parts[i] = MENTION_RE.sub(lambda match: _mention_link(match, people), part)
    return "".join(parts)


def _mention_link(match: re.Match[str], people: Mapping[str, str]) -> str:
    name = match.group(1).rstrip(".")
    address = people.get(name)
    if address is None:
        return match.group(0)
    rest = match.group(1)[len(name) :]
    return f'<a class="mention" href="{html_escape(address)}">@{html_escape(name)}</a>{rest}'


def mentioned_usernames(text: str) -> list[str]:
    """Usernames mentioned in the text, in order of first appearance, at most MAX_MENTIONS."""
    seen: list[str] = []
    for match in MENTION_RE.finditer(text or ""):
        name = match.group(1).rstrip(".")
        if name and name not in seen:
            seen.append(name)
        if len(seen) >= MAX_MENTIONS:
            break
    return seen
