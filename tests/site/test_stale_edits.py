"""Two people edit the same thing: the second save answers 412, shows what the first saved and keeps their text."""

import re

from django.urls import reverse
from pytest_django.asserts import assertContains

from proposals.models import Milestone

S = Milestone.Status


def stale_box(response) -> str:
    match = re.search(
        r'<div class="card" role="alert" id="stale-edit">(.*?)</div>\s*(?:</div>|\n<form)',
        response.content.decode(),
        re.S,
    )
    assert match, "the page shows no “Someone else saved first” box"
    return match.group(1)


def test_milestone_edit_over_someone_elses_save_answers_412(world, plan):
    url = reverse("proposals:milestone-edit", args=[plan.planned.pk])
    alice, bob = world.client(world.member), world.client(world.coordinator)
    version = alice.get(url).context["form"].initial["version"]
    assert bob.get(url).context["form"].initial["version"] == version

    saved = alice.post(url, {"title": "Sign the MOU in Seoul", "weight": 2, "owner": "member.park", "version": version})
    assert saved.status_code == 302

    response = bob.post(
        url,
        {"title": "Sign the MOU in Tokyo", "description": "Bob's plan", "weight": 3, "owner": "", "version": version},
    )
    assert response.status_code == 412
    assert "Someone else saved first" in stale_box(response)
    assert "Sign the MOU in Seoul" in stale_box(response)
    assertContains(response, 'value="Sign the MOU in Tokyo"', status_code=412)
    assertContains(response, "Bob&#x27;s plan", status_code=412)
    # Saving again replaces A's change on purpose: the form now carries the current version.
    assert response.context["form"].data["version"] == version + 1
    plan.planned.refresh_from_db()
    assert plan.planned.title == "Sign the MOU in Seoul" and plan.planned.weight == 2
    assert plan.planned.version == version + 1


def test_milestone_edit_saved_again_after_a_stale_edit_wins(world, plan):
    url = reverse("proposals:milestone-edit", args=[plan.planned.pk])
    alice, bob = world.client(world.member), world.client(world.coordinator)
    version = bob.get(url).context["form"].initial["version"]
    alice.post(url, {"title": "A's title", "weight": 1, "version": version})
    stale = bob.post(url, {"title": "B's title", "weight": 1, "version": version})
    assert stale.status_code == 412
    again = bob.post(url, {"title": "B's title", "weight": 1, "version": stale.context["form"].data["version"]})
    assert again.status_code == 302
    plan.planned.refresh_from_db()
    assert plan.planned.title == "B's title"


def test_initiative_edit_over_someone_elses_save_answers_412(world):
    url = reverse("proposals:initiative-edit", args=[world.initiative.slug])
    alice, bob = world.client(world.owner), world.client(world.coordinator)
    initial = alice.get(url).context["form"].initial
    version = initial["version"]
    common = {
        "pillar": "economy",
        "lead_side": "joint",
        "start_date": initial["start_date"].isoformat(),
        "version": version,
    }

    assert (
        alice.post(url, {**common, "title": "Currency swap to USD 30 bn", "summary": "Alice's summary"}).status_code
        == 302
    )
    response = bob.post(url, {**common, "title": "Currency swap, bigger", "summary": "Bob typed this summary"})
    assert response.status_code == 412
    box = stale_box(response)
    assert "Someone else saved first" in box
    assert "Currency swap to USD 30 bn" in box and "Alice&#x27;s summary" in box
    assertContains(response, 'value="Currency swap, bigger"', status_code=412)
    assertContains(response, "Bob typed this summary", status_code=412)
    world.initiative.refresh_from_db()
    assert world.initiative.title == "Currency swap to USD 30 bn"
    assert world.initiative.summary == "Alice's summary"


def test_status_change_over_someone_elses_save_answers_412(world):
    url = reverse("proposals:initiative-status", args=[world.initiative.slug])
    alice, bob = world.client(world.owner), world.client(world.coordinator)
    version = alice.get(url).context["form"].initial["version"]
    assert alice.post(url, {"status": "on_hold", "note": "Paused", "version": version}).status_code == 302
    response = bob.post(url, {"status": "completed", "note": "Done", "version": version})
    assert response.status_code == 412
    assert "<dt>Status</dt><dd>On hold</dd>" in stale_box(response)
    world.initiative.refresh_from_db()
    assert world.initiative.status == "on_hold"


def test_comment_edit_over_someone_elses_save_answers_412(world, plan):
    url = reverse("proposals:comment-edit", args=[plan.comment.pk])
    # The author has the page open in two browsers.
    first, second = world.client(world.stakeholder), world.client(world.stakeholder)
    version = first.get(url).context["form"].initial["version"]
    assert second.get(url).context["form"].initial["version"] == version

    assert first.post(url, {"body": "Looks promising, **really**.", "version": version}).status_code == 302
    response = second.post(url, {"body": "Second thoughts: not so sure.", "version": version})
    assert response.status_code == 412
    box = stale_box(response)
    assert "<strong>really</strong>" in box
    assertContains(response, "Second thoughts: not so sure.</textarea>", status_code=412)
    plan.comment.refresh_from_db()
    assert plan.comment.body == "Looks promising, **really**."
    assert plan.comment.revisions.count() == 1


def test_milestone_transition_with_an_old_version_answers_412(world, plan):
    url = reverse("proposals:milestone-transition", args=[plan.in_progress.pk, "submit"])
    form_version = world.client(world.member).get(url).context["form"].initial["version"]
    edit = reverse("proposals:milestone-edit", args=[plan.in_progress.pk])
    world.client(world.coordinator).post(edit, {"title": "Draft the final text", "weight": 1, "version": form_version})

    response = world.client(world.member).post(url, {"note": "Ready", "version": form_version})
    assert response.status_code == 412
    assertContains(response, "Someone else saved a change", status_code=412)
    assert re.search(r"<dt>Status</dt><dd>In progress</dd>", stale_box(response))
    plan.in_progress.refresh_from_db()
    assert plan.in_progress.status == S.IN_PROGRESS


def test_indicator_edit_saves_and_refuses_a_stale_version(world, plan):
    indicator = plan.indicator
    url = reverse("proposals:indicator-edit", args=[world.initiative.slug, indicator.pk])
    alice, bob = world.client(world.member), world.client(world.owner)
    version = alice.get(url).context["form"].initial["version"]

    saved = alice.post(
        url, {"name": "Swap line", "unit": "USD billion", "baseline": "10", "target": "35", "version": version}
    )
    assert saved.status_code == 302
    response = bob.post(
        url, {"name": "Swap line", "unit": "USD billion", "baseline": "10", "target": "40", "version": version}
    )

    assert response.status_code == 412
    assert "35" in stale_box(response)
    indicator.refresh_from_db()
    assert indicator.target == 35 and indicator.version == version + 1


def test_stakeholder_cannot_edit_an_indicator(world, plan):
    url = reverse("proposals:indicator-edit", args=[world.initiative.slug, plan.indicator.pk])
    response = world.client(world.stakeholder).post(url, {"name": "x", "unit": "y", "baseline": "1", "target": "2"})
    assert response.status_code == 403
    plan.indicator.refresh_from_db()
    assert plan.indicator.name != "x"
