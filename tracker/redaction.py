"""Credentials never reach a message or a log line: the password in a broker or database URL is masked.

``redis://:secret@cache:6379/0`` is shown as ``redis://:***@cache:6379/0`` and
``postgres://tracker:secret@db/tracker`` as ``postgres://tracker:***@db/tracker``.
"""

import logging
import re

# scheme://userinfo@ — userinfo runs to the last "@" before the host's path, query or fragment, so a
# password with an unescaped "@" is masked whole rather than cut in two.
_URL_USERINFO = re.compile(r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.\-]*://)(?P<userinfo>[^/?#\s]*)@")


def _mask(match: re.Match[str]) -> str:
    userinfo = match["userinfo"]
    if ":" in userinfo:
        user = userinfo.split(":", 1)[0]
        masked = f"{user}:***"
    else:
        # A lone userinfo is often the secret itself (a token or a Redis password without a user).
        masked = "***" if userinfo else ""
    return f"{match['scheme']}{masked}@"


def mask_credentials(text: str) -> str:
    """``text`` with the password (or a lone user part) of every URL in it replaced by ``***``."""
    return _URL_USERINFO.sub(_mask, text)


class CredentialMaskingFormatter(logging.Formatter):
    """The log formatter of every handler: masks credentials in the message, its arguments and any traceback.

    Masking the finished line covers what a third-party library or an exception message puts there too.
    """

    def format(self, record: logging.LogRecord) -> str:
        return mask_credentials(super().format(record))
