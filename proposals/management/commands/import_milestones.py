"""``python manage.py import_milestones <file> --as <username> [--dry-run]``: the site's bulk import, from a shell.

Prints what each row does (the site's preview); with any error, or with ``--dry-run``, writes nothing. Errors
exit non-zero. The rows are applied as ``--as`` through the services, as on the site.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from accounts.models import User
from proposals.exports import imports


class Command(BaseCommand):
    help = "Import milestones from a CSV or .xlsx file as a coordinator (see the import page for the columns)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="A CSV (UTF-8) or .xlsx file.")
        parser.add_argument("--as", dest="username", required=True, help="The coordinator the import is made by.")
        parser.add_argument("--dry-run", action="store_true", help="Print the preview only; write nothing.")

    def handle(self, *args: object, file: Path, username: str, dry_run: bool, **options: object) -> None:
        actor = User.objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(_("No active user “%(username)s”.") % {"username": username})
        if not imports.may_import(actor):
            raise CommandError(_("Only coordinators of a working group and admins can import milestones."))
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from error
        if len(data) > imports.MAX_FILE_SIZE:
            raise CommandError(
                _("The file is larger than %(size)d MB.") % {"size": imports.MAX_FILE_SIZE // (1024 * 1024)}
            )
        try:
            sheet = imports.read_sheet(data)
        except imports.ImportFileError as error:
            raise CommandError(str(error)) from error
        plan = imports.plan_import(sheet, actor) if dry_run else imports.apply_import(sheet, actor)
        self._print(plan)
        if not plan.ok:
            raise CommandError(_("Nothing was saved. Correct the errors above, then import the file again."))
        counts = plan.counts
        if dry_run:
            summary = _("%(create)d to add, %(update)d to change, %(unchanged)d unchanged.") % counts
            self.stdout.write(_("Dry run, nothing was saved: %(summary)s") % {"summary": summary})
        else:
            summary = _("Milestones imported: %(create)d added, %(update)d changed, %(unchanged)d unchanged.") % counts
            self.stdout.write(self.style.SUCCESS(summary))

    def _print(self, plan: imports.Plan) -> None:
        for number, message in plan.errors:
            self.stderr.write(_("Row %(number)s: %(message)s") % {"number": number, "message": message})
        for row in plan.rows:
            self.stdout.write(f"{row.number:>5}  {row.action:<9}  {row.initiative_slug}  {row.key}  {row.title}")
            for label, old, new in row.changes:
                self.stdout.write(f"{'':>18}{label}: {old} → {new}")
            for message in row.errors:
                self.stderr.write(_("Row %(number)s: %(message)s") % {"number": row.number, "message": message})
