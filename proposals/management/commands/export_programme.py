"""``python manage.py export_programme [--output FILE|-] [--include-password-hashes]``: the programme as one file.

Writes every user, working group, initiative and everything on them (``proposals.backup.format`` lists the
tables and what is left out) as one JSON document, to standard output or to ``--output`` (``.gz`` compresses
it). A file is written beside its final name and renamed into place when complete, readable by its owner
only. ``import_programme`` reads it back into an empty database, PostgreSQL or SQLite.
"""

from __future__ import annotations

import gzip
import io
import os
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from proposals.backup.export import export_programme
from proposals.backup.format import BackupError


def _text(raw: IO[bytes], compress: bool) -> IO[str]:
    return gzip.open(raw, "wt", encoding="utf-8") if compress else io.TextIOWrapper(raw, encoding="utf-8")


class Command(BaseCommand):
    help = (
        "Write the whole programme (users, working groups, initiatives and everything on them) as one JSON file "
        "that import_programme reads back into an empty database, PostgreSQL or SQLite."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            default="-",
            help="File to write (a name ending in .gz is compressed); - (the default) writes to standard output.",
        )
        parser.add_argument(
            "--include-password-hashes",
            action="store_true",
            help="Also write the stored credentials: password hashes, API-token and feed-key digests and webhook "
            "signing secrets. Without them, imported users set a new password by mail, API tokens and feed links "
            "are issued again and webhooks come back turned off with a new secret.",
        )

    def handle(self, *args: Any, output: str, include_password_hashes: bool, **options: Any) -> None:
        include_credentials = include_password_hashes
        try:
            if output == "-":
                counts = export_programme(self.stdout, include_credentials=include_credentials)
            else:
                counts = self._to_file(Path(output), include_credentials)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(_("The file could not be written: %(error)s") % {"error": error}) from error
        report = self.stderr if output == "-" else self.stdout
        report.write(
            _("Programme exported: %(rows)d rows in %(tables)d tables.")
            % {"rows": sum(counts.values()), "tables": len(counts)}
        )
        if include_credentials:
            report.write(
                _(
                    "The file holds password hashes, API-token and feed-key digests and webhook secrets: "
                    "keep it as safe as the database."
                )
            )

    @staticmethod
    def _to_file(path: Path, include_credentials: bool) -> dict[str, int]:
        partial = path.with_name(f".{path.name}.partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with open(descriptor, "wb") as raw, _text(raw, path.suffix == ".gz") as out:
                counts = export_programme(out, include_credentials=include_credentials)
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return counts
