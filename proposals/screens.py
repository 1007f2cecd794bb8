"""The initiative page's long lists, a screen at a time: comments and activity by keyset cursor, milestones
beyond a first screen on demand. Each screen costs the same few queries however long the list grows."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q
from django.utils.dateparse import parse_datetime

from accounts.models import User

from .models import Activity, Comment, CommentRevision, Initiative, Milestone
from .selectors import activity_stream

COMMENTS_PER_SCREEN = 20
ACTIVITY_PER_SCREEN = 20
MILESTONES_PER_SCREEN = 20


def _before(cursor: str | None) -> Q:
    """Rows older than a ``"<iso time>_<pk>"`` cursor (keyset paging: stable while rows are added)."""
    if not cursor:
        return Q()
    moment, _sep, pk = cursor.rpartition("_")
    when = parse_datetime(moment)
    if when is None or not pk.isdigit():
        return Q()
    return Q(created_at__lt=when) | Q(created_at=when, pk__lt=int(pk))


def cursor_of(row: Comment | Activity) -> str:
    return f"{row.created_at.isoformat()}_{row.pk}"


def comments_screen(
    *,
    initiative: Initiative,
    user: User | AnonymousUser,
    can_moderate: bool,
    before: str | None = None,
    size: int = COMMENTS_PER_SCREEN,
) -> tuple[list[Comment], str | None]:
    """The newest ``size`` comments older than ``before``, oldest first, and the cursor for earlier ones.

    Hidden comments are shown to moderators and to their author only. Three
    queries (the comments, their mentions, their revision counts), whatever the length of the discussion.
    """
    comments = Comment.objects.filter(initiative=initiative).filter(_before(before))
    if not can_moderate:
        comments = comments.filter(Q(is_hidden=False) | Q(author_id=getattr(user, "pk", None)))
    rows = list(
        comments.select_related("author", "milestone", "hidden_by")
        .prefetch_related(Prefetch("mentions", queryset=User.objects.only("username")))
        .order_by("-created_at", "-pk")[: size + 1]
    )
    earlier = cursor_of(rows[size - 1]) if len(rows) > size else None
    rows = rows[:size]
    # Counted for the screen's comments only: an aggregate over the query above would count the whole discussion.
    counts = dict(
        CommentRevision.objects.filter(comment__in=rows)
        .values("comment_id")
        .annotate(count=Count("pk"))
        .values_list("comment_id", "count")
    )
    for comment in rows:
        comment.revision_count = counts.get(comment.pk, 0)  # type: ignore[attr-defined]  # for the template
    return list(reversed(rows)), earlier


def milestone_screen(milestones: list[Milestone], *, show_all: bool = False) -> tuple[list[Milestone], int]:
    """The milestones an initiative page shows first, and how many it leaves for "Show all".

    Every milestone while there are at most ``MILESTONES_PER_SCREEN``; beyond that, the open ones
    (neither approved nor cancelled) in the given order, at most a screen of them. No query.
    """
    if show_all or len(milestones) <= MILESTONES_PER_SCREEN:
        return milestones, 0
    shown = [m for m in milestones if m.status not in Milestone.CLOSED_STATUSES][:MILESTONES_PER_SCREEN]
    return shown, len(milestones) - len(shown)


def activity_screen(
    *, initiative: Initiative, before: str | None = None, size: int = ACTIVITY_PER_SCREEN
) -> tuple[list[Activity], str | None]:
    """The newest ``size`` activity rows of an initiative older than ``before``, and the cursor for older ones."""
    rows = list(activity_stream(Activity.objects.filter(initiative=initiative).filter(_before(before)), size + 1))
    older = cursor_of(rows[size - 1]) if len(rows) > size else None
    return rows[:size], older
