"""The review queue decides in place with htmx: the item is replaced by what happened."""

from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from proposals.models import Activity, Milestone
from tests import factories

S = Milestone.Status


def approve_url(milestone):
    return reverse("proposals:milestone-transition", args=[milestone.pk, "approve"])


def request_changes_url(milestone):
    return reverse("proposals:milestone-transition", args=[milestone.pk, "request-changes"])


def test_review_queue_lists_submissions_of_the_coordinators_groups(world, submitted_milestone):
    response = world.client(world.coordinator).get(reverse("proposals:review-queue"))
    assert [m.pk for m in response.context["milestones"]] == [submitted_milestone.pk]
    assertContains(response, f'id="milestone-{submitted_milestone.pk}"')
    assertContains(response, f'hx-post="{approve_url(submitted_milestone)}"')


def test_review_queue_leaves_out_ones_own_submissions(world):
    factories.MilestoneFactory(
        initiative=world.initiative, status=S.SUBMITTED, submitted_by=world.coordinator, submitted_at=timezone.now()
    )
    response = world.client(world.coordinator).get(reverse("proposals:review-queue"))
    assert list(response.context["milestones"]) == []


def test_review_queue_is_empty_for_a_stakeholder(world, submitted_milestone):
    response = world.client(world.stakeholder).get(reverse("proposals:review-queue"))
    assert response.status_code == 200
    assert list(response.context["milestones"]) == []


def test_review_queue_shows_the_evidence_of_a_submission(world, submitted_milestone):
    factories.EvidenceLinkFactory(
        initiative=world.initiative,
        milestone=submitted_milestone,
        title="Signed annex",
        url="https://example.org/annex.pdf",
    )
    response = world.client(world.coordinator).get(reverse("proposals:review-queue"))
    assertContains(response, 'href="https://example.org/annex.pdf"')
    assertContains(response, "Signed annex")


def test_navigation_counts_the_waiting_submissions(world, submitted_milestone):
    response = world.client(world.coordinator).get(reverse("proposals:initiative-list"))
    assertContains(response, '<span class="count" aria-label="1 waiting">1</span>', html=True)


def test_inline_approve_returns_the_fragment_saying_approved(world, submitted_milestone):
    response = world.client(world.coordinator).post(
        approve_url(submitted_milestone),
        {"version": submitted_milestone.version, "note": "Well documented"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.startswith("<article") and "<html" not in content
    assert f'id="milestone-{submitted_milestone.pk}"' in content
    assert "The milestone is approved." in content
    assert "<form" not in content
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == S.APPROVED and submitted_milestone.decided_by == world.coordinator


def test_inline_request_changes_with_an_empty_note_returns_the_fragment_with_the_error(world, submitted_milestone):
    before = Activity.objects.count()
    response = world.client(world.coordinator).post(
        request_changes_url(submitted_milestone),
        {"version": submitted_milestone.version, "note": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert content.startswith("<article") and "<html" not in content
    assert "Say what needs to change." in content
    assert f'hx-post="{request_changes_url(submitted_milestone)}"' in content
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == S.SUBMITTED and submitted_milestone.version == 1
    assert Activity.objects.count() == before


def test_inline_request_changes_keeps_the_typed_note_on_a_stale_version(world, submitted_milestone):
    # Someone changed the milestone while the reviewer read it.
    Milestone.objects.filter(pk=submitted_milestone.pk).update(version=2)
    response = world.client(world.coordinator).post(
        request_changes_url(submitted_milestone),
        {"version": 1, "note": "Add the annex"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 412
    content = response.content.decode()
    assert "Add the annex</textarea>" in content
    assert 'name="version" value="2"' in content
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == S.SUBMITTED


def test_inline_approve_of_an_already_decided_milestone_answers_409(world, submitted_milestone):
    first, second = world.client(world.coordinator), world.client(world.other_coordinator)
    assert first.post(approve_url(submitted_milestone), {"version": 1}, HTTP_HX_REQUEST="true").status_code == 200
    response = second.post(request_changes_url(submitted_milestone), {"note": "Too late?"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == S.APPROVED


def test_inline_request_changes_with_a_note_returns_the_fragment(world, submitted_milestone):
    response = world.client(world.coordinator).post(
        request_changes_url(submitted_milestone), {"version": 1, "note": "Add the annex"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assertContains(response, "Changes are requested.")
    assertNotContains(response, "<html")
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == S.CHANGES_REQUESTED


def test_approve_from_the_queue_without_htmx_returns_to_the_queue(world, submitted_milestone):
    response = world.client(world.coordinator).post(
        approve_url(submitted_milestone), {"version": 1, "next": reverse("proposals:review-queue")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("proposals:review-queue")


def test_approve_never_redirects_to_another_site(world, submitted_milestone):
    response = world.client(world.coordinator).post(
        approve_url(submitted_milestone), {"version": 1, "next": "//evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == world.initiative.get_absolute_url() + "#milestones"


def test_approve_never_redirects_through_a_backslash_to_another_site(world, submitted_milestone):
    response = world.client(world.coordinator).post(
        approve_url(submitted_milestone), {"version": 1, "next": "/\\evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == world.initiative.get_absolute_url() + "#milestones"
