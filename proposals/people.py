"""People: a few suggestions for a person field, and what a person's page shows (their groups, and the
activity of theirs the reader may read)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Q, QuerySet, Value, When

from accounts.models import Membership, User

from . import access
from .models import Activity, Initiative
from .selectors import activity_stream

PEOPLE_SUGGESTIONS = 8


def people_matching(*, text: str, limit: int = PEOPLE_SUGGESTIONS, initiative: Initiative | None = None) -> list[User]:
    """A few active people whose user name starts with ``text`` or whose name contains it, best matches first.

    For the person fields of forms and filters: never more than ``limit`` rows,
    one query, whatever the number of users. Empty for blank text, except that
    with an ``initiative`` only people who may read it are offered, its owners and
    its group's members first, and they are offered before anything is typed.
    """
    text = text.strip()
    if initiative is None:
        if not text:
            return []
        people = User.objects.filter(is_active=True)
        close: Case | Value = Value(0)
    else:
        people = access.readers_of(initiative)
        close = Case(When(access.its_own_people(initiative), then=Value(0)), default=Value(1))
    if text:
        people = people.filter(Q(username__istartswith=text) | Q(display_name__icontains=text))
    prefix: Case | Value = Case(When(username__istartswith=text, then=Value(0)), default=Value(1)) if text else Value(0)
    return list(
        people.annotate(close=close, prefix=prefix)
        .only("username", "display_name", "first_name", "last_name", "organisation", "country")
        .order_by("close", "prefix", "username")[:limit]
    )


def activity_by(*, user: User | AnonymousUser, person: User, limit: int = 20) -> QuerySet[Activity]:
    """The newest Activity of ``person`` that ``user`` may read (the person's page)."""
    rows = Activity.objects.filter(actor=person)
    return activity_stream(access.readable_or_unattached(rows, user, through="initiative"), limit)


def groups_of(*, person: User) -> QuerySet[Membership]:
    """The person's memberships with their groups, by group name."""
    return Membership.objects.filter(user=person).select_related("working_group").order_by("working_group__name")
