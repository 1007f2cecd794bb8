"""Helpers for tests that read e-mail: the locmem outbox, parts of a message, compiled catalogues."""

import gettext as gettext_module
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.utils.translation import trans_real

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.fixture(scope="session")
def catalogues():
    """Korean and Japanese messages compiled (``make test`` does it too; a bare pytest run may not have)."""
    for po in LOCALE.glob("*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "-o", str(mo), str(po)], check=False, capture_output=True)
    gettext_module._translations.clear()
    trans_real._translations = {}
    trans_real._default = None


def mails_to(user) -> list:
    return [message for message in mail.outbox if any(user.email in to for to in message.to)]


def html_of(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")
