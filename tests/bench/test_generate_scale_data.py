"""``manage.py generate_scale_data``: the programme shape benchmarks rely on, and its refusal of a used database."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from accounts.models import Membership, User
from proposals.management.commands import generate_scale_data as scale
from proposals.models import Activity, Comment, Follow, Initiative, Milestone
from tests import factories

pytestmark = pytest.mark.django_db


def generate(**options: object) -> str:
    out = StringIO()
    call_command("generate_scale_data", initiatives=60, users=60, password="bench-password", stdout=out, **options)
    return out.getvalue()


def test_generates_initiatives_with_owners_milestones_and_activity_in_every_health():
    generate()
    assert Initiative.objects.count() == 60
    assert set(Initiative.objects.values_list("health", flat=True)) == {"off_track", "at_risk", "on_track"}
    assert Initiative.objects.filter(visibility="restricted").count() == 10  # rounds 4 and 9 of the 5 groups
    per_initiative = Initiative.objects.annotate(
        milestones_n=Count("milestones", distinct=True),
        owners_n=Count("ownerships", distinct=True),
        activity_n=Count("activities", distinct=True),
        comments_n=Count("comments", distinct=True),
    )
    assert {(i.milestones_n, i.owners_n, i.activity_n, i.comments_n) for i in per_initiative} == {(5, 2, 5, 3)}
    assert not Milestone.objects.filter(status="submitted", submitted_by__isnull=True).exists()


def test_signs_in_a_coordinator_and_a_stakeholder_with_the_printed_password():
    output = generate()
    coordinator = User.objects.get(username=scale.COORDINATOR)
    stakeholder = User.objects.get(username=scale.STAKEHOLDER)
    assert coordinator.check_password("bench-password") and stakeholder.check_password("bench-password")
    assert Membership.objects.filter(user=coordinator, role="coordinator").exists()
    assert not Membership.objects.filter(user=stakeholder).exists()
    assert scale.COORDINATOR in output and scale.STAKEHOLDER in output and "bench-password" in output


def test_owners_follow_their_initiatives_and_every_user_follows_some():
    generate()
    for initiative in Initiative.objects.prefetch_related("ownerships"):
        owners = {o.user_id for o in initiative.ownerships.all()}
        followers = set(Follow.objects.filter(initiative=initiative, reason="owner").values_list("user_id", flat=True))
        assert owners == followers
    assert not User.objects.annotate(n=Count("follows")).filter(n=0).exists()


def test_big_initiative_has_a_hundred_milestones_five_hundred_comments_and_two_thousand_activity_rows():
    output = generate(big_initiative=True)
    slug = scale.slug_of(scale.big_initiative_index(60))
    assert slug in output
    big = Initiative.objects.get(slug=slug)
    assert big.visibility == "internal"
    assert Milestone.objects.filter(initiative=big).count() == 100
    assert Comment.objects.filter(initiative=big).count() == 500
    assert Activity.objects.filter(initiative=big).count() == 2000


def test_refuses_a_database_that_holds_users_unless_forced():
    factories.UserFactory()
    with pytest.raises(CommandError, match="--force"):
        generate()
    assert not Initiative.objects.exists()
    generate(force=True)
    assert Initiative.objects.count() == 60


def test_a_superuser_alone_does_not_count_as_data():
    User.objects.create_superuser("admin", "admin@example.org", "x")
    generate()
    assert Initiative.objects.count() == 60


def test_refuses_to_generate_twice_even_when_forced():
    generate()
    with pytest.raises(CommandError, match="already holds generated data"):
        generate(force=True)
