"""The Korean and Japanese catalogues cover every string the code and templates mark for translation.

The catalogues are regenerated from the sources in a scratch copy of the project, so a
new string that was never extracted fails here just like an extracted one left untranslated.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("manage.py", "core", "tracker", "accounts", "proposals", "templates", "locale")
ENTRY_KEYWORDS = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(.*)"$')


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file as dicts of keyword → text, with their flags."""
    entries, current, key = [], {"flags": ""}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if any(k.startswith("msgid") for k in current):
                entries.append(current)
            current, key = {"flags": ""}, None
        elif line.startswith("#,"):
            current["flags"] += line[2:]
        elif line.startswith("#"):
            continue
        elif match := ENTRY_KEYWORDS.match(line):
            key = match.group(1)
            current[key] = match.group(2)
        elif line.startswith('"') and key:
            current[key] += line[1:-1]
    return [entry for entry in entries if entry.get("msgid")]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    scratch = tmp_path_factory.mktemp("project")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, scratch / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy2(source, scratch / name)
    env = {**os.environ, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "tracker.settings"}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ko", "-l", "ja", "-l", "en", "--no-obsolete", "-v0"],
        cwd=scratch,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return scratch / "locale"


@pytest.mark.slow
@pytest.mark.parametrize("language", ["ko", "ja", "en"])
def test_every_string_is_translated(regenerated, language):
    entries = parse_po(regenerated / language / "LC_MESSAGES" / "django.po")
    assert len(entries) > 100
    missing = [
        entry["msgid"]
        for entry in entries
        if "fuzzy" in entry["flags"] or not all(value for key, value in entry.items() if key.startswith("msgstr"))
    ]
    assert missing == [], f"{len(missing)} untranslated {language} strings, e.g. {missing[:5]}"


@pytest.mark.parametrize("language", ["ko", "ja"])
def test_placeholders_survive_translation(language):
    entries = parse_po(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]")
    wrong = [
        entry["msgid"]
        for entry in entries
        for key, value in entry.items()
        if key.startswith("msgstr")
        and value
        and set(placeholder.findall(value)) != set(placeholder.findall(entry["msgid"] + entry.get("msgid_plural", "")))
        and "python-format" in entry["flags"]
    ]
    assert wrong == []
