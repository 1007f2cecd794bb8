"""Every non-trivial read of initiatives, milestones and what hangs off them.

Selectors are plain functions with keyword-only arguments. Each returns a lazy
queryset (or a dict of them) whose related rows are already joined or
prefetched, so a page touches the database a
fixed number of times however many rows it shows.

Who may read what is decided by ``proposals.access``, the one read rule: every
selector narrows its rows through it.

“Today” is a parameter wherever health or due dates matter; it defaults to
``timezone.localdate()`` so tests and batch jobs can pass a fixed day.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Case,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accounts.models import Membership, User, WorkingGroup

from . import access, health, permissions, sides
from .filters import InitiativeFilter
from .models import (
    Activity,
    Assessment,
    EvidenceLink,
    Follow,
    Health,
    Indicator,
    IndicatorReading,
    Initiative,
    InitiativeOwner,
    Milestone,
    MilestoneSignoff,
    MilestoneStatus,
    ProgressUpdate,
    Webhook,
)

CLOSED_STATUSES = Milestone.CLOSED_STATUSES
HEALTH_RANK = health.RANK

MY_WORK_BUCKETS = ("overdue", "due_soon", "awaiting_review", "changes_requested")
ACTIVITY_RELATED = ("actor", "initiative", "milestone", "working_group")


# --- initiative annotations ---------------------------------------------------------------------


def initiatives_visible_to(user: User | AnonymousUser) -> QuerySet[Initiative]:
    """The initiatives ``user`` may read, with their stored figures (``proposals.figures``).

    Empty for anonymous and inactive users. Working group joined, ownerships
    (with their users) prefetched, so ``access.can_read`` needs no query for
    owners. Ordered by title.
    """
    queryset = (
        Initiative.objects.select_related("working_group")
        .prefetch_related(Prefetch("ownerships", queryset=InitiativeOwner.objects.select_related("user")))
        .order_by("title", "pk")
    )
    return access.readable(queryset, user)


def health_reason(initiative: Initiative, today: datetime.date | None = None) -> str:
    """Why the initiative has its health, in the active language, e.g. “Milestone “Draft MOU” is 12 days overdue”.

    Reads only the stored figures (never the database). ``today`` defaults to the
    day they were computed for (``health_as_of``), so the day count matches the health.
    """
    if today is None:
        today = getattr(initiative, "health_as_of", None) or timezone.localdate()
    title = initiative.health_milestone_title
    due = initiative.health_milestone_due
    if initiative.health == Health.OFF_TRACK:
        assert due is not None  # stored with the health it explains (proposals.figures)
        days = (today - due).days
        return ngettext(
            "Milestone “%(title)s” is %(days)d day overdue",
            "Milestone “%(title)s” is %(days)d days overdue",
            days,
        ) % {"title": title, "days": days}
    if initiative.health == Health.AT_RISK:
        assert due is not None  # as above
        days = (due - today).days
        if days <= 0:
            return gettext("Milestone “%(title)s” is due today and not yet submitted") % {"title": title}
        return ngettext(
            "Milestone “%(title)s” is due in %(days)d day and not yet submitted",
            "Milestone “%(title)s” is due in %(days)d days and not yet submitted",
            days,
        ) % {"title": title, "days": days}
    return gettext("All milestones are on schedule")


def with_health_reasons(initiatives: Iterable[Initiative], *, today: datetime.date | None = None) -> list[Initiative]:
    """Evaluate ``initiatives`` and set ``initiative.health_reason`` (text) on each, for templates.

    Call it on the page of rows being shown (``page.object_list``); it runs no
    query beyond evaluating a queryset that was not evaluated yet.
    """
    rows = list(initiatives)
    for initiative in rows:
        initiative.health_reason = health_reason(initiative, today)  # type: ignore[attr-defined]  # for templates only
    return rows


#: Owners as a list row names them (``User.name``), with the side.
OWNERS_FOR_LISTS = InitiativeOwner.objects.select_related("user").only(
    "initiative", "side", "user__username", "user__display_name", "user__first_name", "user__last_name"
)


def initiative_list(
    *, user: User | AnonymousUser, params: Mapping[str, Any] | None
) -> tuple[QuerySet[Initiative], InitiativeFilter]:
    """The initiatives ``user`` may read, filtered and ordered by ``params`` (a QueryDict or dict).

    Returns the queryset and the bound ``InitiativeFilter`` (for its form and
    errors). When a parameter is invalid, ``filterset.is_valid()`` is False,
    ``filterset.errors`` names the field, and the queryset is empty: a list
    never silently ignores a filter the user asked for.
    """
    # A list row shows no description, and names its owners: the long columns stay in the database and
    # the owners' users are read with their names only. (Reaching for a deferred column would cost a
    # query per row, which the query-budget tests would catch.)
    rows = (
        initiatives_visible_to(user)
        .defer("description", "description_html")
        .prefetch_related(None)
        .prefetch_related(Prefetch("ownerships", queryset=OWNERS_FOR_LISTS))
    )
    filterset = InitiativeFilter(data=params if params is not None else {}, queryset=rows)
    return filterset.qs, filterset


def initiative_detail(*, user: User | AnonymousUser, slug: str) -> Initiative:
    """One annotated initiative with everything its page shows, or ``Http404`` when ``user`` may not read it.

    Prefetched (each one query, whatever the number of rows):
    ``ownerships`` (with users), ``milestones`` (by due date, with owner,
    submitter, decider and a joint milestone's ``signoffs``), ``indicators`` (by name) with ``readings`` (by date,
    with evidence and recorder), ``evidence`` (newest first, with added_by and
    milestone), ``progress_updates`` (newest first, with author, milestone and
    evidence) and ``sources``. Comments and activity come a screen at a time
    (``comments_screen``, ``activity_screen``). For a signed-in reader,
    ``is_followed`` says whether they follow the initiative.
    """
    queryset = initiatives_visible_to(user).prefetch_related(
        Prefetch(
            "milestones",
            queryset=Milestone.objects.select_related("owner", "submitted_by", "decided_by")
            .prefetch_related(Prefetch("signoffs", queryset=MilestoneSignoff.objects.select_related("signed_by")))
            .order_by("due_date", "pk"),
        ),
        Prefetch(
            "indicators",
            queryset=Indicator.objects.order_by("name", "pk").prefetch_related(
                Prefetch(
                    "readings",
                    queryset=IndicatorReading.objects.select_related("evidence", "recorded_by").order_by("date", "pk"),
                )
            ),
        ),
        Prefetch("evidence", queryset=EvidenceLink.objects.select_related("added_by", "milestone")),
        Prefetch("progress_updates", queryset=ProgressUpdate.objects.select_related("author", "milestone", "evidence")),
        "sources",
    )
    if access.may_read_anything(user):
        queryset = queryset.annotate(is_followed=Exists(Follow.objects.filter(user=user, initiative=OuterRef("pk"))))
    try:
        return queryset.get(slug=slug)
    except Initiative.DoesNotExist:
        raise Http404(gettext("No such initiative.")) from None


# --- milestones -----------------------------------------------------------------------------------


def my_work(*, user: User | AnonymousUser, today: datetime.date | None = None) -> dict[str, QuerySet[Milestone]]:
    """The milestones that wait on ``user``, by bucket, each ordered by due date.

    - ``overdue``: owned by the user, open (not approved or cancelled), due before today;
    - ``due_soon``: owned, open, due today .. today + 14 days;
    - ``awaiting_review``: submitted by the user and still submitted;
    - ``changes_requested``: owned or submitted by the user, in changes requested.

    Only milestones of initiatives the user may read; initiative, its working
    group and the owner are joined. Empty querysets for anonymous users.
    """
    if not access.may_read_anything(user):
        return {bucket: Milestone.objects.none() for bucket in MY_WORK_BUCKETS}
    today = timezone.localdate() if today is None else today
    milestones = access.readable(
        Milestone.objects.select_related("initiative", "initiative__working_group", "owner"),
        user,
        through="initiative",
    ).order_by("due_date", "pk")
    open_owned = milestones.filter(owner=user).exclude(status__in=CLOSED_STATUSES)
    return {
        "overdue": open_owned.filter(due_date__lt=today),
        "due_soon": open_owned.filter(due_date__gte=today, due_date__lte=health.at_risk_until(today)),
        "awaiting_review": milestones.filter(submitted_by=user, status=MilestoneStatus.SUBMITTED),
        "changes_requested": milestones.filter(
            Q(owner=user) | Q(submitted_by=user), status=MilestoneStatus.CHANGES_REQUESTED
        ),
    }


#: What a reader who follows an initiative wants to hear of first: decisions and changes of course.
DECISION_VERBS = (
    Activity.Verb.MILESTONE_APPROVED,
    Activity.Verb.MILESTONE_CHANGES_REQUESTED,
    Activity.Verb.INITIATIVE_STATUS_CHANGED,
    Activity.Verb.INITIATIVE_HEALTH_CHANGED,
)


def followed_due_soon(*, user: User | AnonymousUser, today: datetime.date | None = None) -> QuerySet[Milestone]:
    """Open milestones of the initiatives ``user`` follows (and may read), due from today to the at-risk window."""
    if not access.may_read_anything(user):
        return Milestone.objects.none()
    today = timezone.localdate() if today is None else today
    followed = Follow.objects.filter(user=user, initiative__isnull=False).values("initiative_id")
    return (
        access.readable(Milestone.objects.filter(initiative_id__in=followed), user, through="initiative")
        .exclude(status__in=CLOSED_STATUSES)
        .filter(due_date__gte=today, due_date__lte=health.at_risk_until(today))
        .select_related("initiative", "initiative__working_group", "owner")
        .order_by("due_date", "pk")
    )


def review_queue(
    *,
    user: User | AnonymousUser,
    group: WorkingGroup | None = None,
    submitted_before: datetime.datetime | None = None,
) -> QuerySet[Milestone]:
    """Submitted milestones ``user`` may decide on, oldest submission first.

    Those of working groups where the user is coordinator (every group for an
    admin), minus the ones the user submitted (nobody reviews their own
    submission); optionally of one ``group`` and submitted before an instant
    (waiting at least so long). Initiative, its group, owner and submitter
    joined; the milestone's ``evidence`` (with added_by) prefetched for the
    rows fetched (a page).
    """
    queryset = permissions.reviewable_by(Milestone.objects.filter(status=MilestoneStatus.SUBMITTED), user)
    if group is not None:
        queryset = queryset.filter(initiative__working_group=group)
    if submitted_before is not None:
        queryset = queryset.filter(submitted_at__lt=submitted_before)
    return (
        queryset.select_related("initiative", "initiative__working_group", "owner", "submitted_by")
        .prefetch_related(
            Prefetch("evidence", queryset=EvidenceLink.objects.select_related("added_by")),
            Prefetch("signoffs", queryset=MilestoneSignoff.objects.select_related("signed_by")),
        )
        .order_by(F("submitted_at").asc(nulls_last=True), "pk")
    )


def review_queue_count(*, user: User | AnonymousUser) -> int:
    """How many milestones wait in ``user``'s review queue (one query)."""
    return review_queue(user=user).count()


# --- activity and following ---------------------------------------------------------------------


def activity_stream(queryset: QuerySet[Activity], limit: int | None) -> QuerySet[Activity]:
    queryset = queryset.select_related(*ACTIVITY_RELATED).order_by("-created_at", "-pk")
    return queryset if limit is None else queryset[:limit]


def activity_for_initiative(*, initiative: Initiative, limit: int | None = 50) -> QuerySet[Activity]:
    """The newest ``limit`` Activity rows of one initiative (all of them when ``limit`` is None).

    Does not check visibility: the caller has already established that the
    user may read ``initiative`` (``permissions.require(user, "view", initiative)``).
    """
    return activity_stream(Activity.objects.filter(initiative=initiative), limit)


def activity_for_group(
    *, user: User | AnonymousUser, group: WorkingGroup, limit: int | None = 50
) -> QuerySet[Activity]:
    """The newest Activity of a working group that ``user`` may see.

    Rows on the group's initiatives that the user may read, plus group-level
    rows (no initiative, ``working_group`` = group). Empty for anonymous users.
    """
    rows = Activity.objects.filter(Q(initiative__working_group=group) | Q(initiative__isnull=True, working_group=group))
    return activity_stream(access.readable_or_unattached(rows, user, through="initiative"), limit)


def activity_for_follows(*, user: User | AnonymousUser, limit: int | None = 50) -> QuerySet[Activity]:
    """The newest Activity on what ``user`` follows and may read.

    Rows on initiatives the user follows or whose working group they follow
    (restricted ones only while the user may still read them), plus group-level
    rows of followed groups. Empty for anonymous users. Reads the user's follows
    at once (one query); the rows are a lazy queryset.
    """
    if not access.may_read_anything(user):
        return Activity.objects.none()
    # What the user follows is read first (one query, a few rows), so the database sees the actual
    # ids and reads the matching activity through its indexes; as subqueries, it guessed half of all
    # activity matched and walked the whole log by date for a reader who follows five initiatives.
    initiative_ids, group_ids = followed_by(user)
    rows = Activity.objects.filter(
        Q(initiative_id__in=initiative_ids)
        | Q(initiative__working_group_id__in=group_ids)  # the initiative's current group
        | Q(initiative__isnull=True, working_group_id__in=group_ids)
    )
    return activity_stream(access.readable_or_unattached(rows, user, through="initiative"), limit)


def follows_of(*, user: User | AnonymousUser) -> QuerySet[Follow]:
    """``user``'s Follow rows, newest first, with initiative (and its group) and working group joined.

    Follows of initiatives the user may no longer read (made restricted since)
    are left out, so their titles do not leak. Empty for anonymous users.
    """
    if not access.may_read_anything(user):
        return Follow.objects.none()
    queryset = Follow.objects.filter(user=user).select_related(
        "initiative", "initiative__working_group", "working_group"
    )
    return access.readable_or_unattached(queryset, user, through="initiative").order_by("-created_at", "-pk")


def members_of_group(*, group: WorkingGroup) -> QuerySet[Membership]:
    """The memberships of a working group with their users, coordinators first, then by username."""
    return (
        Membership.objects.filter(working_group=group)
        .select_related("user")
        .order_by(
            Case(When(role=Membership.Role.COORDINATOR, then=Value(0)), default=Value(1)),
            "user__username",
        )
    )


def webhooks_managed_by(user: User | AnonymousUser) -> QuerySet[Webhook]:
    """The webhooks of the working groups ``user`` coordinates (every group's for an admin)."""
    groups = permissions.groups_coordinated_by(user)
    return Webhook.objects.filter(working_group__in=groups.values("pk")).select_related("working_group", "created_by")


def public_initiatives() -> QuerySet[Initiative]:
    """The initiatives published as open data (the read rule's public face), by title; for anyone."""
    return access.public(Initiative.objects.select_related("working_group")).order_by("title", "pk")


def followed_by(user: User) -> tuple[list[int], list[int]]:
    """The ids of the initiatives and of the working groups ``user`` follows (one query, a few rows)."""
    initiative_ids: list[int] = []
    group_ids: list[int] = []
    for initiative_id, group_id in Follow.objects.filter(user=user).values_list("initiative_id", "working_group_id"):
        if initiative_id is not None:
            initiative_ids.append(initiative_id)
        else:
            group_ids.append(group_id)
    return initiative_ids, group_ids


# --- the two sides' assessments -----------------------------------------------------------------------


def assessment_history(*, initiative: Initiative) -> QuerySet[Assessment]:
    """The assessments of an initiative its reader may read (the caller checked), newest first, with authors."""
    return Assessment.objects.filter(initiative=initiative).select_related("author").order_by("-created_at", "-pk")


def flagged_initiatives(*, user: User | AnonymousUser, today: datetime.date | None = None) -> QuerySet[Initiative]:
    """The initiatives ``user`` may read whose sides' disagreement is flagged (``sides.flagged``), longest first."""
    rows = initiatives_visible_to(user).defer("description", "description_html")
    rows = rows.prefetch_related(None).prefetch_related(Prefetch("ownerships", queryset=OWNERS_FOR_LISTS))
    return sides.flagged(rows, today).order_by("disagreement_since", "title", "pk")
