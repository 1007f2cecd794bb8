"""``python manage.py seed_demo``: load the demo users, working groups and initiatives.

Safe to run again: every row is looked up by its natural key and created only
when missing, so nothing is duplicated and edits made on the site survive.
"""

import datetime
from collections import Counter
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from accounts.models import Language, Membership, User, WorkingGroup
from proposals import figures, seed_data
from proposals.markup import render_markdown
from proposals.models import (
    Activity,
    Comment,
    EvidenceLink,
    Follow,
    Indicator,
    IndicatorReading,
    Initiative,
    InitiativeOwner,
    Milestone,
    SourceReference,
)
from proposals.seed_data import assessments as seed_assessments
from proposals.seed_data import domestic_steps as seed_domestic_steps
from proposals.seed_data import joint_milestones as seed_joint_milestones
from proposals.seed_data import translations as seed_translations
from proposals.services.comments import resolve_mentions

# Seeded milestone status -> the activity that put it there, the milestone field
# naming the actor and the seed key naming the same person.
DECISION_ACTIVITY = {
    Milestone.Status.SUBMITTED: (Activity.Verb.MILESTONE_SUBMITTED, "submitted_by_id", "owner"),
    Milestone.Status.APPROVED: (Activity.Verb.MILESTONE_APPROVED, "decided_by_id", "decided_by"),
    Milestone.Status.CHANGES_REQUESTED: (Activity.Verb.MILESTONE_CHANGES_REQUESTED, "decided_by_id", "decided_by"),
}


def date_activity(activity: Activity, at: datetime.datetime) -> None:
    """Stamp a seeded activity row with the time it happened (Activity refuses updates through the ORM)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE proposals_activity SET created_at = %s, updated_at = %s WHERE id = %s", [at, at, activity.pk]
        )


class Seeder:
    def __init__(self, *, today: datetime.date, now: datetime.datetime):
        self.today = today
        self.now = now
        self.created: Counter = Counter()
        self.users: dict[str, User] = {}
        self.groups: dict[str, WorkingGroup] = {}

    def _get_or_create(self, model, defaults=None, **lookup):
        obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
        self.created[model] += created
        return obj, created

    def day(self, offset):
        if offset is None or isinstance(offset, datetime.date):
            return offset
        return self.today + datetime.timedelta(days=offset)

    def moment(self, offset):
        return None if offset is None else self.now + datetime.timedelta(days=offset)

    def run(self) -> Counter:
        for spec in seed_data.USERS:
            self.seed_user(spec)
        for spec in seed_data.WORKING_GROUPS:
            self.groups[spec["slug"]], _ = self._get_or_create(
                WorkingGroup, slug=spec["slug"], defaults={"name": spec["name"], "description": spec["description"]}
            )
        for username, roles in seed_data.MEMBERSHIPS.items():
            for slug, role in roles.items():
                self._get_or_create(
                    Membership, user=self.users[username], working_group=self.groups[slug], defaults={"role": role}
                )
        for spec in seed_data.INITIATIVES:
            self.seed_initiative(spec)
        for spec in seed_data.DISCUSSIONS:
            self.seed_comment(spec)
        for username, follows in seed_data.STAKEHOLDER_FOLLOWS.items():
            user = self.users[username]
            for slug in follows["initiatives"]:
                self.follow(user, initiative=Initiative.objects.get(slug=slug), reason=Follow.Reason.MANUAL)
            for slug in follows["working_groups"]:
                self.follow(user, working_group=self.groups[slug], reason=Follow.Reason.MANUAL)
        # The two sides: joint sign-offs, each side's assessments, domestic steps, the three languages.
        for part in (seed_joint_milestones, seed_assessments, seed_domestic_steps, seed_translations):
            part.seed(self)
        return self.created

    def seed_user(self, spec):
        fields = {key: value for key, value in spec.items() if key not in ("username", "password", "role")}
        user, created = self._get_or_create(
            User,
            username=spec["username"],
            defaults={"email": f"{spec['username']}@{seed_data.EMAIL_DOMAIN}", **fields},
        )
        if created:
            user.set_password(spec["password"])
            user.save(update_fields=["password"])
        self.users[spec["username"]] = user

    def follow(self, user, *, reason, initiative=None, working_group=None):
        self._get_or_create(
            Follow, user=user, initiative=initiative, working_group=working_group, defaults={"reason": reason}
        )

    def seed_initiative(self, spec):
        initiative, created = self._get_or_create(
            Initiative,
            slug=spec["slug"],
            defaults={
                "title": spec["title"],
                "summary": spec["summary"],
                "description": spec["description"],
                "description_html": render_markdown(spec["description"]),
                "pillar": spec["pillar"],
                "status": spec["status"],
                "lead_side": spec["lead_side"],
                "working_group": self.groups[spec["group"]],
                "start_date": self.day(spec["start"]),
                "target_date": self.day(spec["target"]),
                "visibility": spec["visibility"],
                "created_by": self.users[spec["created_by"]],
            },
        )
        if not created:
            # Once seeded, an initiative belongs to its users: renamed milestones or removed
            # owners must not come back on the next run.
            return
        for username, side in spec["owners"]:
            user = self.users[username]
            self._get_or_create(InitiativeOwner, initiative=initiative, user=user, defaults={"side": side})
            self.follow(user, initiative=initiative, reason=Follow.Reason.OWNER)
        for document, note in spec["sources"]:
            self._get_or_create(SourceReference, initiative=initiative, document=document, defaults={"note": note})
        milestones = {ms["title"]: self.seed_milestone(initiative, ms) for ms in spec["milestones"]}
        for evidence in spec.get("evidence", []):
            self._get_or_create(
                EvidenceLink,
                initiative=initiative,
                url=evidence["url"],
                defaults={
                    "title": evidence["title"],
                    "kind": evidence["kind"],
                    "published_on": self.day(evidence["published_on"]),
                    "note": evidence["note"],
                    "added_by": self.users[evidence["added_by"]],
                    "milestone": milestones.get(evidence.get("milestone")),
                },
            )
        for indicator in spec.get("indicators", []):
            self.seed_indicator(initiative, indicator)

    def seed_milestone(self, initiative, spec):
        owner = self.users[spec["owner"]]
        decided_by = self.users.get(spec.get("decided_by"))
        milestone, _ = self._get_or_create(
            Milestone,
            initiative=initiative,
            title=spec["title"],
            defaults={
                "description": spec.get("description", ""),
                "owner": owner,
                "due_date": self.day(spec["due"]),
                "weight": spec["weight"],
                "status": spec["status"],
                "submitted_by": owner if "submitted" in spec else None,
                "submitted_at": self.moment(spec.get("submitted")),
                "decided_by": decided_by,
                "decided_at": self.moment(spec.get("decided")),
            },
        )
        if "submitted" in spec:
            self.follow(owner, initiative=initiative, reason=Follow.Reason.SUBMITTER)
        if spec["status"] in DECISION_ACTIVITY:
            self.record_decision(milestone, spec)
        return milestone

    def record_decision(self, milestone, spec):
        verb, actor_field, seed_key = DECISION_ACTIVITY[spec["status"]]
        actor_id = getattr(milestone, actor_field)
        # Only a milestone that still names the seeded actor gets the seeded activity.
        if actor_id != self.users[spec[seed_key]].pk:
            return
        if Activity.objects.filter(verb=verb, milestone=milestone, actor_id=actor_id).exists():
            return
        activity = Activity.objects.create(
            actor_id=actor_id,
            verb=verb,
            initiative=milestone.initiative,
            milestone=milestone,
            working_group=milestone.initiative.working_group,
            details={"note": spec.get("note", ""), "seeded": True},
        )
        self.created[Activity] += 1
        # Dated when it happened (months back, relative to today), not when the seed ran: the first digest
        # must not present last summer's approvals as this week's.
        happened = milestone.submitted_at if verb == Activity.Verb.MILESTONE_SUBMITTED else milestone.decided_at
        if happened is not None:
            date_activity(activity, happened)

    def seed_comment(self, spec):
        """A comment written ``day`` days back, its mentions resolved as the site resolves them."""
        initiative = Initiative.objects.get(slug=spec["initiative"])
        author = self.users[spec["author"]]
        milestone = initiative.milestones.filter(title=spec["milestone"]).first() if "milestone" in spec else None
        comment, created = self._get_or_create(
            Comment,
            initiative=initiative,
            author=author,
            body=spec["body"],
            defaults={"milestone": milestone, "body_html": render_markdown(spec["body"])},
        )
        if not created:
            return
        mentioned = resolve_mentions(spec["body"], initiative)
        comment.mentions.set(mentioned)
        self.follow(author, initiative=initiative, reason=Follow.Reason.COMMENTER)
        for person in mentioned:
            self.follow(person, initiative=initiative, reason=Follow.Reason.MENTIONED)
        activity = Activity.objects.create(
            actor=author,
            verb=Activity.Verb.COMMENT_ADDED,
            initiative=initiative,
            milestone=milestone,
            working_group=initiative.working_group,
            details={
                "comment_id": comment.pk,
                "excerpt": spec["body"][:200],
                "mentioned_user_ids": [person.pk for person in mentioned],
                "seeded": True,
            },
        )
        self.created[Activity] += 1
        written = self.moment(spec["day"])
        Comment.objects.filter(pk=comment.pk).update(created_at=written, updated_at=written)
        date_activity(activity, written)

    def seed_indicator(self, initiative, spec):
        readings = spec["readings"]
        indicator, created = self._get_or_create(
            Indicator,
            initiative=initiative,
            name=spec["name"],
            defaults={
                "unit": spec["unit"],
                "baseline": Decimal(spec["baseline"]),
                "target": Decimal(spec["target"]),
                "current_value": Decimal(max(readings, key=lambda r: r["date"])["value"]) if readings else None,
            },
        )
        # Reading dates move with the day the command runs, so they are only
        # seeded together with their indicator; a later run must not add more.
        if not created:
            return
        for reading in readings:
            evidence = initiative.evidence.filter(url=reading.get("evidence")).first()
            self._get_or_create(
                IndicatorReading,
                indicator=indicator,
                date=self.day(reading["date"]),
                defaults={
                    "value": Decimal(reading["value"]),
                    "note": reading.get("note", ""),
                    "evidence": evidence,
                    "recorded_by": self.users[reading["recorded_by"]],
                },
            )


class Command(BaseCommand):
    # The stubs want str; argparse takes the lazy text, translated when --help is printed.
    help = gettext_lazy(  # type: ignore[assignment]
        "Load demo users, working groups and initiatives. Safe to run again: existing rows are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help=gettext_lazy("Do not print the demo logins table."))

    def handle(self, *args, quiet=False, verbosity=1, **options):
        with transaction.atomic():
            created = Seeder(today=timezone.localdate(), now=timezone.now()).run()
            # The seeder writes milestones and activity directly: bring the stored figures of what it
            # created up to date (the hourly task keeps them current afterwards). Seeding is not news.
            if sum(created.values()):
                figures.refresh_all(record_changes=False)
        if verbosity < 1:
            return
        self.stdout.write(self.summary(created))
        if not quiet:
            self.stdout.write(self.logins_table())

    def summary(self, created: Counter) -> str:
        parts = [f"{count} {model._meta.verbose_name_plural}" for model, count in created.items() if count]
        if not parts:
            return gettext("Demo data already present; nothing was created.")
        return gettext("Demo data created: %(items)s.") % {"items": ", ".join(parts)}

    def logins_table(self) -> str:
        roles = {
            "admin": gettext("administrator (superuser)"),
            "coordinator": gettext("coordinator, every working group"),
            "member": gettext("member"),
            "stakeholder": gettext("stakeholder (reads, follows)"),
        }
        header = [gettext("Username"), gettext("Password"), gettext("Role"), gettext("Language")]
        rows = []
        for spec in seed_data.USERS:
            role = roles[spec["role"]]
            if spec["role"] == "member":
                role = gettext("member of %(count)d working groups") % {
                    "count": len(seed_data.MEMBERSHIPS.get(spec["username"], {}))
                }
            language = f"{spec['language']} ({Language(spec['language']).label})"
            rows.append([spec["username"], spec["password"], role, language])
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
        lines = ["", gettext("Demo logins"), ""]
        for row in [header, ["-" * width for width in widths], *rows]:
            lines.append("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        lines += [
            "",
            gettext("Passwords are set only when a user is created; a re-run does not reset a changed password."),
        ]
        return "\n".join(lines)
