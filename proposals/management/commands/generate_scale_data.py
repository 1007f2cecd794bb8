"""``python manage.py generate_scale_data --initiatives N --users M [--big-initiative] [--force]``.

Fills an empty database with a whole programme for benchmarks; the programme's shape is described in
``proposals.scale_data``. Operator output, in English like ``send_digests``.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from proposals.models import (
    Initiative,
)
from proposals.scale_data.programme import Programme
from proposals.scale_data.shape import (
    BIG_ACTIVITY,
    BIG_COMMENTS,
    BIG_MILESTONES,
    COORDINATOR,
    SEED,
    STAKEHOLDER,
    big_initiative_index,
    group_count,
    programme_today,
    slug_of,
    users_needed,
)

__all__ = [
    "COORDINATOR",
    "STAKEHOLDER",
    "Command",
    "big_initiative_index",
    "group_count",
    "programme_today",
    "slug_of",
]


class Command(BaseCommand):
    help = "Fill an empty database with a programme of N initiatives and M users for benchmarks (bulk, deterministic)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--initiatives", type=int, required=True, help="Initiatives to generate.")
        parser.add_argument("--users", type=int, required=True, help="Users to generate.")
        parser.add_argument(
            "--big-initiative",
            action="store_true",
            help=f"Give one initiative {BIG_MILESTONES} milestones, {BIG_COMMENTS} comments and "
            f"{BIG_ACTIVITY:,} activity rows.",
        )
        parser.add_argument("--password", help="Password of every generated user (default: a random one, printed).")
        parser.add_argument("--seed", type=int, default=SEED, help=f"Random seed (default {SEED}).")
        parser.add_argument(
            "--force", action="store_true", help="Generate even though the database already holds initiatives or users."
        )

    def handle(
        self,
        *args: Any,
        initiatives: int,
        users: int,
        big_initiative: bool = False,
        password: str | None = None,
        seed: int = SEED,
        force: bool = False,
        **options: Any,
    ) -> None:
        if initiatives < 1:
            raise CommandError("--initiatives must be at least 1.")
        if users < users_needed(initiatives):
            raise CommandError(
                f"--users must be at least {users_needed(initiatives)} for {initiatives} initiatives "
                f"({group_count(initiatives)} working groups, each with coordinators and members)."
            )
        if User.objects.filter(username__in=[STAKEHOLDER, COORDINATOR]).exists():
            raise CommandError("This database already holds generated data; generate into an empty database.")
        if not force and (Initiative.objects.exists() or User.objects.filter(is_superuser=False).exists()):
            raise CommandError(
                "This database already holds initiatives or users. Generate into an empty database, "
                "or pass --force to add the generated programme beside them."
            )
        password = password or secrets.token_urlsafe(12)
        # One hash for every user: hashing thousands of passwords with Argon2 would take minutes.
        programme = Programme(
            initiatives=initiatives,
            users=users,
            big_initiative=big_initiative,
            seed=seed,
            password_hash=make_password(password),
        )
        summary = programme.run()
        if options.get("verbosity", 1) < 1:
            return
        figures = f", stored figures {summary.seconds['figures']:.1f} s" if "figures" in summary.seconds else ""
        lines = [
            f"Generated {initiatives:,} initiatives, {users:,} users and {summary.groups} working groups in "
            f"{summary.seconds['total']:.1f} s (inserts {summary.seconds['insert']:.1f} s{figures}).",
            f"Every generated user's password: {password}",
            f"  coordinator: {COORDINATOR} (coordinates {summary.coordinator_groups} of the working groups, "
            f"{summary.review_waiting:,} milestones waiting for review)",
            f"  stakeholder: {STAKEHOLDER}",
            f"  an owner:    {summary.owner}",
        ]
        if summary.big_slug:
            lines.append(
                f"Big initiative ({BIG_MILESTONES} milestones, {BIG_COMMENTS} comments, {BIG_ACTIVITY:,} "
                f"activity rows): {summary.big_slug}"
            )
        self.stdout.write("\n".join(lines))
