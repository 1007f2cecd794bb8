"""PRODUCT.md's “Who may do what”, walked for every role × action × visibility through the services."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from proposals import permissions, services
from proposals.models import Comment, Initiative, Milestone
from tests import factories

ROLES = ["stakeholder", "member", "owner", "coordinator", "admin"]
EVERYONE = set(ROLES)
GROUP = {"member", "owner", "coordinator", "admin"}
MANAGERS = {"owner", "coordinator", "admin"}
REVIEWERS = {"coordinator", "admin"}


def _on_a_side(user):
    if user.country not in ("KR", "JP"):
        user.country = "JP"
        user.save(update_fields=["country"])
    return user


# action -> (who may do it, function(world, user, initiative) performing it through the service layer)
ACTIONS = {
    "read": (EVERYONE, lambda w, u, i: permissions.require(u, "view", i)),
    "publish": (REVIEWERS, lambda w, u, i: services.publish_initiative(initiative=i, actor=u, public=True)),
    "comment": (EVERYONE, lambda w, u, i: services.add_comment(initiative=i, actor=u, body="Noted.")),
    "follow": (EVERYONE, lambda w, u, i: services.follow_initiative(initiative=i, actor=u)),
    "create_initiative": (
        REVIEWERS,
        lambda w, u, i: services.create_initiative(
            actor=u,
            working_group=w.group,
            title="Hydrogen cooperation",
            summary="Joint hydrogen supply chain.",
            pillar="economy",
        ),
    ),
    "edit_initiative": (MANAGERS, lambda w, u, i: services.edit_initiative(initiative=i, actor=u, title="New title")),
    "change_status": (
        MANAGERS,
        lambda w, u, i: services.change_initiative_status(initiative=i, actor=u, status="on_hold"),
    ),
    "add_milestone": (
        GROUP,
        lambda w, u, i: services.create_milestone(
            initiative=i, actor=u, title="Sign MOU", due_date=timezone.localdate() + datetime.timedelta(days=20)
        ),
    ),
    "edit_milestone": (
        GROUP,
        lambda w, u, i: services.edit_milestone(milestone=i.milestones.get(title="Work"), actor=u, title="Renamed"),
    ),
    "add_indicator": (
        GROUP,
        lambda w, u, i: services.create_indicator(
            initiative=i, actor=u, name="Swap line", unit="USD bn", baseline=10, target=30
        ),
    ),
    "add_reading": (
        GROUP,
        lambda w, u, i: services.add_reading(
            indicator=i.indicators.get(), actor=u, date=timezone.localdate(), value=12
        ),
    ),
    "log_progress": (GROUP, lambda w, u, i: services.log_progress(initiative=i, actor=u, note="Met the ministry.")),
    "add_evidence": (
        GROUP,
        lambda w, u, i: services.add_evidence(
            initiative=i, actor=u, url="https://www.mofa.go.jp/press/release.html", title="Press release"
        ),
    ),
    "submit": (GROUP, lambda w, u, i: services.submit_milestone(milestone=i.milestones.get(title="Work"), actor=u)),
    "approve": (
        REVIEWERS,
        lambda w, u, i: services.approve_milestone(milestone=i.milestones.get(title="Review me"), actor=u),
    ),
    "request_changes": (
        REVIEWERS,
        lambda w, u, i: services.request_changes(
            milestone=i.milestones.get(title="Review me"), actor=u, note="Attach the signed text."
        ),
    ),
    "hide_comment": (REVIEWERS, lambda w, u, i: services.hide_comment(comment=i.comments.get(), actor=u)),
    # An assessment is given for a side: the admin of the cast names no country, so is given one here
    # (someone of neither side is refused: tests/twosided/test_assessments.py).
    "assess": (
        MANAGERS,
        lambda w, u, i: services.post_assessment(
            initiative=i, actor=_on_a_side(u), rating="at_risk", rationale="The swap line awaits the cabinet."
        ),
    ),
    # Korea's steps: the cast's owner and coordinator are Korean; admins act for either side.
    "manage_domestic_steps": (
        MANAGERS,
        lambda w, u, i: services.add_domestic_step(initiative=i, actor=u, side="KR", kind="cabinet_decision"),
    ),
    "translate": (
        GROUP,
        lambda w, u, i: services.save_translation(
            initiative=i, actor=u, language="ko", title="경제안보 협의체", summary="정례 협의."
        ),
    ),
    "translate_milestone": (
        GROUP,
        lambda w, u, i: services.save_milestone_translation(
            milestone=i.milestones.get(title="Work"), actor=u, language="ja", title="作業"
        ),
    ),
}


def snapshot():
    counts = tuple(model.objects.count() for model in apps.get_app_config("proposals").get_models())
    rows = (
        tuple(Initiative.objects.order_by("pk").values_list("title", "status", "version")),
        tuple(Milestone.objects.order_by("pk").values_list("title", "status", "version")),
        tuple(Comment.objects.order_by("pk").values_list("is_hidden", "version")),
    )
    return counts, rows


@pytest.mark.parametrize("visibility", ["internal", "restricted"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(world, action, role, visibility):
    initiative = world.initiative if visibility == "internal" else world.restricted
    factories.MilestoneFactory(initiative=initiative, title="Work", status=Milestone.Status.IN_PROGRESS)
    factories.MilestoneFactory(
        initiative=initiative, title="Review me", status=Milestone.Status.SUBMITTED, submitted_by=world.submitter
    )
    factories.IndicatorFactory(initiative=initiative, name="Existing")
    factories.CommentFactory(initiative=initiative, author=world.submitter)
    user = world.user(role)
    allowed_roles, perform = ACTIONS[action]
    can_read = visibility == "internal" or role != "stakeholder"
    allowed = role in allowed_roles and can_read

    before = snapshot()
    if allowed and action == "publish" and visibility == "restricted":
        # Who may publish may not publish this one: only internal initiatives become open data.
        with pytest.raises(ValidationError):
            perform(world, user, initiative)
        assert snapshot() == before
    elif allowed:
        perform(world, user, initiative)
        if action not in ("read",):
            assert snapshot() != before, "an allowed action should change something"
    else:
        # Not even told it exists when they may not read it; refused otherwise.
        expected = Http404 if (not can_read and action != "create_initiative") else PermissionDenied
        with pytest.raises(expected):
            perform(world, user, initiative)
        assert snapshot() == before, "a refused action must change nothing"


@pytest.mark.parametrize("role", ROLES)
def test_permission_answers_agree_with_the_matrix(world, role):
    user = world.user(role)
    assert permissions.can(user, "view", world.initiative)
    assert permissions.can(user, "view", world.restricted) == (role != "stakeholder")
    assert permissions.can(user, "review", world.initiative) == (role in REVIEWERS)
    assert permissions.can(user, "create_initiative", world.group) == (role in REVIEWERS)


def test_anonymous_user_may_do_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not permissions.can(anonymous, "view", world.initiative)
    with pytest.raises(Http404):
        services.add_comment(initiative=world.initiative, actor=anonymous, body="hi")


def test_coordinator_of_another_group_is_a_reader_there(world):
    outsider = factories.UserFactory(username="coord.elsewhere")
    factories.MembershipFactory(user=outsider, working_group=world.other_group, role="coordinator")
    assert permissions.can(outsider, "view", world.initiative)
    assert not permissions.can(outsider, "view", world.restricted)
    assert not permissions.can(outsider, "review", world.initiative)
    assert not permissions.can(outsider, "create_initiative", world.group)
    assert permissions.can(outsider, "create_initiative", world.other_group)


# --- signing a joint milestone: a coordinator (or an admin) of Korea or of Japan, each side once -----------------

SIGN_JOINT = {
    # who → (country, membership role or None, may sign)
    "kr_coordinator": ("KR", "coordinator", True),
    "jp_coordinator": ("JP", "coordinator", True),
    "member": ("KR", "member", False),
    "stakeholder": ("JP", None, False),
    "admin_with_country": ("JP", "admin", True),
    "admin_without_country": ("", "admin", False),
}


@pytest.mark.parametrize("who", list(SIGN_JOINT))
def test_sign_joint_permission(world, who):
    country, role, may_sign = SIGN_JOINT[who]
    user = factories.UserFactory(
        username=f"sign.{who}", country=country or "other", is_staff=role == "admin", is_superuser=role == "admin"
    )
    if role in ("coordinator", "member"):
        factories.MembershipFactory(user=user, working_group=world.group, role=role)
    milestone = factories.MilestoneFactory(
        initiative=world.initiative, is_joint=True, status=Milestone.Status.SUBMITTED, submitted_by=world.submitter
    )
    assert permissions.can(user, "review", milestone) == may_sign
    before = snapshot()
    if may_sign:
        services.approve_milestone(milestone=milestone, actor=user)
        assert set(milestone.signoffs.values_list("side", flat=True)) == {country}
    else:
        with pytest.raises(PermissionDenied):
            services.approve_milestone(milestone=milestone, actor=user)
        assert snapshot() == before
