"""Every page answers a signed-in user who may see it, sends anonymous users to sign in, and the error pages."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertTemplateUsed

from proposals.models import Milestone
from proposals.views.errors import server_error

READ_PAGES = [
    pytest.param(lambda w, p: reverse("proposals:dashboard"), id="dashboard"),
    pytest.param(lambda w, p: reverse("proposals:initiative-list"), id="initiative-list"),
    pytest.param(lambda w, p: w.initiative.get_absolute_url(), id="initiative-page"),
    pytest.param(lambda w, p: reverse("proposals:review-queue"), id="review-queue"),
    pytest.param(lambda w, p: reverse("proposals:group-list"), id="group-list"),
    pytest.param(lambda w, p: reverse("proposals:group-detail", args=[w.group.slug]), id="group-page"),
    pytest.param(lambda w, p: reverse("accounts:settings"), id="settings"),
    pytest.param(lambda w, p: reverse("password_change"), id="password-change"),
]

# (who may use the form, its URL)
FORM_PAGES = [
    pytest.param(
        "coordinator", lambda w, p: reverse("proposals:initiative-create", args=[w.group.slug]), id="initiative-create"
    ),
    pytest.param(
        "owner", lambda w, p: reverse("proposals:initiative-edit", args=[w.initiative.slug]), id="initiative-edit"
    ),
    pytest.param(
        "owner", lambda w, p: reverse("proposals:initiative-status", args=[w.initiative.slug]), id="initiative-status"
    ),
    pytest.param(
        "coordinator",
        lambda w, p: reverse("proposals:initiative-visibility", args=[w.initiative.slug]),
        id="initiative-visibility",
    ),
    pytest.param(
        "owner", lambda w, p: reverse("proposals:initiative-owners", args=[w.initiative.slug]), id="initiative-owners"
    ),
    pytest.param(
        "member", lambda w, p: reverse("proposals:milestone-create", args=[w.initiative.slug]), id="milestone-create"
    ),
    pytest.param(
        "member", lambda w, p: reverse("proposals:indicator-create", args=[w.initiative.slug]), id="indicator-create"
    ),
    pytest.param(
        "member",
        lambda w, p: reverse("proposals:reading-create", args=[w.initiative.slug, p.indicator.pk]),
        id="reading-create",
    ),
    pytest.param(
        "member", lambda w, p: reverse("proposals:progress-create", args=[w.initiative.slug]), id="progress-create"
    ),
    pytest.param(
        "member", lambda w, p: reverse("proposals:evidence-create", args=[w.initiative.slug]), id="evidence-create"
    ),
    pytest.param(
        "stakeholder", lambda w, p: reverse("proposals:comment-create", args=[w.initiative.slug]), id="comment-create"
    ),
    pytest.param("stakeholder", lambda w, p: reverse("proposals:comment-edit", args=[p.comment.pk]), id="comment-edit"),
    pytest.param("member", lambda w, p: reverse("proposals:milestone-edit", args=[p.planned.pk]), id="milestone-edit"),
    pytest.param(
        "member", lambda w, p: reverse("proposals:milestone-replan", args=[p.planned.pk]), id="milestone-replan"
    ),
    pytest.param(
        "member",
        lambda w, p: reverse("proposals:milestone-transition", args=[p.planned.pk, "start"]),
        id="milestone-start",
    ),
    pytest.param(
        "member",
        lambda w, p: reverse("proposals:milestone-transition", args=[p.in_progress.pk, "submit"]),
        id="milestone-submit",
    ),
    pytest.param(
        "member",
        lambda w, p: reverse("proposals:milestone-transition", args=[p.planned.pk, "cancel"]),
        id="milestone-cancel",
    ),
    pytest.param(
        "coordinator",
        lambda w, p: reverse("proposals:milestone-transition", args=[p.submitted.pk, "approve"]),
        id="milestone-approve",
    ),
    pytest.param(
        "coordinator",
        lambda w, p: reverse("proposals:milestone-transition", args=[p.submitted.pk, "request-changes"]),
        id="milestone-request-changes",
    ),
]

# Forms that only accept POST; anonymous users are still sent to sign in.
POST_ONLY = [
    pytest.param(lambda w, p: reverse("proposals:initiative-follow", args=[w.initiative.slug]), id="follow"),
    pytest.param(lambda w, p: reverse("proposals:group-follow", args=[w.group.slug]), id="group-follow"),
    pytest.param(
        lambda w, p: reverse("proposals:initiative-owner-remove", args=[w.initiative.slug, w.owner.username]),
        id="owner-remove",
    ),
    pytest.param(lambda w, p: reverse("proposals:comment-moderate", args=[p.comment.pk, "hide"]), id="hide-comment"),
    pytest.param(lambda w, p: reverse("proposals:comment-preview"), id="comment-preview"),
]


def assert_sent_to_sign_in(response, url):
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("url", READ_PAGES)
def test_read_page_answers_a_signed_in_member(world, plan, url):
    response = world.client(world.member).get(url(world, plan))
    assert response.status_code == 200
    assertContains(response, '<main id="main"')


@pytest.mark.parametrize("url", READ_PAGES)
def test_read_page_sends_anonymous_users_to_sign_in(world, plan, client, url):
    target = url(world, plan)
    assert_sent_to_sign_in(client.get(target), target)


@pytest.mark.parametrize("role, url", FORM_PAGES)
def test_form_page_answers_a_user_allowed_to_use_it(world, plan, role, url):
    response = world.client(world.user(role)).get(url(world, plan))
    assert response.status_code == 200
    assertContains(response, 'method="post"')
    assertContains(response, 'name="csrfmiddlewaretoken"')


@pytest.mark.parametrize("role, url", FORM_PAGES)
def test_form_page_sends_anonymous_users_to_sign_in(world, plan, client, role, url):
    target = url(world, plan)
    assert_sent_to_sign_in(client.get(target), target)


@pytest.mark.parametrize("role, url", FORM_PAGES)
def test_anonymous_post_to_a_form_changes_nothing_and_asks_to_sign_in(world, plan, client, role, url):
    target = url(world, plan)
    before = Milestone.objects.order_by("pk").values_list("status", "version")
    before = list(before)
    assert_sent_to_sign_in(client.post(target, {"title": "Anonymous", "note": "x", "version": 1}), target)
    assert list(Milestone.objects.order_by("pk").values_list("status", "version")) == before


@pytest.mark.parametrize("url", POST_ONLY)
def test_post_only_action_sends_anonymous_users_to_sign_in(world, plan, client, url):
    target = url(world, plan)
    assert_sent_to_sign_in(client.post(target), target)


def test_restricted_initiative_page_answers_a_member_of_its_group(world):
    response = world.client(world.member).get(world.restricted.get_absolute_url())
    assert response.status_code == 200
    assertContains(response, "Whitelist restoration")


def test_restricted_initiative_page_answers_its_owner_from_outside_the_group(world):
    assert world.client(world.owner).get(world.restricted.get_absolute_url()).status_code == 200


def test_sign_in_page_answers_anonymous_users(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assertContains(response, 'name="username"')


def test_signing_in_with_the_form_leads_to_the_dashboard(world, client):
    response = client.post(reverse("login"), {"username": "member.park", "password": "correct horse battery staple"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


# --- error pages ------------------------------------------------------------------------------------------


def test_unknown_url_renders_the_sites_404_page(world):
    response = world.client(world.member).get("/no/such/page/")
    assert response.status_code == 404
    assertTemplateUsed(response, "404.html")
    assertContains(response, "Nothing here", status_code=404)
    assertContains(response, '<header class="site-header">', status_code=404)


def test_unknown_initiative_renders_the_sites_404_page(world):
    response = world.client(world.member).get("/initiatives/no-such-initiative/")
    assert response.status_code == 404
    assertTemplateUsed(response, "404.html")


def test_unknown_milestone_action_is_not_found(world, plan):
    response = world.client(world.member).post(f"/milestones/{plan.planned.pk}/explode/")
    assert response.status_code == 404
    assertTemplateUsed(response, "404.html")


def test_403_page_shows_the_reason(world, submitted_milestone):
    response = world.client(world.submitter).post(
        reverse("proposals:milestone-transition", args=[submitted_milestone.pk, "approve"]), {"note": ""}
    )
    assert response.status_code == 403
    assertTemplateUsed(response, "403.html")
    assertContains(response, "You cannot review a milestone you submitted yourself.", status_code=403)


def test_403_page_explains_a_missing_role(world, plan):
    response = world.client(world.member).get(
        reverse("proposals:milestone-transition", args=[plan.submitted.pk, "approve"])
    )
    assert response.status_code == 403
    assertContains(response, "You are not allowed to do that.", status_code=403)


def test_request_for_an_unknown_host_renders_the_sites_400_page(world, client):
    response = client.get("/accounts/login/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assertTemplateUsed(response, "400.html")


def test_500_page_renders_without_a_request_context(rf):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content
