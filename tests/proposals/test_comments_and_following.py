import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.errors import StaleEdit
from proposals import services
from proposals.models import Activity, Comment, CommentRevision, Follow
from tests import factories


def test_comment_markdown_is_rendered_and_sanitized(world):
    comment = services.add_comment(
        initiative=world.initiative,
        actor=world.stakeholder,
        body="**Bold** <script>alert(1)</script> [link](https://example.org) [bad](javascript:alert(1)) "
        "<img src=x onerror=alert(1)>",
    )
    html = comment.body_html
    assert "<strong>Bold</strong>" in html
    assert "<script" not in html and "onerror" not in html and "<img" not in html
    assert "javascript:" not in html
    assert 'href="https://example.org"' in html and 'rel="nofollow noopener"' in html


def test_mentions_resolve_only_to_users_who_can_read(world):
    comment = services.add_comment(
        initiative=world.restricted,
        actor=world.member,
        body="@coord.kim please check; cc @reader.lee and @nobody. Mail me at someone@member.park",
    )
    assert list(comment.mentions.all()) == [world.coordinator]
    assert Follow.objects.filter(user=world.coordinator, initiative=world.restricted, reason="mentioned").exists()
    assert not Follow.objects.filter(user=world.stakeholder).exists()
    activity = Activity.objects.get(verb="comment.added")
    assert activity.details["mentioned_user_ids"] == [world.coordinator.pk]


def test_commenter_follows_the_initiative(world):
    services.add_comment(initiative=world.initiative, actor=world.stakeholder, body="Interesting.")
    assert Follow.objects.get(user=world.stakeholder).reason == "commenter"


@pytest.mark.parametrize("body", ["", "   ", "x" * 10_001])
def test_empty_or_oversized_comment_is_a_field_error(world, body):
    with pytest.raises(ValidationError) as error:
        services.add_comment(initiative=world.initiative, actor=world.member, body=body)
    assert "body" in error.value.message_dict
    assert not Comment.objects.exists()


def test_editing_keeps_the_earlier_text_as_a_revision(world):
    comment = services.add_comment(initiative=world.initiative, actor=world.member, body="First")
    comment = services.edit_comment(
        comment=comment, actor=world.member, body="Second @coord.kim", expected_version=comment.version
    )
    assert comment.body == "Second @coord.kim" and comment.edited_at is not None
    assert list(CommentRevision.objects.values_list("body", flat=True)) == ["First"]
    edited = Activity.objects.get(verb="comment.edited")
    assert edited.details["mentioned_user_ids"] == [world.coordinator.pk]


def test_only_the_author_edits_and_stale_edits_are_refused(world):
    comment = services.add_comment(initiative=world.initiative, actor=world.member, body="First")
    with pytest.raises(PermissionDenied):
        services.edit_comment(comment=comment, actor=world.coordinator, body="Rewritten")
    services.edit_comment(comment=comment, actor=world.member, body="Second", expected_version=1)
    with pytest.raises(StaleEdit):
        services.edit_comment(comment=comment, actor=world.member, body="Third", expected_version=1)
    comment.refresh_from_db()
    assert comment.body == "Second"


def test_coordinator_hides_and_unhides_never_deletes(world):
    comment = services.add_comment(initiative=world.initiative, actor=world.stakeholder, body="Off topic")
    services.hide_comment(comment=comment, actor=world.coordinator, reason="Off topic")
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_by == world.coordinator
    services.unhide_comment(comment=comment, actor=world.coordinator)
    comment.refresh_from_db()
    assert not comment.is_hidden and Comment.objects.count() == 1
    assert list(Activity.objects.filter(verb__startswith="comment.").order_by("pk").values_list("verb", flat=True)) == [
        "comment.added",
        "comment.hidden",
        "comment.unhidden",
    ]


def test_member_cannot_hide_a_comment(world):
    comment = factories.CommentFactory(initiative=world.initiative)
    with pytest.raises(PermissionDenied):
        services.hide_comment(comment=comment, actor=world.member)
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_follow_and_unfollow_initiative_and_group(world):
    assert services.follow_initiative(initiative=world.initiative, actor=world.stakeholder) is True
    assert services.follow_initiative(initiative=world.initiative, actor=world.stakeholder) is False
    assert services.follow_working_group(working_group=world.group, actor=world.stakeholder) is True
    assert Follow.objects.filter(user=world.stakeholder).count() == 2
    assert services.unfollow_initiative(initiative=world.initiative, actor=world.stakeholder) is True
    assert services.unfollow_working_group(working_group=world.group, actor=world.stakeholder) is True
    assert not Follow.objects.filter(user=world.stakeholder).exists()
    assert Activity.objects.filter(verb="follow.added").count() == 2
    assert Activity.objects.filter(verb="follow.removed").count() == 2


def test_stakeholder_cannot_follow_a_restricted_initiative(world):
    from django.http import Http404

    with pytest.raises(Http404):
        services.follow_initiative(initiative=world.restricted, actor=world.stakeholder)
    assert not Follow.objects.exists()
