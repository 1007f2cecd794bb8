"""Successful journeys through the views: each form calls its service, redirects and the pages show the result."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from proposals.models import (
    Activity,
    Comment,
    EvidenceLink,
    Follow,
    Indicator,
    Initiative,
    InitiativeOwner,
    Milestone,
    ProgressUpdate,
)
from tests import factories

S = Milestone.Status


def list_row(client, title):
    """The list page's row (the annotated initiative) for one title, found through the search filter."""
    response = client.get(reverse("proposals:initiative-list"), {"q": title})
    assert response.status_code == 200
    [row] = [row for row in response.context["rows"] if row.title == title]
    return row, response


def test_initiative_goes_from_creation_to_an_approved_milestone(world):
    coordinator, member, reviewer = (
        world.client(world.coordinator),
        world.client(world.member),
        world.client(world.other_coordinator),
    )
    today = timezone.localdate()

    response = coordinator.post(
        reverse("proposals:initiative-create", args=[world.group.slug]),
        {
            "title": "Quantum technology MOU",
            "summary": "Research institutes sign an MOU.",
            "description": "**Joint**",
            "pillar": "science_technology",
            "lead_side": "joint",
            "status": "active",
            "visibility": "internal",
            "start_date": today.isoformat(),
            "target_date": (today + datetime.timedelta(days=300)).isoformat(),
        },
    )
    initiative = Initiative.objects.get(title="Quantum technology MOU")
    assertRedirects(response, initiative.get_absolute_url())
    assert initiative.created_by == world.coordinator and initiative.working_group == world.group

    response = member.post(
        reverse("proposals:milestone-create", args=[initiative.slug]),
        {
            "title": "Sign the MOU",
            "due_date": (today + datetime.timedelta(days=40)).isoformat(),
            "weight": 2,
            "owner": "member.park",
        },
    )
    assertRedirects(response, initiative.get_absolute_url() + "#milestones", fetch_redirect_response=False)
    milestone = initiative.milestones.get()
    row, _ = list_row(member, "Quantum technology MOU")
    assert row.progress == 0

    transition = "proposals:milestone-transition"
    assert member.post(reverse(transition, args=[milestone.pk, "start"]), {"version": 1}).status_code == 302
    assert (
        member.post(
            reverse(transition, args=[milestone.pk, "submit"]), {"version": 2, "note": "Text agreed"}
        ).status_code
        == 302
    )
    milestone.refresh_from_db()
    assert milestone.status == S.SUBMITTED and milestone.submitted_by == world.member

    response = reviewer.post(
        reverse(transition, args=[milestone.pk, "approve"]), {"version": 3, "note": "Good"}, follow=True
    )
    assertContains(response, "The milestone is approved.")
    milestone.refresh_from_db()
    assert milestone.status == S.APPROVED and milestone.decided_by == world.other_coordinator

    row, response = list_row(member, "Quantum technology MOU")
    assert row.progress == 1.0
    assertContains(response, 'max="100" value="100"')
    verbs = list(Activity.objects.filter(initiative=initiative).order_by("pk").values_list("verb", flat=True))
    assert verbs == [
        "initiative.created",
        "milestone.created",
        "milestone.started",
        "milestone.submitted",
        "milestone.approved",
    ]


def test_request_changes_sends_the_milestone_back_with_the_note(world, submitted_milestone):
    response = world.client(world.coordinator).post(
        reverse("proposals:milestone-transition", args=[submitted_milestone.pk, "request-changes"]),
        {"version": submitted_milestone.version, "note": "Add the annex"},
        follow=True,
    )
    assertContains(response, "Changes are requested.")
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == S.CHANGES_REQUESTED
    assert Activity.objects.get(verb="milestone.changes_requested").details["note"] == "Add the annex"


def test_cancelling_a_milestone_takes_it_out_of_progress(world, plan):
    response = world.client(world.member).post(
        reverse("proposals:milestone-transition", args=[plan.planned.pk, "cancel"]),
        {"version": plan.planned.version, "note": "Merged into another"},
    )
    assert response.status_code == 302
    plan.planned.refresh_from_db()
    assert plan.planned.status == S.CANCELLED


def test_replanning_moves_the_due_date_and_shows_it_in_the_activity(world, plan):
    new_due = plan.planned.due_date + datetime.timedelta(days=14)
    client = world.client(world.member)
    response = client.post(
        reverse("proposals:milestone-replan", args=[plan.planned.pk]),
        {"due_date": new_due.isoformat(), "reason": "Ministry reshuffle", "version": plan.planned.version},
    )
    assert response.status_code == 302
    plan.planned.refresh_from_db()
    assert plan.planned.due_date == new_due
    assertContains(client.get(world.initiative.get_absolute_url()), new_due.isoformat())


def test_adding_evidence_shows_it_on_the_initiative_page(world, plan):
    client = world.client(world.member)
    response = client.post(
        reverse("proposals:evidence-create", args=[world.initiative.slug]),
        {
            "url": "https://www.mofa.go.jp/press/release.html",
            "title": "MOFA press release",
            "kind": "official",
            "published_on": timezone.localdate().isoformat(),
            "milestone": plan.in_progress.pk,
            "note": "Official text",
        },
    )
    assertRedirects(response, world.initiative.get_absolute_url() + "#evidence", fetch_redirect_response=False)
    evidence = EvidenceLink.objects.get()
    assert evidence.added_by == world.member and evidence.milestone == plan.in_progress
    page = client.get(world.initiative.get_absolute_url())
    assertContains(page, 'href="https://www.mofa.go.jp/press/release.html"')
    assertContains(page, "MOFA press release")


def test_logging_progress_shows_it_on_the_initiative_page(world, plan):
    client = world.client(world.member)
    response = client.post(
        reverse("proposals:progress-create", args=[world.initiative.slug]),
        {"note": "First draft exchanged", "percent": 40, "milestone": plan.in_progress.pk},
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.author == world.member and update.percent == 40 and update.date == timezone.localdate()
    assertContains(client.get(world.initiative.get_absolute_url()), "First draft exchanged")


def test_indicator_and_reading_show_the_current_value(world):
    client = world.client(world.member)
    response = client.post(
        reverse("proposals:indicator-create", args=[world.initiative.slug]),
        {"name": "Swap line size", "unit": "USD billion", "baseline": "10", "target": "30"},
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(name="Swap line size")
    response = client.post(
        reverse("proposals:reading-create", args=[world.initiative.slug, indicator.pk]),
        {"date": timezone.localdate().isoformat(), "value": "20.5", "note": "BoK figure"},
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert float(indicator.current_value) == 20.5
    page = client.get(world.initiative.get_absolute_url())
    assertContains(page, "now 20.5")
    assert page.context["charts"][indicator.pk]["values"] == [20.5]


def test_comment_is_sanitized_and_the_mentioned_user_follows(world):
    client = world.client(world.stakeholder)
    body = "Ask @member.park about it <script>alert('x')</script> **soon** [site](javascript:alert(2))"
    response = client.post(reverse("proposals:comment-create", args=[world.initiative.slug]), {"body": body})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert list(comment.mentions.all()) == [world.member]
    assert Follow.objects.filter(user=world.member, initiative=world.initiative, reason="mentioned").exists()
    assert Follow.objects.filter(user=world.stakeholder, initiative=world.initiative, reason="commenter").exists()

    page = world.client(world.member).get(world.initiative.get_absolute_url())
    content = page.content.decode()
    body_html = re.search(
        rf'id="comment-{comment.pk}".*?<div class="comment-body markdown">(.*?)</div>', content, re.S
    ).group(1)
    assert "@member.park" in body_html
    assert "<strong>soon</strong>" in body_html
    assert "<script" not in body_html and "javascript:" not in body_html


def test_comment_preview_is_sanitized(world):
    # A line that opens with <script> is a raw HTML block in CommonMark: dropped whole, so *hi* gets its own line.
    response = world.client(world.member).post(
        reverse("proposals:comment-preview"), {"body": "<script>alert(1)</script>\n\n*hi*"}
    )
    assert response.status_code == 200
    assert "<em>hi</em>" in response.content.decode()
    assert "<script" not in response.content.decode()


def test_edited_comment_keeps_its_history_on_the_edit_page(world, plan):
    client = world.client(world.stakeholder)
    url = reverse("proposals:comment-edit", args=[plan.comment.pk])
    response = client.post(url, {"body": "Looks promising now that the text is out.", "version": 1})
    assertRedirects(
        response, world.initiative.get_absolute_url() + f"#comment-{plan.comment.pk}", fetch_redirect_response=False
    )
    plan.comment.refresh_from_db()
    assert plan.comment.body == "Looks promising now that the text is out." and plan.comment.edited_at
    page = client.get(url)
    assert [r.body for r in page.context["revisions"]] == ["Looks promising."]
    history = page.content.decode().split('<section class="card">', 1)[1]
    assert "Looks promising." in history
    assert page.context["form"]["body"].value() == "Looks promising now that the text is out."
    assert page.context["form"].initial["version"] == 2


def test_initiative_page_counts_a_comments_earlier_versions(world, plan):
    factories.CommentRevisionFactory(comment=plan.comment)
    factories.CommentRevisionFactory(comment=plan.comment)
    page = world.client(world.stakeholder).get(world.initiative.get_absolute_url())
    [comment] = page.context["comments"]
    assert comment.revision_count == 2


def test_hidden_comment_is_not_shown_to_a_stakeholder(world):
    comment = factories.CommentFactory(
        initiative=world.initiative, author=world.member, body="Rude words", body_html="<p>Rude words</p>"
    )
    response = world.client(world.coordinator).post(
        reverse("proposals:comment-moderate", args=[comment.pk, "hide"]), {"reason": "Off topic"}
    )
    assertRedirects(
        response, world.initiative.get_absolute_url() + f"#comment-{comment.pk}", fetch_redirect_response=False
    )
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_by == world.coordinator
    assertNotContains(world.client(world.stakeholder).get(world.initiative.get_absolute_url()), "Rude words")


def test_hidden_comment_is_shown_to_the_coordinator_with_a_badge(world):
    comment = factories.CommentFactory(
        initiative=world.initiative,
        author=world.member,
        body="Rude words",
        body_html="<p>Rude words</p>",
        is_hidden=True,
        hidden_by=world.coordinator,
    )
    content = world.client(world.other_coordinator).get(world.initiative.get_absolute_url()).content.decode()
    article = re.search(
        rf'<article class="comment hidden-comment" id="comment-{comment.pk}">(.*?)</article>', content, re.S
    ).group(1)
    assert "Rude words" in article and "Hidden from readers" in article
    assert reverse("proposals:comment-moderate", args=[comment.pk, "unhide"]) in article


def test_unhidden_comment_is_shown_to_a_stakeholder_again(world):
    comment = factories.CommentFactory(
        initiative=world.initiative,
        author=world.member,
        body="Fair point",
        body_html="<p>Fair point</p>",
        is_hidden=True,
        hidden_by=world.coordinator,
    )
    response = world.client(world.coordinator).post(reverse("proposals:comment-moderate", args=[comment.pk, "unhide"]))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert not comment.is_hidden
    assertContains(world.client(world.stakeholder).get(world.initiative.get_absolute_url()), "Fair point")


def test_follow_and_unfollow_an_initiative_with_a_plain_post(world):
    client = world.client(world.stakeholder)
    url = reverse("proposals:initiative-follow", args=[world.initiative.slug])
    assertRedirects(
        client.post(url, {"follow": "1"}), world.initiative.get_absolute_url(), fetch_redirect_response=False
    )
    assert Follow.objects.filter(user=world.stakeholder, initiative=world.initiative, reason="manual").exists()
    assert client.get(world.initiative.get_absolute_url()).context["initiative"].is_followed
    client.post(url, {"follow": "0"})
    assert not Follow.objects.filter(user=world.stakeholder, initiative=world.initiative).exists()


def test_follow_with_htmx_returns_the_button_fragment(world):
    client = world.client(world.stakeholder)
    url = reverse("proposals:initiative-follow", args=[world.initiative.slug])
    response = client.post(url, {"follow": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    content = response.content.decode()
    assert content.startswith("<form") and "<html" not in content
    assert 'aria-pressed="true"' in content and 'name="follow" value="0"' in content
    assert Follow.objects.filter(user=world.stakeholder, initiative=world.initiative).exists()

    response = client.post(url, {"follow": "0"}, HTTP_HX_REQUEST="true")
    assert 'aria-pressed="false"' in response.content.decode()
    assert not Follow.objects.filter(user=world.stakeholder, initiative=world.initiative).exists()


def test_follow_and_unfollow_a_working_group(world):
    client = world.client(world.stakeholder)
    url = reverse("proposals:group-follow", args=[world.group.slug])
    assertRedirects(
        client.post(url, {"follow": "1"}),
        reverse("proposals:group-detail", args=[world.group.slug]),
        fetch_redirect_response=False,
    )
    assert Follow.objects.filter(user=world.stakeholder, working_group=world.group).exists()
    assert client.get(reverse("proposals:group-detail", args=[world.group.slug])).context["is_following"]
    client.post(url, {"follow": "0"})
    assert not Follow.objects.filter(user=world.stakeholder, working_group=world.group).exists()


def test_owner_adds_and_removes_an_owner(world):
    client = world.client(world.owner)
    url = reverse("proposals:initiative-owners", args=[world.initiative.slug])
    response = client.post(url, {"user": "coord.sato", "side": "JP"}, follow=True)
    assertContains(response, "The owner is added.")
    assert InitiativeOwner.objects.filter(initiative=world.initiative, user=world.other_coordinator, side="JP").exists()
    assert Follow.objects.filter(user=world.other_coordinator, initiative=world.initiative, reason="owner").exists()

    response = client.post(
        reverse("proposals:initiative-owner-remove", args=[world.initiative.slug, "coord.sato"]), follow=True
    )
    assert response.status_code == 200
    assert not InitiativeOwner.objects.filter(initiative=world.initiative, user=world.other_coordinator).exists()
    assert list(response.context["ownerships"].values_list("user__username", flat=True)) == ["owner.choi"]


def test_owner_changes_the_status(world):
    client = world.client(world.owner)
    response = client.post(
        reverse("proposals:initiative-status", args=[world.initiative.slug]),
        {"status": "on_hold", "note": "Waiting for the election", "version": 1},
        follow=True,
    )
    assertContains(response, "The status is changed.")
    world.initiative.refresh_from_db()
    assert world.initiative.status == "on_hold"
    assert Activity.objects.get(verb="initiative.status_changed").details == {
        "old": "active",
        "new": "on_hold",
        "note": "Waiting for the election",
    }


def test_restricting_an_initiative_hides_it_from_stakeholders(world):
    response = world.client(world.coordinator).post(
        reverse("proposals:initiative-visibility", args=[world.initiative.slug]),
        {"visibility": "restricted", "version": 1},
    )
    assert response.status_code == 302
    world.initiative.refresh_from_db()
    assert world.initiative.visibility == "restricted"
    assert world.client(world.stakeholder).get(world.initiative.get_absolute_url()).status_code == 404
    assert world.client(world.member).get(world.initiative.get_absolute_url()).status_code == 200


def test_owner_edits_the_initiative(world):
    client = world.client(world.owner)
    url = reverse("proposals:initiative-edit", args=[world.initiative.slug])
    initial = client.get(url).context["form"].initial
    response = client.post(
        url,
        {
            "title": "Currency swap expansion",
            "summary": "USD 10 bn to over USD 30 bn",
            "description": "## Why",
            "pillar": "economy",
            "lead_side": "KR",
            "start_date": initial["start_date"].isoformat(),
            "version": initial["version"],
        },
    )
    assert response.status_code == 302
    world.initiative.refresh_from_db()
    assert world.initiative.summary == "USD 10 bn to over USD 30 bn" and world.initiative.lead_side == "KR"
    assertContains(client.get(world.initiative.get_absolute_url()), "<h2>Why</h2>")


def test_member_edits_a_milestone(world, plan):
    response = world.client(world.member).post(
        reverse("proposals:milestone-edit", args=[plan.planned.pk]),
        {
            "title": "Sign the MOU in Seoul",
            "description": "At the ministry",
            "weight": 3,
            "owner": "member.tanaka",
            "version": plan.planned.version,
        },
    )
    assert response.status_code == 302
    plan.planned.refresh_from_db()
    assert (plan.planned.title, plan.planned.weight, plan.planned.owner) == (
        "Sign the MOU in Seoul",
        3,
        world.submitter,
    )


def test_initiative_with_a_korean_title_gets_a_page(world):
    client = world.client(world.coordinator)
    response = client.post(
        reverse("proposals:initiative-create", args=[world.group.slug]),
        {
            "title": "한일 양자기술 협력",
            "summary": "양해각서",
            "pillar": "science_technology",
            "lead_side": "KR",
            "status": "proposed",
            "visibility": "restricted",
        },
    )
    initiative = Initiative.objects.get(title="한일 양자기술 협력")
    assert initiative.visibility == "restricted"
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assertContains(page, "한일 양자기술 협력")
