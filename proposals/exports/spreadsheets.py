"""A ``tables.Table`` written as CSV (streamed) or as an Excel workbook (a temporary file), and its file name.

CSV: UTF-8 with a byte order mark, so spreadsheet programs read Korean and Japanese as such; dates as
YYYY-MM-DD, times as YYYY-MM-DD HH:MM in the reader's time zone. Excel: one sheet written row by row
in XlsxWriter's constant-memory mode; dates and times as date cells, figures as numbers, the header
row bold and frozen. In both, a text cell that a spreadsheet would take for a formula (it starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading apostrophe (``formulas``), which
the milestone import takes off again.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from typing import IO, Any
from urllib.parse import quote

import xlsxwriter

from .formulas import neutralised
from .tables import DATE, DATETIME, NUMBER, TEXT, Table

BOM = "\ufeff"
#: CSV lines sent to the client at a time.
LINES_PER_WRITE = 200


# --- CSV ------------------------------------------------------------------------------------------


class _Line:
    """A file-like object for ``csv.writer`` that hands back the line it was given."""

    def write(self, value: str) -> str:
        return value


def _csv_cell(kind: str, value: Any) -> Any:
    if value is None:
        return ""
    if kind == DATETIME:
        return value.strftime("%Y-%m-%d %H:%M")
    if kind == DATE:
        return value.isoformat()
    if kind == NUMBER:
        return int(value) if isinstance(value, float) and value.is_integer() else value
    return neutralised(value)


def csv_lines(table: Table[Any]) -> Iterator[bytes]:
    """The table as UTF-8 CSV with a byte order mark, a few hundred lines per chunk."""
    writer = csv.writer(_Line())
    kinds = [column.kind for column in table.columns]
    lines = [BOM + writer.writerow([neutralised(header) for header in table.headers()])]
    for record in table.records():
        lines.append(writer.writerow([_csv_cell(kind, value) for kind, value in zip(kinds, record, strict=True)]))
        if len(lines) >= LINES_PER_WRITE:
            yield "".join(lines).encode()
            lines = []
    if lines:
        yield "".join(lines).encode()


# --- Excel ----------------------------------------------------------------------------------------

_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str) -> str:
    """A name Excel accepts for a sheet: at most 31 characters, none of []:*?/\\."""
    return _SHEET_NAME_FORBIDDEN.sub(" ", name).strip("' ")[:31] or "Sheet1"


def write_xlsx(table: Table[Any], target: IO[bytes]) -> None:
    """Write the table as a one-sheet workbook to ``target`` (a binary file), a row at a time."""
    workbook = xlsxwriter.Workbook(
        target,
        {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    try:
        sheet = workbook.add_worksheet(sheet_name(str(table.name)))
        header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        formats = {
            DATE: workbook.add_format({"num_format": "yyyy-mm-dd"}),
            DATETIME: workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        }
        cell_formats = [
            workbook.add_format({"num_format": column.number_format})
            if column.kind == NUMBER
            else formats.get(column.kind)
            for column in table.columns
        ]
        for index, column in enumerate(table.columns):
            sheet.set_column(index, index, column.width)
        sheet.freeze_panes(1, 0)
        for index, text in enumerate(table.headers()):
            sheet.write_string(0, index, neutralised(text), header)
        kinds = [column.kind for column in table.columns]
        for row, record in enumerate(table.records(), start=1):
            for index, value in enumerate(record):
                if value is not None:
                    _write_cell(sheet, row, index, kinds[index], value, cell_formats[index])
    finally:
        workbook.close()


def _write_cell(sheet: Any, row: int, col: int, kind: str, value: Any, cell_format: Any) -> None:
    if kind in (DATE, DATETIME):
        sheet.write_datetime(row, col, value, cell_format)
    elif kind == NUMBER:
        sheet.write_number(row, col, float(value), cell_format)
    else:
        assert kind == TEXT, kind
        sheet.write_string(row, col, neutralised(value))


# --- file names -----------------------------------------------------------------------------------


def attachment(stem: str, extension: str) -> str:
    """A ``Content-Disposition`` for ``stem.extension``: an ASCII name for old clients, the real one in UTF-8."""
    name = f"{stem}.{extension}"
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    ascii_stem = re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_stem)).strip("-.") or "export"
    return f"attachment; filename=\"{ascii_stem}.{extension}\"; filename*=UTF-8''{quote(name, safe='')}"
