"""Validators shared by the models of every app (``proposals`` imports them from here)."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Unicode's line and paragraph separators are not in category Cc, yet mail clients and some
# header parsers treat them as line breaks.
LINE_SEPARATORS = frozenset("\u2028\u2029")


def is_control_character(character: str) -> bool:
    return character in LINE_SEPARATORS or unicodedata.category(character) == "Cc"


def validate_single_line(value: str) -> None:
    """Refuse control characters (line breaks, tabs, NUL…) in a one-line text.

    Names and titles end up in e-mail headers (a display name in ``To:``, a title in a
    subject), where a line break is either an injected header or a BadHeaderError that
    stops every later mail to that reader.
    """
    if isinstance(value, str) and any(is_control_character(character) for character in value):
        raise ValidationError(
            _("Use a single line of text, without line breaks, tabs or other control characters."),
            code="control_characters",
        )
