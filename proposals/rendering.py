"""Markdown to safe HTML, and the @mentions in a text."""

import re

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# A mention is @ followed by a username (letters, digits and . + - _), not preceded by a word
# character (so e-mail addresses are not mentions). Trailing dots end a sentence, not a name.
MENTION_RE = re.compile(r"(?<![\w@.+-])@([\w.+-]{1,150})")
MAX_MENTIONS = 20


def render_markdown(text: str) -> str:
    """Render Markdown and keep only an allow-list of tags and attributes; links get rel="nofollow noopener"."""
    html = markdown.markdown(text or "", extensions=["fenced_code", "tables", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener",
    )


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
