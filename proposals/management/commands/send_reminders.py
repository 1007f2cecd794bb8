"""``python manage.py send_reminders [--at ISO-TIME]``: the hourly reminder sweep, synchronously."""

from django.core.management.base import BaseCommand, CommandError

from proposals import reminders
from proposals.tasks import parse_instant


class Command(BaseCommand):
    help = "Record and send the reminders due at a given time (default: now), each once."

    def add_arguments(self, parser):
        parser.add_argument("--at", help="ISO 8601 date and time; without an offset it is UTC. Default: now.")

    def handle(self, *args, at=None, **options):
        try:
            moment = parse_instant(at)
        except ValueError as error:
            raise CommandError(str(error)) from None
        outcome = reminders.send_due(moment)
        summary = f"Sent {outcome.sent} reminder{'s' if outcome.sent != 1 else ''}"
        if outcome.failed:
            summary += f"; {outcome.failed} could not be sent and will be tried again"
        self.stdout.write(summary + ".")
