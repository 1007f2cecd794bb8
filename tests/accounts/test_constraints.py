"""Each database constraint of accounts.models rejects a bad row that skipped validation."""

from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Membership, User, WorkingGroup, validate_time_zone
from tests import factories

pytestmark = pytest.mark.django_db


@contextmanager
def rejected(constraint: str | None = None):
    """Expect the database to refuse the write, naming ``constraint`` when given."""
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        yield
    if constraint is not None:
        assert constraint in str(excinfo.value)


@pytest.mark.parametrize(
    ("field", "value", "constraint"),
    [
        ("country", "CN", "user_country_valid"),
        ("language", "fr", "user_language_valid"),
        ("digest_frequency", "hourly", "user_digest_frequency_valid"),
    ],
)
def test_user_with_unknown_choice_is_rejected(field, value, constraint):
    with rejected(constraint):
        User.objects.create(username="bad", **{field: value})


@pytest.mark.parametrize(
    ("field", "value"),
    [("country", "KR"), ("language", "ko"), ("digest_frequency", "off")],
)
def test_user_with_known_choice_is_stored(field, value):
    user = User.objects.create(username="good", **{field: value})

    user.refresh_from_db()
    assert getattr(user, field) == value


def test_user_update_to_unknown_country_is_rejected():
    user = factories.UserFactory()

    with rejected("user_country_valid"):
        User.objects.filter(pk=user.pk).update(country="XX")


def test_duplicate_username_is_rejected():
    factories.UserFactory(username="minji")

    with rejected():
        User.objects.create(username="minji")


def test_duplicate_working_group_name_is_rejected():
    WorkingGroup.objects.create(name="Economic Security", slug="economic-security")

    with rejected():
        WorkingGroup.objects.create(name="Economic Security", slug="economic-security-2")


def test_duplicate_working_group_slug_is_rejected():
    WorkingGroup.objects.create(name="Economic Security", slug="economic-security")

    with rejected():
        WorkingGroup.objects.create(name="Economic security council", slug="economic-security")


def test_second_membership_of_a_user_in_the_same_group_is_rejected():
    membership = factories.MembershipFactory(role=Membership.Role.MEMBER)

    with rejected("membership_unique_user_group"):
        Membership.objects.create(
            user=membership.user, working_group=membership.working_group, role=Membership.Role.COORDINATOR
        )


def test_membership_of_the_same_user_in_another_group_is_stored():
    membership = factories.MembershipFactory()
    other_group = factories.WorkingGroupFactory()

    Membership.objects.create(user=membership.user, working_group=other_group)

    groups = Membership.objects.filter(user=membership.user).values_list("working_group", flat=True)
    assert set(groups) == {membership.working_group.pk, other_group.pk}


def test_membership_with_unknown_role_is_rejected():
    with rejected("membership_role_valid"):
        Membership.objects.create(
            user=factories.UserFactory(), working_group=factories.WorkingGroupFactory(), role="owner"
        )


def test_known_time_zone_passes_validation():
    validate_time_zone("Asia/Seoul")
    factories.UserFactory.build(username="seoul", time_zone="Asia/Seoul").full_clean()


def test_unknown_time_zone_fails_user_validation():
    user = factories.UserFactory.build(username="olympus", time_zone="Mars/Olympus")

    with pytest.raises(ValidationError) as excinfo:
        user.full_clean()

    assert set(excinfo.value.message_dict) == {"time_zone"}
