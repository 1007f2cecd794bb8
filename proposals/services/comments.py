"""Writes on comments: add, edit (keeping revisions), hide and unhide."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .. import permissions
from ..markup import mentioned_usernames, render_markdown
from ..models import COMMENT_MAX_LENGTH, Activity, Comment, CommentRevision, FollowReason, Initiative, Milestone
from .common import check_version, ensure_following, field_error, lock, record_activity


def _validate_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise field_error("body", _("Write something first."), "required")
    if len(body) > COMMENT_MAX_LENGTH:
        raise field_error(
            "body",
            _("Comments are limited to %(max)d characters (this one has %(count)d).")
            % {"max": COMMENT_MAX_LENGTH, "count": len(body)},
            "max_length",
        )
    return body


def resolve_mentions(body: str, initiative: Initiative) -> list[User]:
    """The active users mentioned in the body who can read the initiative; others are ignored."""
    names = mentioned_usernames(body)
    if not names:
        return []
    users = get_user_model().objects.filter(username__in=names, is_active=True)
    return [user for user in users if permissions.can(user, "view", initiative)]


def _apply_mentions(comment: Comment, body: str) -> list[User]:
    """Set the comment's mentions; return the users mentioned for the first time by this text."""
    mentioned = resolve_mentions(body, comment.initiative)
    before = set(comment.mentions.values_list("pk", flat=True))
    comment.mentions.set(mentioned)
    new = [user for user in mentioned if user.pk not in before]
    for user in new:
        ensure_following(user=user, initiative=comment.initiative, reason=FollowReason.MENTIONED)
    return new


@transaction.atomic
def add_comment(*, initiative: Initiative, actor: User, body: str, milestone: Milestone | None = None) -> Comment:
    """Comment on an initiative or one of its milestones: anyone who can read it.

    The Markdown is rendered and sanitized; mentioned users who can read the initiative are
    recorded (and follow it); the author follows it too.
    """
    permissions.require(actor, "comment", initiative)
    body = _validate_body(body)
    if milestone is not None and milestone.initiative_id != initiative.pk:
        raise field_error("milestone", _("This milestone belongs to another initiative."))
    comment = Comment.objects.create(
        initiative=initiative, milestone=milestone, author=actor, body=body, body_html=render_markdown(body)
    )
    mentioned = _apply_mentions(comment, body)
    ensure_following(user=actor, initiative=initiative, reason=FollowReason.COMMENTER)
    record_activity(
        actor=actor,
        verb=Activity.Verb.COMMENT_ADDED,
        initiative=initiative,
        milestone=milestone,
        details={
            "comment_id": comment.pk,
            "excerpt": body[:200],
            "mentioned_user_ids": [user.pk for user in mentioned],
        },
    )
    return comment


@transaction.atomic
def edit_comment(*, comment: Comment, actor: User, body: str, expected_version: int | None = None) -> Comment:
    """The author changes their comment; the earlier text is kept as a revision. Hidden comments stay hidden."""
    permissions.require(actor, "view", comment)
    comment = lock(Comment, comment.pk)
    if not permissions.can(actor, "edit_comment", comment):
        raise PermissionDenied(_("Only the author can edit a comment."))
    check_version(comment, expected_version)
    body = _validate_body(body)
    if body == comment.body:
        return comment
    CommentRevision.objects.create(comment=comment, body=comment.body, body_html=comment.body_html, edited_by=actor)
    comment.body = body
    comment.body_html = render_markdown(body)
    comment.edited_at = timezone.now()
    comment.version += 1
    comment.save(update_fields=["body", "body_html", "edited_at", "version", "updated_at"])
    mentioned = _apply_mentions(comment, body)
    record_activity(
        actor=actor,
        verb=Activity.Verb.COMMENT_EDITED,
        initiative=comment.initiative,
        milestone=comment.milestone,
        details={
            "comment_id": comment.pk,
            "excerpt": body[:200],
            "mentioned_user_ids": [user.pk for user in mentioned],
        },
    )
    return comment


def _set_hidden(comment: Comment, *, actor: User, hidden: bool, reason: str) -> Comment:
    permissions.require(actor, "moderate", comment)
    comment = lock(Comment, comment.pk)
    if comment.is_hidden == hidden:
        return comment
    comment.is_hidden = hidden
    comment.hidden_by = actor if hidden else None
    comment.hidden_at = timezone.now() if hidden else None
    comment.version += 1
    comment.save(update_fields=["is_hidden", "hidden_by", "hidden_at", "version", "updated_at"])
    verb = Activity.Verb.COMMENT_HIDDEN if hidden else Activity.Verb.COMMENT_UNHIDDEN
    record_activity(
        actor=actor,
        verb=verb,
        initiative=comment.initiative,
        milestone=comment.milestone,
        details={"comment_id": comment.pk, "reason": (reason or "")[:500]},
    )
    return comment


@transaction.atomic
def hide_comment(*, comment: Comment, actor: User, reason: str = "") -> Comment:
    """Hide a comment from readers (never deleted). Coordinators of the group and admins."""
    return _set_hidden(comment, actor=actor, hidden=True, reason=reason)


@transaction.atomic
def unhide_comment(*, comment: Comment, actor: User) -> Comment:
    """Show a hidden comment again. Coordinators of the group and admins."""
    return _set_hidden(comment, actor=actor, hidden=False, reason="")
