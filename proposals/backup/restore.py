"""Reading a programme file back: into an empty database, in one transaction, as stored.

``restore_programme`` checks the file's format and version before it writes anything, refuses a
database whose programme tables hold rows (unless told to replace them), inserts every table in
``format.TABLES`` order with ``bulk_create`` a chunk at a time (no service runs: nothing is recorded as
activity, recomputed, mailed or enqueued, and ``created_at``/``updated_at`` keep their stored values),
checks every foreign key, and moves each table's id sequence past the ids it brought (PostgreSQL; SQLite's
AUTOINCREMENT follows explicit ids by itself), so rows made afterwards never collide. Any error rolls the
whole of it back, the rows ``--replace`` deleted included.

A file in the layout ``export`` writes is read a line at a time, so memory stays flat whatever its size;
any other JSON document of the same shape (reformatted, say) is read whole.
"""

from __future__ import annotations

import contextlib
import datetime
import gzip
import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..webhooks.signing import new_secret
from . import format
from .format import BackupError

#: Rows inserted per ``bulk_create``.
BATCH_SIZE = 1_000
_HEADER_END = ',"data":{'
_GZIP_MAGIC = b"\x1f\x8b"


@contextlib.contextmanager
def opened(path: str) -> Iterator[TextIO]:
    """The file at ``path`` as text (gzip-compressed or not), or standard input for ``-``."""
    if path == "-":
        yield sys.stdin
        return
    with open(path, "rb") as raw:
        compressed = raw.read(2) == _GZIP_MAGIC
    with gzip.open(path, "rt", encoding="utf-8") if compressed else open(path, encoding="utf-8") as stream:
        yield stream


def _loads(text: str, line: int | None = None) -> Any:
    try:
        return json.loads(text)
    except ValueError as error:
        where = _("line %(line)d: %(error)s") % {"line": line, "error": error} if line else str(error)
        raise BackupError(_("The file is not valid JSON (%(where)s).") % {"where": where}) from error


def _out_of_place(line: int) -> BackupError:
    return BackupError(_("Line %(line)d of the file is not what a programme export holds there.") % {"line": line})


class ProgrammeFile:
    """A programme file's header (format, version, counts) and, once, its tables in the order the file has them."""

    def __init__(self, stream: TextIO) -> None:
        try:
            first = stream.readline()
            if first.rstrip("\r\n").endswith(_HEADER_END):
                self.header = _loads(first.rstrip("\r\n")[: -len(_HEADER_END)] + "}", 1)
                self._stream: TextIO | None = stream
                self._data: dict | None = None
            else:
                document = _loads(first + stream.read())
                if not isinstance(document, dict) or not isinstance(document.get("data"), dict):
                    raise BackupError(_("The file is not a programme export: it holds no tables."))
                self._data = document.pop("data")
                self.header = document
                self._stream = None
        except UnicodeDecodeError as error:
            raise BackupError(_("The file is not UTF-8 text.")) from error
        self._check_header()

    def _check_header(self) -> None:
        header = self.header
        found = header.get("format") if isinstance(header, dict) else None
        if found is None:
            raise BackupError(_("The file is not a programme export of this tracker: it names no format."))
        if found != format.FORMAT:
            raise BackupError(
                _("The file is not a programme export of this tracker (its format is “%(format)s”).")
                % {"format": found}
            )
        if isinstance(header.get("version"), bool) or header.get("version") != format.VERSION:
            raise BackupError(
                _("The file is version %(version)s of the programme export; this tracker reads version %(supported)s.")
                % {"version": header.get("version"), "supported": format.VERSION}
            )
        counts = header.get("counts", {})
        if not isinstance(counts, dict) or not all(isinstance(n, int) for n in counts.values()):
            raise BackupError(_("The file is not a programme export: its counts are not numbers of rows."))

    @property
    def counts(self) -> dict[str, int]:
        return self.header.get("counts", {})

    def tables(self) -> Iterator[tuple[str, Iterable[Any]]]:
        """Each table's label and rows; a table's rows are read before the next table is."""
        if self._data is not None:
            order = {label: position for position, label in enumerate(format.TABLES)}
            yield from sorted(self._data.items(), key=lambda item: order.get(item[0], -1))
            return
        assert self._stream is not None
        lines = enumerate((line.rstrip("\r\n") for line in self._stream), start=2)
        try:
            for number, line in lines:
                if line == "}}":
                    break
                if not line.endswith(":["):
                    raise _out_of_place(number)
                rows = self._rows(lines)
                yield _loads(line[:-2], number), rows
                for _row in rows:  # what the reader left of the table
                    pass
            else:
                raise BackupError(_("The file ends before its last table: it is incomplete."))
            if any(line.strip() for _number, line in lines):
                raise BackupError(_("The file goes on after its last table."))
        except UnicodeDecodeError as error:
            raise BackupError(_("The file is not UTF-8 text.")) from error

    @staticmethod
    def _rows(lines: Iterator[tuple[int, str]]) -> Iterator[Any]:
        for number, line in lines:
            if line in ("]", "],"):
                return
            if not line.startswith("{"):
                raise _out_of_place(number)
            yield _loads(line.removesuffix(","), number)
        raise BackupError(_("The file ends before its last table: it is incomplete."))


class TableRows:
    """Turns a table's rows in the file into unsaved model instances, checking each column."""

    def __init__(self, model: type[models.Model], now: datetime.datetime) -> None:
        self.model = model
        self.label = model._meta.label
        self.now = now
        self.fields = {field.attname: field for field in model._meta.concrete_fields}
        self.pk = model._meta.pk.attname
        self.stamps = {
            field.attname
            for field in self.fields.values()
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        }

    def _value(self, attname: str, value: Any, pk: Any) -> Any:
        field = self.fields.get(attname)
        if field is None:
            raise BackupError(
                _("Table %(table)s in the file has a column “%(column)s” that this tracker does not know.")
                % {"table": self.label, "column": attname}
            )
        if value is None or isinstance(field, models.JSONField):
            return value
        try:
            return field.to_python(value)
        except ValidationError as error:
            raise BackupError(
                _("Row %(pk)s of %(table)s: “%(column)s” cannot be read (%(error)s).")
                % {"pk": pk, "table": self.label, "column": attname, "error": "; ".join(error.messages)}
            ) from error

    def instance(self, row: Any) -> models.Model:
        if not isinstance(row, dict) or row.get(self.pk) is None:
            raise BackupError(_("A row of %(table)s in the file has no id.") % {"table": self.label})
        pk = row[self.pk]
        values = {attname: self._value(attname, value, pk) for attname, value in row.items()}
        for attname in self.stamps - values.keys():
            values[attname] = self.now
        self.without_credentials(values)
        return self.model(**values)

    def without_credentials(self, values: dict[str, Any]) -> None:
        """What a row exported without its credentials gets in their place (``format.CREDENTIAL_COLUMNS``)."""
        if self.label == "accounts.User" and "password" not in values:
            values["password"] = make_password(None)  # unusable: the user sets a new one by mail
        elif self.label == "proposals.Webhook" and "secret" not in values:
            values["secret"] = new_secret()  # the receiver knows the old one: off until a coordinator hands it on
            if values.get("is_active", True):
                values.update(
                    is_active=False, disabled_at=self.now, disabled_reason=format.WEBHOOK_RESTORED_WITHOUT_SECRET
                )


@contextlib.contextmanager
def stored_timestamps(tables: Iterable[type[models.Model]]) -> Iterator[None]:
    """``created_at`` and ``updated_at`` (``auto_now_add``/``auto_now``) as the rows give them, not the time of
    the insert, while the block runs (the import is one command in one thread)."""
    fields = [
        field
        for model in tables
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]  # type: ignore[attr-defined]
    for field in fields:
        field.auto_now = field.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add  # type: ignore[attr-defined]


def programme_rows() -> dict[str, int]:
    """The programme's tables that hold rows, and how many (settings of one row aside)."""
    counts = {
        model._meta.label: model._base_manager.count()
        for model in format.programme_models()
        if model._meta.label not in format.SETTINGS_TABLES
    }
    return {label: count for label, count in counts.items() if count}


def _release_references(domain: set[type[models.Model]]) -> None:
    """Rows of other apps that point at users or other programme rows go as they would when those rows are
    deleted (the admin's log of a user's edits is deleted with the user); a reference that would forbid it
    stops the restore."""
    for model in apps.get_models(include_auto_created=True):
        if model in domain or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model not in domain:
                continue
            pointing = model._base_manager.filter(**{f"{field.name}__isnull": False})
            on_delete = field.remote_field.on_delete  # type: ignore[union-attr]
            if on_delete is models.CASCADE:
                pointing.delete()
            elif on_delete is models.SET_NULL:
                pointing.update(**{field.name: None})
            elif pointing.exists():
                raise BackupError(
                    _("Rows of %(table)s point at the programme and would stop its deletion; nothing was changed.")
                    % {"table": model._meta.label}
                )


def delete_programme() -> None:
    """Every row of the programme's tables (activity included: the table is emptied, never edited)."""
    programme, exported = format.programme_models(), format.exported_models()
    _release_references(set(programme))
    children_first = [model for model in programme if model not in exported] + exported[::-1]
    with connection.cursor() as cursor:
        for model in children_first:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def _insert(model: type[models.Model], rows: Iterable[Any], now: datetime.datetime) -> int:
    reader = TableRows(model, now)
    manager = model._base_manager
    inserted, batch = 0, []
    for row in rows:
        batch.append(reader.instance(row))
        if len(batch) == BATCH_SIZE:
            manager.bulk_create(batch)
            inserted, batch = inserted + len(batch), []
    if batch:
        manager.bulk_create(batch)
        inserted += len(batch)
    return inserted


def _reset_sequences(tables: list[type[models.Model]]) -> None:
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), tables):
            cursor.execute(statement)


def restore_programme(programme: ProgrammeFile, *, replace: bool = False) -> dict[str, int]:
    """Insert the file's rows into an empty programme, in one transaction; returns the rows per table.

    Refuses (``BackupError``, nothing changed) when the programme's tables hold rows, unless ``replace``,
    which deletes them first, in the same transaction. No service runs: nothing is recorded, recomputed
    (stored progress and health come as stored), mailed or enqueued.
    """
    exported = format.exported_models()
    now = timezone.now()
    try:
        with transaction.atomic(), stored_timestamps(exported):
            present = programme_rows()
            if present and not replace:
                raise BackupError(
                    _(
                        "The database already holds a programme (%(tables)s). Import into an empty database, "
                        "or pass --replace to delete the programme there first. Nothing was changed."
                    )
                    % {"tables": ", ".join(f"{label}: {count}" for label, count in sorted(present.items()))}
                )
            if present:
                delete_programme()
            inserted = _insert_tables(programme, now)
            _reset_sequences(exported)
            connection.check_constraints(table_names=[model._meta.db_table for model in exported])
    except IntegrityError as error:
        raise BackupError(
            _("The file's rows do not fit together, and nothing was imported: %(error)s") % {"error": error}
        ) from error
    return inserted


def _insert_tables(programme: ProgrammeFile, now: datetime.datetime) -> dict[str, int]:
    inserted: dict[str, int] = {}
    position = -1
    for label, rows in programme.tables():
        if not isinstance(label, str) or label not in format.TABLES:
            raise BackupError(
                _("The file holds a table “%(table)s” that this tracker does not know.") % {"table": label}
            )
        if label in inserted or format.TABLES.index(label) < position:
            raise BackupError(_("Table %(table)s comes out of order in the file (or twice).") % {"table": label})
        position = format.TABLES.index(label)
        if not isinstance(rows, Iterable):
            raise BackupError(_("Table %(table)s in the file is not a list of rows.") % {"table": label})
        model = apps.get_model(label)
        if label in format.SETTINGS_TABLES:
            model._base_manager.all().delete()
        inserted[label] = _insert(model, rows, now)
    counts = programme.counts
    if counts and any(counts.get(label, 0) != inserted.get(label, 0) for label in {*counts, *inserted}):
        raise BackupError(_("The file holds fewer or more rows than its counts say: it is incomplete or was edited."))
    return inserted
