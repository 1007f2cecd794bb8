"""Bad input redisplays the form with field errors and what the user typed, answers 400/409, and changes nothing."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertTemplateUsed

from proposals.models import COMMENT_MAX_LENGTH, Activity, Comment, EvidenceLink, Initiative, Milestone
from tests import factories

S = Milestone.Status


def field_errors(response, field: str) -> str:
    """The text of the error list rendered under one field (empty when there is none)."""
    match = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', response.content.decode(), re.S)
    return match.group(1) if match else ""


def test_javascript_evidence_url_is_refused_on_the_url_field(world):
    response = world.client(world.member).post(
        reverse("proposals:evidence-create", args=[world.initiative.slug]),
        {"url": "javascript:alert(1)", "title": "Ministry press release", "kind": "official"},
    )
    assert response.status_code == 400
    assert "http://" in field_errors(response, "url")
    assertContains(response, 'value="Ministry press release"', status_code=400)
    assertContains(response, 'value="javascript:alert(1)"', status_code=400)
    assert not EvidenceLink.objects.exists()
    assert not Activity.objects.filter(verb=Activity.Verb.EVIDENCE_ADDED).exists()


def test_evidence_url_with_credentials_is_refused(world):
    response = world.client(world.member).post(
        reverse("proposals:evidence-create", args=[world.initiative.slug]),
        {"url": "https://user:secret@example.org/", "title": "Leaky", "kind": "news"},
    )
    assert response.status_code == 400
    assert field_errors(response, "url")
    assert not EvidenceLink.objects.exists()


def test_milestone_due_before_the_initiative_starts_is_refused_on_the_due_date(world):
    too_early = world.initiative.start_date - datetime.timedelta(days=1)
    response = world.client(world.member).post(
        reverse("proposals:milestone-create", args=[world.initiative.slug]),
        {"title": "Sign before we start", "due_date": too_early.isoformat(), "weight": 2},
    )
    assert response.status_code == 400
    assert world.initiative.start_date.isoformat() in field_errors(response, "due_date")
    assertContains(response, 'value="Sign before we start"', status_code=400)
    assert not Milestone.objects.exists()


def test_replan_before_the_initiative_starts_is_refused(world, plan):
    too_early = world.initiative.start_date - datetime.timedelta(days=1)
    old_due = plan.planned.due_date
    response = world.client(world.member).post(
        reverse("proposals:milestone-replan", args=[plan.planned.pk]),
        {"due_date": too_early.isoformat(), "reason": "Faster", "version": plan.planned.version},
    )
    assert response.status_code == 400
    assert field_errors(response, "due_date")
    plan.planned.refresh_from_db()
    assert plan.planned.due_date == old_due


def test_request_changes_with_an_empty_note_is_refused_on_the_note(world, submitted_milestone):
    response = world.client(world.coordinator).post(
        reverse("proposals:milestone-transition", args=[submitted_milestone.pk, "request-changes"]),
        {"note": "   ", "version": submitted_milestone.version},
    )
    assert response.status_code == 400
    assert "Say what needs to change." in field_errors(response, "note")
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == S.SUBMITTED


def test_comment_over_the_limit_is_refused_and_the_text_is_kept(world):
    body = "x" * (COMMENT_MAX_LENGTH + 1)
    response = world.client(world.stakeholder).post(
        reverse("proposals:comment-create", args=[world.initiative.slug]), {"body": body}
    )
    assert response.status_code == 400
    assert field_errors(response, "body")
    assertContains(response, body, status_code=400)
    assert not Comment.objects.exists()


def test_empty_comment_is_refused(world):
    response = world.client(world.stakeholder).post(
        reverse("proposals:comment-create", args=[world.initiative.slug]), {"body": "  "}
    )
    assert response.status_code == 400
    assert field_errors(response, "body")
    assert not Comment.objects.exists()


def test_edited_comment_over_the_limit_is_refused(world, plan):
    response = world.client(world.stakeholder).post(
        reverse("proposals:comment-edit", args=[plan.comment.pk]),
        {"body": "y" * (COMMENT_MAX_LENGTH + 1), "version": plan.comment.version},
    )
    assert response.status_code == 400
    assert field_errors(response, "body")
    plan.comment.refresh_from_db()
    assert plan.comment.body == "Looks promising."


def test_unknown_status_is_refused_on_the_status_field(world):
    response = world.client(world.owner).post(
        reverse("proposals:initiative-status", args=[world.initiative.slug]),
        {"status": "finished-ish", "version": world.initiative.version},
    )
    assert response.status_code == 400
    assert field_errors(response, "status")
    world.initiative.refresh_from_db()
    assert world.initiative.status == Initiative.Status.ACTIVE


def test_unknown_visibility_is_refused(world):
    response = world.client(world.owner).post(
        reverse("proposals:initiative-visibility", args=[world.initiative.slug]),
        {"visibility": "public", "version": world.initiative.version},
    )
    assert response.status_code == 400
    assert field_errors(response, "visibility")
    world.initiative.refresh_from_db()
    assert world.initiative.visibility == Initiative.Visibility.INTERNAL


@pytest.mark.parametrize("value", ["31/02/2026", "2026-02-31", "next tuesday", "2026-13-01"])
def test_malformed_due_date_is_refused_and_kept_in_the_form(world, value):
    response = world.client(world.member).post(
        reverse("proposals:milestone-create", args=[world.initiative.slug]),
        {"title": "Some step", "due_date": value, "weight": 1},
    )
    assert response.status_code == 400
    assert field_errors(response, "due_date")
    assertContains(response, f'value="{value}"', status_code=400)
    assert not Milestone.objects.exists()


def test_malformed_start_date_is_refused_on_initiative_edit(world):
    response = world.client(world.owner).post(
        reverse("proposals:initiative-edit", args=[world.initiative.slug]),
        {
            "title": "Currency swap expansion",
            "summary": "Bigger swap",
            "pillar": "economy",
            "lead_side": "joint",
            "start_date": "yesterday",
            "version": world.initiative.version,
        },
    )
    assert response.status_code == 400
    assert field_errors(response, "start_date")
    world.initiative.refresh_from_db()
    assert world.initiative.summary == "A cooperation initiative."


def test_start_date_after_a_milestone_is_refused_on_the_start_date(world, plan):
    later = plan.planned.due_date + datetime.timedelta(days=1)
    response = world.client(world.owner).post(
        reverse("proposals:initiative-edit", args=[world.initiative.slug]),
        {
            "title": "Currency swap expansion",
            "summary": "s",
            "pillar": "economy",
            "lead_side": "joint",
            "start_date": later.isoformat(),
            "version": world.initiative.version,
        },
    )
    assert response.status_code == 400
    assert "Sign the MOU" in field_errors(response, "start_date")


def test_initiative_without_a_title_is_not_created(world):
    response = world.client(world.coordinator).post(
        reverse("proposals:initiative-create", args=[world.group.slug]),
        {
            "title": "",
            "summary": "A summary I typed",
            "pillar": "economy",
            "lead_side": "joint",
            "status": "proposed",
            "visibility": "internal",
        },
    )
    assert response.status_code == 400
    assert field_errors(response, "title")
    assertContains(response, "A summary I typed", status_code=400)
    assert Initiative.objects.count() == 2


def test_initiative_with_an_unknown_pillar_is_not_created(world):
    response = world.client(world.coordinator).post(
        reverse("proposals:initiative-create", args=[world.group.slug]),
        {
            "title": "New one",
            "summary": "s",
            "pillar": "space",
            "lead_side": "joint",
            "status": "proposed",
            "visibility": "internal",
        },
    )
    assert response.status_code == 400
    assert field_errors(response, "pillar")
    assert Initiative.objects.count() == 2


def test_unknown_owner_username_is_refused(world):
    response = world.client(world.owner).post(
        reverse("proposals:initiative-owners", args=[world.initiative.slug]), {"user": "nobody.here", "side": "JP"}
    )
    assert response.status_code == 400
    assert field_errors(response, "user")


def test_adding_an_existing_owner_again_is_refused(world):
    response = world.client(world.owner).post(
        reverse("proposals:initiative-owners", args=[world.initiative.slug]), {"user": "owner.choi", "side": "JP"}
    )
    assert response.status_code == 400
    assert "already owns" in field_errors(response, "user")
    assert world.initiative.ownerships.count() == 1


def test_removing_the_last_owner_is_refused_with_a_message(world):
    client = world.client(world.coordinator)
    response = client.post(
        reverse("proposals:initiative-owner-remove", args=[world.initiative.slug, "owner.choi"]), follow=True
    )
    assert response.status_code == 200
    assertContains(response, "at least one owner")
    assert world.initiative.ownerships.count() == 1


def test_progress_percent_out_of_range_is_refused(world):
    response = world.client(world.member).post(
        reverse("proposals:progress-create", args=[world.initiative.slug]), {"note": "Half done", "percent": 150}
    )
    assert response.status_code == 400
    assert field_errors(response, "percent")
    assertContains(response, "Half done", status_code=400)


def test_reading_with_a_malformed_value_is_refused(world, plan):
    response = world.client(world.member).post(
        reverse("proposals:reading-create", args=[world.initiative.slug, plan.indicator.pk]),
        {"date": timezone.localdate().isoformat(), "value": "thirty"},
    )
    assert response.status_code == 400
    assert field_errors(response, "value")
    assert not plan.indicator.readings.exists()


def test_evidence_of_another_initiatives_milestone_is_refused(world):
    elsewhere = factories.MilestoneFactory(initiative=world.restricted)
    response = world.client(world.member).post(
        reverse("proposals:evidence-create", args=[world.initiative.slug]),
        {"url": "https://example.org/a", "title": "A", "kind": "news", "milestone": elsewhere.pk},
    )
    assert response.status_code == 400
    assert field_errors(response, "milestone")
    assert not EvidenceLink.objects.exists()


def test_milestone_weight_that_is_not_a_number_is_refused(world, plan):
    response = world.client(world.member).post(
        reverse("proposals:milestone-edit", args=[plan.planned.pk]),
        {"title": "Sign the MOU", "weight": "heavy", "version": plan.planned.version},
    )
    assert response.status_code == 400
    assert field_errors(response, "weight")


def test_malformed_version_is_refused_not_a_crash(world, plan):
    response = world.client(world.member).post(
        reverse("proposals:milestone-edit", args=[plan.planned.pk]),
        {"title": "New title", "weight": 1, "version": "abc"},
    )
    assert response.status_code == 400
    assertContains(response, "<li>Enter a whole number.</li>", status_code=400)
    plan.planned.refresh_from_db()
    assert plan.planned.title == "Sign the MOU"


# --- illegal transitions: 409, naming the states -------------------------------------------------------------


def test_approving_a_milestone_that_is_not_submitted_answers_409(world, plan):
    response = world.client(world.coordinator).post(
        reverse("proposals:milestone-transition", args=[plan.in_progress.pk, "approve"]),
        {"version": plan.in_progress.version},
    )
    assert response.status_code == 409
    assertTemplateUsed(response, "proposals/form_page.html")
    # The message names both states as people read them.
    assertContains(response, "In progress", status_code=409)
    assertContains(response, "Approved", status_code=409)
    plan.in_progress.refresh_from_db()
    assert plan.in_progress.status == S.IN_PROGRESS


def test_submitting_a_planned_milestone_answers_409(world, plan):
    response = world.client(world.member).post(
        reverse("proposals:milestone-transition", args=[plan.planned.pk, "submit"]),
        {"version": plan.planned.version},
    )
    assert response.status_code == 409
    plan.planned.refresh_from_db()
    assert plan.planned.status == S.PLANNED


def test_cancelling_an_approved_milestone_answers_409(world):
    milestone = factories.MilestoneFactory(initiative=world.initiative, status=S.APPROVED)
    response = world.client(world.member).post(
        reverse("proposals:milestone-transition", args=[milestone.pk, "cancel"]), {"version": milestone.version}
    )
    assert response.status_code == 409
    milestone.refresh_from_db()
    assert milestone.status == S.APPROVED


def test_replanning_an_approved_milestone_answers_409(world):
    milestone = factories.MilestoneFactory(initiative=world.initiative, status=S.APPROVED)
    response = world.client(world.member).post(
        reverse("proposals:milestone-replan", args=[milestone.pk]),
        {"due_date": (milestone.due_date + datetime.timedelta(days=3)).isoformat(), "version": milestone.version},
    )
    assert response.status_code == 409
    milestone.refresh_from_db()
    assert milestone.version == 1


def test_oversized_request_body_answers_413_and_saves_nothing(world, settings):
    response = world.client(world.member).post(
        reverse("proposals:comment-create", args=[world.initiative.slug]),
        {"body": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)},
    )
    assert response.status_code == 413
    assertTemplateUsed(response, "400.html")
    assertContains(response, "too large", status_code=413)
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "url, method",
    [
        ("/initiatives/a%00b/", "get"),
        ("/initiatives/a%00b/edit/", "post"),
        ("/initiatives/currency-swap/owners/x%00y/remove/", "post"),
    ],
)
def test_nul_byte_in_the_url_is_not_found_not_a_crash(world, url, method):
    response = getattr(world.client(world.owner), method)(url)
    assert response.status_code == 404


@pytest.mark.parametrize("params", [{"owner": "a\x00b"}, {"q": "a\x00b"}, {"working_group": "a\x00b"}])
def test_nul_byte_in_a_filter_is_a_field_error(world, params):
    response = world.client(world.member).get(reverse("proposals:initiative-list"), params)
    assert response.status_code == 400
    assert response.context["filter"].errors[next(iter(params))]


def test_nul_byte_in_a_username_field_is_a_field_error(world):
    response = world.client(world.owner).post(
        reverse("proposals:initiative-owners", args=[world.initiative.slug]), {"user": "a\x00b", "side": "KR"}
    )
    assert response.status_code == 400
    assert field_errors(response, "user")
