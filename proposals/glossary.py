"""The programme's glossary beside a translation: the agreed terms found in the original, marked, with
their agreed wording in the translation's language. One query; no outside translation service."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from django.db.models import F, TextField, Value
from django.db.models.functions import Length
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .models import GlossaryTerm
from .translations import reader_language

#: The most glossary terms looked for in one text (the longest first).
GLOSSARY_MATCH_LIMIT = 50


def glossary_terms_in(text: str, language: str, *, limit: int = GLOSSARY_MATCH_LIMIT) -> list[GlossaryTerm]:
    """The glossary terms whose wording in ``language`` occurs in ``text`` (any case), longest first; one query."""
    language = reader_language(language)
    if not (text or "").strip():
        return []
    return list(
        GlossaryTerm.objects.exclude(**{language: ""})
        .alias(source=Value(text, output_field=TextField()))
        .filter(source__icontains=F(language))
        .order_by(Length(language).desc(), "pk")[:limit]
    )


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """``text`` HTML-escaped, with each occurrence of ``terms`` (any case) marked ``<mark>``."""
    words = sorted({term for term in terms if term}, key=len, reverse=True)
    if not words:
        return format_html("{}", text)
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(str(escape(text[position : match.start()])))
        pieces.append(str(format_html("<mark>{}</mark>", match.group(0))))
        position = match.end()
    pieces.append(str(escape(text[position:])))
    return mark_safe("".join(pieces))  # every piece is escaped above


@dataclasses.dataclass(frozen=True)
class GlossaryHint:
    source: str
    target: str
    note: str


def glossary_for(texts: Iterable[str], source: str, target: str) -> tuple[list[SafeString], list[GlossaryHint]]:
    """The original's texts with glossary terms marked, and each term's agreed wording in ``target``; one query."""
    texts = [text or "" for text in texts]
    terms = glossary_terms_in("\n".join(texts), source)
    words = [getattr(term, source) for term in terms]
    hints = [GlossaryHint(getattr(term, source), getattr(term, reader_language(target)), term.note) for term in terms]
    return [highlight(text, words) for text in texts], hints
