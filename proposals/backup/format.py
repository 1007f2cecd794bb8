"""What a programme export holds: its name and version, its tables in order, and what it leaves out.

The file is one JSON document::

    {"format": "bilateral-tracker-programme", "version": 1, "exported_at": "…", "includes_credentials": false,
     "counts": {"accounts.User": 9, …},
     "data": {"accounts.User": [{"id": 1, "username": "…", …}, …], …}}

``data`` maps each table (a model's label) to its rows, in ``TABLES`` order, each row a JSON object of
the model's columns by attribute name (``initiative_id``), with its primary key, so foreign keys and the
ids that activity, digests and webhook deliveries record line up after a restore. Dates and times are
ISO 8601 (times with their offset, to the microsecond), decimals strings. ``counts`` says how many rows
each table has in the file.

Every model of ``accounts`` and ``proposals`` is either in ``TABLES`` or in ``EXCLUDED`` with the reason;
a model in neither stops the export (and the suite) instead of being left out unnoticed. Bump
``VERSION`` when a file of this version could no longer be read back as it was meant (a column renamed
or its meaning changed); a new column with a default needs no new version, since rows without it take
the default.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

FORMAT = "bilateral-tracker-programme"
VERSION = 1
APPS = ("accounts", "proposals")

#: The exported tables, each after every table it points at (its own table aside: a redelivery points at an
#: earlier delivery, which comes first in primary-key order); written and read back in this order.
TABLES: tuple[str, ...] = (
    "accounts.User",
    "accounts.SignInPolicy",
    "accounts.WorkingGroup",
    "accounts.Membership",
    "accounts.ApiToken",
    "accounts.FeedToken",
    "proposals.Initiative",
    "proposals.InitiativeOwner",
    "proposals.SourceReference",
    "proposals.Milestone",
    "proposals.EvidenceLink",
    "proposals.Indicator",
    "proposals.IndicatorReading",
    "proposals.ProgressUpdate",
    "proposals.Comment",
    "proposals.Comment_mentions",
    "proposals.CommentRevision",
    "proposals.MilestoneSignoff",
    "proposals.Assessment",
    "proposals.AssessmentReminder",
    "proposals.DomesticStep",
    "proposals.InitiativeTranslation",
    "proposals.MilestoneTranslation",
    "proposals.GlossaryTerm",
    "proposals.Activity",
    "proposals.Follow",
    "proposals.Digest",
    "proposals.Reminder",
    "proposals.Notification",
    "proposals.Webhook",
    "proposals.WebhookDelivery",
)

#: Tables of the two apps that are not exported, and why. ``--replace`` empties those whose rows point at the
#: programme (``programme_models``).
EXCLUDED: dict[str, str] = {
    "accounts.User_groups": (
        "Django's admin groups (auth.Group) are not part of the programme; its roles are memberships, exported."
    ),
    "accounts.User_user_permissions": (
        "Per-user admin permissions point at auth.Permission rows, whose ids differ from one database to "
        "another; the staff and superuser flags travel with the user."
    ),
    "accounts.PasswordResetMail": (
        "The per-address limit's record of reset mails sent within the last hour: nothing to carry to another "
        "host or keep in an archive."
    ),
    "proposals.TaskRun": (
        "The operations page's record of this host's periodic tasks: it describes the host, not the programme."
    ),
    "proposals.TaskFailure": (
        "The operations page's record of this host's failed tasks, kept a week: it describes the host, not the "
        "programme."
    ),
}

#: Settings of one row that a new site may create on first use: they do not make a database "not empty",
#: and the file's row takes the place of the one there.
SETTINGS_TABLES: tuple[str, ...] = ("accounts.SignInPolicy",)

#: Stored credentials, written only when asked (``--include-password-hashes``): whole tables (the digests of
#: API tokens and feed keys) and columns (password hashes, webhook signing secrets).
CREDENTIAL_TABLES: tuple[str, ...] = ("accounts.ApiToken", "accounts.FeedToken")
CREDENTIAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "accounts.User": ("password",),
    "proposals.Webhook": ("secret",),
}

#: A webhook restored without its secret gets a new one and is turned off, with this reason.
WEBHOOK_RESTORED_WITHOUT_SECRET = "restored"


class BackupError(Exception):
    """A programme file that cannot be written or read back; the message says why, for the operator."""


def app_models() -> list[type[models.Model]]:
    """Every table of ``accounts`` and ``proposals``, many-to-many tables included, as the registry has them
    (a proxy model has no table of its own: its rows are its concrete model's)."""
    return [
        model
        for app in APPS
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
        if not model._meta.proxy
    ]


def unlisted() -> list[str]:
    """Models of the two apps that are neither exported nor excluded with a reason."""
    return sorted(
        model._meta.label
        for model in app_models()
        if model._meta.label not in TABLES and model._meta.label not in EXCLUDED
    )


def exported_models() -> list[type[models.Model]]:
    """The models of ``TABLES``, in order; a model of the two apps in neither list is an error, never skipped."""
    missing = unlisted()
    if missing:
        raise BackupError(
            "These models are neither exported nor excluded in proposals/backup/format.py: " + ", ".join(missing)
        )
    return [apps.get_model(label) for label in TABLES]


def programme_models() -> list[type[models.Model]]:
    """The tables that hold the programme: the exported ones, and the excluded ones whose rows point at them
    (a user's admin groups). A restore wants them empty and ``--replace`` empties them; the other excluded
    tables describe the host and stay as they are."""
    exported = exported_models()
    pointing = [
        model
        for model in app_models()
        if model not in exported
        and any(field.is_relation and field.related_model in exported for field in model._meta.concrete_fields)
    ]
    return pointing + exported


def columns(model: type[models.Model], *, include_credentials: bool) -> list[models.Field]:
    """The concrete columns of ``model`` that a file holds, primary key first."""
    left_out = () if include_credentials else CREDENTIAL_COLUMNS.get(model._meta.label, ())
    return [field for field in model._meta.concrete_fields if field.name not in left_out]


def exported_tables(*, include_credentials: bool) -> list[type[models.Model]]:
    """The models whose rows a file holds (without credentials, the credential tables are left out)."""
    return [model for model in exported_models() if include_credentials or model._meta.label not in CREDENTIAL_TABLES]
