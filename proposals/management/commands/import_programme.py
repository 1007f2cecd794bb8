"""``python manage.py import_programme FILE [--replace]``: a file of ``export_programme`` back into a database.

Into an empty database only (its ``accounts`` and ``proposals`` tables without rows); ``--replace`` deletes the
programme there first. Everything happens in one transaction: with any error (an unknown format or version,
a database that is not empty, a broken file) nothing is changed and the command exits non-zero. Rows come back
as stored, ids included; no activity is recorded, no figure recomputed, nothing mailed or enqueued. Afterwards,
``manage.py refresh_figures`` brings stored progress and health up to today.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from proposals.backup import restore
from proposals.backup.format import BackupError


class Command(BaseCommand):
    help = "Read a file written by export_programme into an empty database (or, with --replace, instead of its data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help="A file written by export_programme (.json or .json.gz), or - for standard input."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the users, working groups and initiatives the database holds first (same transaction).",
        )

    def handle(self, *args: Any, file: str, replace: bool, **options: Any) -> None:
        try:
            with restore.opened(file) as stream:
                programme = restore.ProgrammeFile(stream)
                counts = restore.restore_programme(programme, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(_("The file could not be read: %(error)s") % {"error": error}) from error
        for label, count in counts.items():
            self.stdout.write(f"{label:<34} {count:>9}")
        self.stdout.write(
            _("Programme imported: %(rows)d rows in %(tables)d tables.")
            % {"rows": sum(counts.values()), "tables": len(counts)}
        )
        if not programme.header.get("includes_credentials"):
            self.stdout.write(
                _(
                    "The file held no credentials: users set a new password through “Forgot your password?”, "
                    "API tokens and feed links are issued again, and each webhook stays off until a coordinator "
                    "gives its receiver the new secret and turns it on."
                )
            )
        self.stdout.write(_("Run “manage.py refresh_figures” to bring stored progress and health up to today."))
