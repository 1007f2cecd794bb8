"""The spreadsheets of the milestone import (``proposals.exports.imports``): reading CSV and .xlsx files into
rows under the documented columns, what a cell's text means (a due date, a weight, a version, a site key),
and writing each language's template.

The header may be in English, Korean or Japanese (``HEADERS``), whatever the page's language; other columns
are ignored. What a file may hold is bounded (size, rows, text, and what an .xlsx unpacks to), so a preview
can keep its rows in the session.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .formulas import unneutralised

COLUMNS = ("key", "initiative", "title", "due_date", "weight", "owner", "description", "version")
REQUIRED_COLUMNS = ("key", "initiative", "title", "due_date")
#: The header of each language's template; any of them is understood, whatever the page's language.
HEADERS: dict[str, dict[str, str]] = {
    "en": {column: column for column in COLUMNS},
    "ko": {
        "key": "키",
        "initiative": "이니셔티브",
        "title": "제목",
        "due_date": "마감일",
        "weight": "가중치",
        "owner": "담당자",
        "description": "설명",
        "version": "버전",
    },
    "ja": {
        "key": "キー",
        "initiative": "イニシアチブ",
        "title": "タイトル",
        "due_date": "期日",
        "weight": "重み",
        "owner": "担当者",
        "description": "説明",
        "version": "バージョン",
    },
}
#: A key of this form names a milestone made on the site (which has no import key) by its id: ``#42``.
#: The milestones export writes it; the import matches it within the row's initiative and never stores it.
SITE_KEY_PREFIX = "#"
EXTRA_HEADERS = {"イニシアティブ": "initiative", "due": "due_date", "due date": "due_date", "username": "owner"}
#: Each language's template: its sheet's name, and the example row's title and description (the initiative,
#: due date and owner are the user's own).
EXAMPLES: dict[str, tuple[str, str, str]] = {
    "en": ("Milestones", "Draft the joint statement", "Agreed text for both ministries."),
    "ko": ("마일스톤", "공동성명 초안 작성", "양국 부처가 합의한 문안."),
    "ja": ("マイルストーン", "共同声明の草案作成", "両省が合意した文案。"),
}


def header(column: str) -> str:
    """The header of a documented column in the active language's template (English for other languages)."""
    return HEADERS.get((get_language() or "en")[:2], HEADERS["en"])[column]


#: ``header`` worded when it is shown, in the language active then (for columns defined at import time).
lazy_header = lazy(header, str)


def site_key(milestone_id: int) -> str:
    """The key of a milestone without an import key: ``#`` and its id."""
    return f"{SITE_KEY_PREFIX}{milestone_id}"


MAX_FILE_SIZE = 2 * 1024 * 1024
MAX_ROWS = 1000
#: What the rows' text may add up to: what a preview keeps in the session until it is confirmed.
MAX_TEXT = 2_000_000
#: What an .xlsx (a zip archive) may unpack to before openpyxl is allowed to read it.
MAX_UNPACKED_SIZE = 20 * 1024 * 1024


class ImportFileError(Exception):
    """The file cannot be read as a sheet of rows at all (not CSV or .xlsx, not UTF-8, too many rows)."""


def _normal(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().casefold())


HEADER_NAMES: dict[str, str] = {
    **{_normal(name): column for names in HEADERS.values() for column, name in names.items()},
    **{_normal(name): column for name, column in EXTRA_HEADERS.items()},
}


@dataclass
class Sheet:
    """The rows of a file as text, by documented column; ``columns`` are the documented ones its header has."""

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]

    @property
    def missing_columns(self) -> list[str]:
        return [column for column in REQUIRED_COLUMNS if column not in self.columns]

    def to_data(self) -> dict[str, Any]:
        """Plain JSON, for the session between preview and confirmation."""
        return {"columns": self.columns, "rows": [[number, values] for number, values in self.rows]}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Sheet:
        return cls(columns=list(data["columns"]), rows=[(int(n), dict(values)) for n, values in data["rows"]])


# --- reading -----------------------------------------------------------------------------------------


def read_sheet(data: bytes) -> Sheet:
    """The rows of a CSV (UTF-8, with or without BOM) or .xlsx file (its first sheet); empty rows are skipped."""
    lines = _xlsx_lines(data) if data[:4] == b"PK\x03\x04" else _csv_lines(data)
    header: list[str | None] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    text = 0
    for number, cells in lines:
        if header is None:
            if any(cells):
                header = _header(cells)
            continue
        if not any(cells):
            continue
        if len(rows) == MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)d rows; split it into smaller files.") % {"max": MAX_ROWS}
            )
        # A cell the export marked as text (a leading apostrophe before ``=``, ``-`` …) is read as it was.
        values = {column: unneutralised(cells[i]) for i, column in enumerate(header) if column and i < len(cells)}
        text += sum(len(value) for value in values.values())
        if text > MAX_TEXT:
            raise ImportFileError(_("The file holds too much text; split it into smaller files."))
        rows.append((number, values))
    if header is None:
        raise ImportFileError(_("The file is empty: it needs a header row and at least one milestone."))
    return Sheet(columns=[column for column in header if column], rows=rows)


def _header(cells: list[str]) -> list[str | None]:
    header: list[str | None] = []
    for cell in cells:
        column = HEADER_NAMES.get(_normal(cell))
        if column is not None and column in header:
            raise ImportFileError(_("The column “%(column)s” appears twice in the header.") % {"column": cell})
        header.append(column)
    return header


def _csv_lines(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(_("The file is not a CSV file in UTF-8 or an .xlsx workbook.")) from error
    try:
        return [
            (number, [cell.strip() for cell in cells])
            for number, cells in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
        ]
    except csv.Error as error:
        raise ImportFileError(_("The CSV file cannot be read: %(error)s") % {"error": error}) from error


def _xlsx_lines(data: bytes) -> list[tuple[int, list[str]]]:
    import openpyxl  # only here: the site's other pages never need it

    unreadable = ImportFileError(_("The file is not a CSV file in UTF-8 or an .xlsx workbook."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise unreadable from error
    if unpacked > MAX_UNPACKED_SIZE:
        raise ImportFileError(_("The workbook is too large once unpacked; split it into smaller files."))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # any malformed workbook, whatever openpyxl's parser raises for it
        raise unreadable from error
    try:
        sheet = workbook.worksheets[0]
        lines = []
        for number, values in enumerate(sheet.iter_rows(max_col=len(COLUMNS) * 4, values_only=True), start=1):
            if number > MAX_ROWS * 2:
                raise ImportFileError(
                    _("The file has more than %(max)d rows; split it into smaller files.") % {"max": MAX_ROWS}
                )
            lines.append((number, [_cell_text(value) for value in values]))
        return lines
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    """A cell as the CSV would write it: dates in ISO form, whole numbers without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- cells ------------------------------------------------------------------------------------------

MAX_WEIGHT = 2**31 - 1
MAX_ID = 2**63 - 1
MAX_ID_DIGITS = 30  # a longer run of digits is no id (and not worth turning into a number)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def site_id_of(key: str) -> int | None:
    """The milestone id of a site key (``#42``), or None for an import key."""
    number = key.removeprefix(SITE_KEY_PREFIX)
    if key.startswith(SITE_KEY_PREFIX) and number.isascii() and number.isdigit() and len(number) <= MAX_ID_DIGITS:
        return int(number)
    return None


def due_date_in(text: str, errors: list[str]) -> datetime.date | None:
    """The due date a cell holds (YYYY-MM-DD); None, with the reason in ``errors``, when it holds none."""
    if not text:
        errors.append(_("The due date is missing."))
        return None
    try:
        if ISO_DATE.fullmatch(text):
            return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    errors.append(_("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": text})
    return None


def weight_in(text: str, errors: list[str]) -> int:
    """The weight a cell holds, 1 when empty; 1, with the reason in ``errors``, when it is not a positive number."""
    if not text:
        return 1
    if text.isdigit() and 0 < int(text) <= MAX_WEIGHT:
        return int(text)
    errors.append(_("The weight must be a whole number above zero, not “%(value)s”.") % {"value": text})
    return 1


def version_in(text: str, errors: list[str]) -> int | None:
    """The version a cell holds, None when empty; None, with the reason in ``errors``, when it is no number."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    errors.append(_("The version must be a whole number, not “%(value)s”.") % {"value": text})
    return None


# --- templates ---------------------------------------------------------------------------------------


def template_rows(lang: str, *, initiative: str, owner: str, due: datetime.date) -> list[list[Any]]:
    """The header in ``lang`` (en, ko or ja; else en) and one example row."""
    lang = lang if lang in HEADERS else "en"
    _sheet, title, description = EXAMPLES[lang]
    return [
        [HEADERS[lang][column] for column in COLUMNS],
        ["M-01", initiative, title, due, 1, owner, description, ""],
    ]


def write_csv(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([_cell_text(value) for value in row])
    # With a BOM, Excel opens Korean and Japanese text as UTF-8.
    return out.getvalue().encode("utf-8-sig")


def write_xlsx(rows: list[list[Any]], *, lang: str) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(EXAMPLES.get(lang, EXAMPLES["en"])[0])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
