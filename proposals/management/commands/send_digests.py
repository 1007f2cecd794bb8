"""``python manage.py send_digests [--frequency weekly|daily] [--at ISO-TIME] [--dry-run]``.

Does synchronously what the hourly dispatcher does through Celery: finds the
readers whose digest is due at ``--at`` (default: now; a time without an offset
is UTC), records their digests and mails the non-empty ones, each once. Running
it again sends nothing twice. ``--dry-run`` prints who would get what and writes
and sends nothing.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from accounts.models import DigestFrequency
from proposals import digests
from proposals.tasks import parse_instant


class Command(BaseCommand):
    help = "Record and send the digests due at a given time (default: now), as the hourly dispatcher does."

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=[DigestFrequency.WEEKLY, DigestFrequency.DAILY])
        parser.add_argument("--at", help="ISO 8601 date and time; without an offset it is UTC. Default: now.")
        parser.add_argument("--dry-run", action="store_true", help="Print who would get what; write and send nothing.")

    def handle(self, *args, frequency=None, at=None, dry_run=False, **options):
        try:
            moment = parse_instant(at)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if dry_run:
            return self.dry_run(moment, frequency)
        outcome = digests.run(moment, frequency)
        summary = f"Sent {outcome.sent} digest{'s' if outcome.sent != 1 else ''} ({outcome.empty} empty, not mailed)"
        if outcome.failed:
            summary += f"; {outcome.failed} could not be sent and will be tried again"
        self.stdout.write(summary + ".")

    def dry_run(self, moment, frequency):
        mailed = empty = 0
        for batch in digests.plan_batches(moment, frequency):
            for user, content in digests.preview(batch.user_ids, batch.frequency, batch.period_end):
                start = datetime.datetime.fromisoformat(content["period"]["start"]).astimezone(datetime.UTC)
                totals = content.get("totals") or content["counts"]  # a section may list only its first items
                counts = ", ".join(f"{key} {n}" for key, n in totals.items() if n) or "empty"
                self.stdout.write(
                    f"{user.username} <{user.email}> {batch.frequency} {user.language} {user.time_zone}: "
                    f"{start:%Y-%m-%d %H:%M} – {batch.period_end:%Y-%m-%d %H:%M} UTC: {counts}"
                )
                if digests.is_empty(content):
                    empty += 1
                else:
                    mailed += 1
        self.stdout.write(f"Dry run: would send {mailed} digests ({empty} empty, not mailed); nothing was written.")
