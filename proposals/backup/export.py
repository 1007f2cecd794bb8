"""Writing the programme file: one consistent snapshot, a chunk of rows at a time.

The counts are taken and the rows read in one transaction; on PostgreSQL it is REPEATABLE READ (as
``pg_dump`` reads), so a row added while the export runs is either wholly in the file or not at all,
and every foreign key in the file points at a row the file holds. Rows are read through a server-side
cursor (``iterator(chunk_size=…)``, unless ``DISABLE_SERVER_SIDE_CURSORS``) and written one line each,
so memory stays flat at any size of programme. The layout (a header line, then one line per table
heading, per row and per table end) is what ``restore`` reads back a line at a time; it is also
ordinary JSON, for any other reader.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import json
import uuid
from collections.abc import Iterator
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from . import format

#: Rows fetched from the database at a time.
CHUNK_SIZE = 2_000


class Writable(Protocol):
    def write(self, text: str, /) -> object: ...


def encode(value: Any) -> Any:
    """A column's value as JSON can hold it: dates and times in ISO 8601 to the microsecond, decimals as text."""
    if isinstance(value, datetime.date | datetime.time):  # datetime.datetime is a date
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not a column type the programme file knows")


def dumps(value: Any) -> str:
    return json.dumps(value, default=encode, ensure_ascii=False, separators=(",", ":"))


def _rows(model: type[Model], attnames: list[str], chunk_size: int) -> Iterator[dict[str, Any]]:
    rows = model._base_manager.order_by("pk").values_list(*attnames).iterator(chunk_size=chunk_size)
    for row in rows:
        yield dict(zip(attnames, row, strict=True))


@contextlib.contextmanager
def _snapshot() -> Iterator[None]:
    """One transaction for the whole export; REPEATABLE READ on PostgreSQL when it is the outermost one."""
    isolate = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if isolate:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def export_programme(
    out: Writable, *, include_credentials: bool = False, chunk_size: int = CHUNK_SIZE
) -> dict[str, int]:
    """Write the whole programme to ``out`` as one JSON document; returns the rows written per table.

    Without ``include_credentials`` the file holds no password hashes, no API-token or feed-key digests
    and no webhook secrets (see ``format``). Reads only; nothing is recorded.
    """
    models = format.exported_tables(include_credentials=include_credentials)
    with _snapshot():
        counts = {model._meta.label: model._base_manager.count() for model in models}
        header = {
            "format": format.FORMAT,
            "version": format.VERSION,
            "exported_at": timezone.now(),
            "includes_credentials": include_credentials,
            "counts": counts,
        }
        out.write(dumps(header)[:-1] + ',"data":{\n')
        for position, model in enumerate(models):
            label = model._meta.label
            attnames = [field.attname for field in format.columns(model, include_credentials=include_credentials)]
            out.write(dumps(label) + ":[\n")
            written, waiting = 0, None
            for row in _rows(model, attnames, chunk_size):
                if waiting is not None:
                    out.write(waiting + ",\n")
                waiting = dumps(row)
                written += 1
            if waiting is not None:
                out.write(waiting + "\n")
            out.write("],\n" if position < len(models) - 1 else "]\n")
            if written != counts[label]:  # cannot happen within one snapshot; a file that disagrees is no backup
                raise format.BackupError(f"{label}: counted {counts[label]} rows but read {written}.")
        out.write("}}\n")
    return counts
