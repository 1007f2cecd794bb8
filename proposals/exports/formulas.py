"""Spreadsheet text that could be taken for a formula: the apostrophe the exports put before it
(``neutralised``), and the milestone import's reading of it back (``unneutralised``)."""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Text that gets a leading apostrophe: it starts with a formula's character, after any apostrophes (so that
#: ``unneutralised`` gives back text that itself began with an apostrophe).
_NEEDS_APOSTROPHE = re.compile("'*[" + re.escape("".join(FORMULA_STARTS)) + "]")


def neutralised(text: str) -> str:
    """``text``, with a leading apostrophe when a spreadsheet would read it as a formula."""
    return f"'{text}" if _NEEDS_APOSTROPHE.match(text) else text


def unneutralised(text: str) -> str:
    """``text`` as it was before ``neutralised``: the import reads an exported cell back as it was written."""
    return text[1:] if text.startswith("'") and _NEEDS_APOSTROPHE.match(text, 1) else text
