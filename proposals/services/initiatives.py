"""Writes on initiatives: create, edit, status, visibility, owners."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User, WorkingGroup

from .. import access, figures, permissions, sides
from ..markup import render_markdown
from ..models import Activity, FollowReason, Initiative, InitiativeOwner, LeadSide, Milestone, Side
from .common import (
    bounded_note,
    check_version,
    edit_recorded,
    ensure_following,
    field_error,
    full_clean,
    lock,
    record_activity,
)
from .translations import (
    TRANSLATED_INITIATIVE_FIELDS,
    check_original_language,
    mark_initiative_translations_outdated,
)

EDITABLE_FIELDS = (
    "title",
    "summary",
    "description",
    "pillar",
    "lead_side",
    "start_date",
    "target_date",
    "original_language",
    "assessment_cadence",
)


#: Slugs the site's own addresses use (``initiatives/new/``): an initiative never takes one.
RESERVED_SLUGS = frozenset({"new"})


def _unique_slug(title: str) -> str:
    base = slugify(title, allow_unicode=True)[:180] or "initiative"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Initiative.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_milestones_not_before_start(initiative: Initiative) -> None:
    if initiative.pk is None or initiative.start_date is None:
        return
    early = (
        Milestone.objects.filter(initiative=initiative, due_date__lt=initiative.start_date)
        .exclude(status=Milestone.Status.CANCELLED)
        .order_by("due_date")
        .first()
    )
    if early:
        raise field_error(
            "start_date",
            _("Milestone “%(title)s” is due on %(date)s, before this start date.")
            % {"title": early.title, "date": early.due_date.isoformat()},
        )


@transaction.atomic
def create_initiative(
    *,
    actor: User,
    working_group: WorkingGroup,
    title: str,
    summary: str,
    pillar: str,
    description: str = "",
    status: str = Initiative.Status.PROPOSED,
    lead_side: str = LeadSide.JOINT,
    start_date: datetime.date | None = None,
    target_date: datetime.date | None = None,
    visibility: str = Initiative.Visibility.INTERNAL,
    slug: str = "",
    owners: Iterable[tuple[User, str]] = (),
    original_language: str = "",
) -> Initiative:
    """Create an initiative in a group. Coordinators of the group and admins only.

    ``original_language`` is the language its text is written in (default: the author's).

    ``owners`` is a list of (user, side). Owners follow the initiative. Records
    ``initiative.created`` (and one ``initiative.owner_added`` per owner).
    """
    permissions.require(actor, "create_initiative", working_group)
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("This address is the site's own; choose another.")}, code="reserved")
    initiative = Initiative(
        working_group=working_group,
        title=(title or "").strip(),
        summary=(summary or "").strip(),
        description=description or "",
        pillar=pillar,
        status=status,
        lead_side=lead_side,
        start_date=start_date,
        target_date=target_date,
        visibility=visibility,
        slug=slug or _unique_slug(title or ""),
        created_by=actor,
        health_as_of=figures.programme_day(),
        original_language=original_language or actor.language or "en",
    )
    full_clean(initiative)
    initiative.description_html = render_markdown(initiative.description)
    sides.fill_due_dates(initiative)
    initiative.save()
    record_activity(
        actor=actor, verb=Activity.Verb.INITIATIVE_CREATED, initiative=initiative, details={"title": initiative.title}
    )
    for user, side in owners:
        _add_owner(initiative=initiative, actor=actor, user=user, side=side)
    return initiative


@transaction.atomic
def edit_initiative(
    *, initiative: Initiative, actor: User, expected_version: int | None = None, **changes: Any
) -> Initiative:
    """Change the initiative's descriptive fields. Owners, coordinators and admins; StaleEdit on a stale version."""
    permissions.require(actor, "edit_initiative", initiative)

    def before_save(saved: Initiative, changed: dict[str, dict[str, Any]]) -> None:
        _check_milestones_not_before_start(saved)
        if "original_language" in changed:
            check_original_language(saved, saved.original_language)
        if TRANSLATED_INITIATIVE_FIELDS & set(changed):
            mark_initiative_translations_outdated(saved.pk)
        if "description" in changed:
            saved.description_html = render_markdown(saved.description)
        if "assessment_cadence" in changed:
            sides.recompute_due_dates(saved)

    return edit_recorded(
        initiative,
        actor=actor,
        verb=Activity.Verb.INITIATIVE_EDITED,
        allowed=EDITABLE_FIELDS,
        changes={
            field: value.strip() if isinstance(value, str) and field != "description" else value
            for field, value in changes.items()
        },
        expected_version=expected_version,
        before_save=before_save,
        activity=lambda saved, changed: {"initiative": saved, "details": {"changes": changed}},
    )


def _set_field(
    initiative: Initiative,
    *,
    actor: User,
    field: str,
    value: str,
    verb: str,
    expected_version: int | None,
    details: dict[str, Any],
) -> Initiative:
    """A versioned edit of one field, recorded with its old and new value (nothing when unchanged)."""
    return edit_recorded(
        initiative,
        actor=actor,
        verb=verb,
        changes={field: value},
        allowed=(field,),
        expected_version=expected_version,
        activity=lambda saved, changed: {
            "initiative": saved,
            "details": {"old": changed[field]["old"], "new": changed[field]["new"], **details},
        },
    )


@transaction.atomic
def change_initiative_status(
    *, initiative: Initiative, actor: User, status: str, expected_version: int | None = None, note: str = ""
) -> Initiative:
    """Set the initiative's status (any of the five). Owners, coordinators, admins. Records old and new."""
    permissions.require(actor, "change_status", initiative)
    if status not in Initiative.Status.values:
        raise field_error("status", _("“%(value)s” is not a valid status.") % {"value": status}, "invalid_choice")
    note = bounded_note(note)
    return _set_field(
        initiative,
        actor=actor,
        field="status",
        value=status,
        verb=Activity.Verb.INITIATIVE_STATUS_CHANGED,
        expected_version=expected_version,
        details={"note": note},
    )


@transaction.atomic
def change_initiative_visibility(
    *, initiative: Initiative, actor: User, visibility: str, expected_version: int | None = None
) -> Initiative:
    """Make the initiative internal or restricted. Owners, coordinators, admins."""
    permissions.require(actor, "edit_initiative", initiative)
    if visibility not in Initiative.Visibility.values:
        raise field_error(
            "visibility", _("“%(value)s” is not a valid visibility.") % {"value": visibility}, "invalid_choice"
        )
    initiative = lock(Initiative, initiative.pk)
    if visibility == Initiative.Visibility.RESTRICTED and initiative.is_public:
        # Restricting it first takes it off the open-data page, in the same transaction.
        check_version(initiative, expected_version)
        initiative = _set_publication(initiative, actor=actor, public=False, expected_version=None)
        expected_version = initiative.version
    return _set_field(
        initiative,
        actor=actor,
        field="visibility",
        value=visibility,
        verb=Activity.Verb.INITIATIVE_VISIBILITY_CHANGED,
        expected_version=expected_version,
        details={},
    )


@transaction.atomic
def publish_initiative(
    *, initiative: Initiative, actor: User, public: bool, expected_version: int | None = None
) -> Initiative:
    """Publish the initiative as open data (or withdraw it). Coordinators of its group, admins.

    Only an internal initiative can be published; restricting one withdraws it (``change_initiative_visibility``).
    Records ``initiative.published`` / ``initiative.unpublished``; nothing when already so.
    """
    permissions.require(actor, "publish", initiative)
    if public and initiative.visibility != Initiative.Visibility.INTERNAL:
        raise field_error(
            "is_public",
            _("Only an internal initiative can be published; a restricted one stays within its group."),
            "restricted",
        )
    return _set_publication(initiative, actor=actor, public=public, expected_version=expected_version)


def _set_publication(initiative: Initiative, *, actor: User, public: bool, expected_version: int | None) -> Initiative:
    return edit_recorded(
        initiative,
        actor=actor,
        verb=Activity.Verb.INITIATIVE_PUBLISHED if public else Activity.Verb.INITIATIVE_UNPUBLISHED,
        changes={"is_public": bool(public)},
        allowed=("is_public",),
        expected_version=expected_version,
        activity=lambda saved, changed: {"initiative": saved, "details": {}},
    )


def _add_owner(*, initiative: Initiative, actor: User, user: User | None, side: str) -> InitiativeOwner:
    if side not in Side.values:
        raise field_error("side", _("Choose Korea or Japan as the owner's side."), "invalid_choice")
    if user is None or not user.is_active:
        raise field_error("user", _("Choose an active user."))
    if InitiativeOwner.objects.filter(initiative=initiative, user=user).exists():
        raise field_error("user", _("%(name)s already owns this initiative.") % {"name": user.name}, "unique")
    ownership = InitiativeOwner.objects.create(initiative=initiative, user=user, side=side)
    access.owner_ids(initiative).add(user.pk)
    ensure_following(user=user, initiative=initiative, reason=FollowReason.OWNER)
    record_activity(
        actor=actor,
        verb=Activity.Verb.OWNER_ADDED,
        initiative=initiative,
        details={"user_id": user.pk, "username": user.username, "side": side},
    )
    return ownership


@transaction.atomic
def add_owner(*, initiative: Initiative, actor: User, user: User | None, side: str) -> InitiativeOwner:
    """Add an owner on one side. Owners, coordinators, admins. The new owner follows the initiative."""
    permissions.require(actor, "manage_owners", initiative)
    lock(Initiative, initiative.pk)
    return _add_owner(initiative=initiative, actor=actor, user=user, side=side)


@transaction.atomic
def remove_owner(*, initiative: Initiative, actor: User, user: User) -> None:
    """Remove an owner; the last owner cannot be removed. Owners, coordinators, admins."""
    permissions.require(actor, "manage_owners", initiative)
    lock(Initiative, initiative.pk)
    ownership = InitiativeOwner.objects.filter(initiative=initiative, user=user).first()
    if ownership is None:
        raise field_error("user", _("%(name)s does not own this initiative.") % {"name": user.name})
    if InitiativeOwner.objects.filter(initiative=initiative).count() == 1:
        raise field_error("user", _("An initiative needs at least one owner; add another before removing this one."))
    ownership.delete()
    access.owner_ids(initiative).discard(user.pk)
    record_activity(
        actor=actor,
        verb=Activity.Verb.OWNER_REMOVED,
        initiative=initiative,
        details={"user_id": user.pk, "username": user.username, "side": ownership.side},
    )
