"""Every page carries the Content-Security-Policy and the Permissions-Policy, and needs no inline code to work.

The policy allows scripts and styles from the site's own origin only, so a page must hold no inline
script, style element, style attribute, on*= handler or javascript: URL (tests/security/inline_code.py).
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from proposals.models import Milestone
from tests import factories
from tests.conftest import World

from .inline_code import inline_code

EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
ROLES = ["admin", "coordinator", "member", "owner", "stakeholder"]


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


@pytest.fixture
def full_world(world: World) -> World:
    """The initiative with everything its page can show: a chart, evidence, a comment, a submission, a digest."""
    indicator = factories.IndicatorFactory(initiative=world.initiative, name="Swap line")
    for days, value in ((60, 10), (30, 18), (1, 24)):
        factories.IndicatorReadingFactory(
            indicator=indicator, date=timezone.localdate() - datetime.timedelta(days), value=value
        )
    factories.EvidenceLinkFactory(initiative=world.initiative, url="https://www.bok.or.kr/portal/main.do")
    factories.CommentFactory(initiative=world.initiative, author=world.admin, body="Looks **promising**.")
    factories.ProgressUpdateFactory(initiative=world.initiative, author=world.member)
    factories.MilestoneFactory(
        initiative=world.initiative,
        title="Legal review",
        status=Milestone.Status.SUBMITTED,
        submitted_by=world.submitter,
        submitted_at=timezone.now(),
        owner=world.submitter,
    )
    factories.MilestoneFactory(
        initiative=world.initiative, title="Sign the MOU", status=Milestone.Status.APPROVED, owner=world.member
    )
    for role in ROLES:
        factories.DigestFactory(
            user=world.user(role),
            subject="Weekly digest",
            body_html='<div class="digest" style="font-size:15px"><p>Nothing moved.</p></div>',
        )
    return world


def read_pages(cast: World, user) -> list[str]:
    digest = user.digests.get()
    return [
        reverse("proposals:dashboard"),
        reverse("proposals:initiative-list"),
        reverse("proposals:initiative-detail", args=[cast.initiative.slug]),
        reverse("proposals:review-queue"),
        reverse("proposals:group-list"),
        reverse("proposals:group-detail", args=[cast.group.slug]),
        reverse("digests:list"),
        reverse("digests:detail", args=[digest.pk]),
        reverse("accounts:settings"),
    ]


def form_pages(cast: World) -> list[str]:
    milestone = cast.initiative.milestones.get(title="Sign the MOU")
    comment = cast.initiative.comments.get()
    return [
        reverse("proposals:initiative-edit", args=[cast.initiative.slug]),
        reverse("proposals:initiative-owners", args=[cast.initiative.slug]),
        reverse("proposals:milestone-create", args=[cast.initiative.slug]),
        reverse("proposals:milestone-edit", args=[milestone.pk]),
        reverse("proposals:indicator-create", args=[cast.initiative.slug]),
        reverse("proposals:progress-create", args=[cast.initiative.slug]),
        reverse("proposals:evidence-create", args=[cast.initiative.slug]),
        reverse("proposals:initiative-create", args=[cast.group.slug]),
        reverse("proposals:comment-edit", args=[comment.pk]),
    ]


def assert_page_passes_the_policy(response, url: str) -> None:
    assert directives(response["Content-Security-Policy"]) == EXPECTED_CSP, url
    assert "camera=()" in response["Permissions-Policy"], url
    assert inline_code(response.content.decode()) == [], url


@pytest.mark.parametrize("role", ROLES)
def test_main_pages_of_each_role_carry_the_policies_and_no_inline_code(full_world, role):
    client = Client()
    user = full_world.user(role)
    client.force_login(user)
    for url in read_pages(full_world, user):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_page_passes_the_policy(response, url)


def test_form_pages_carry_the_policies_and_no_inline_code(full_world):
    client = Client()
    client.force_login(full_world.admin)
    for url in form_pages(full_world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_page_passes_the_policy(response, url)


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/password_reset/"])
def test_signed_out_pages_carry_the_policies_and_no_inline_code(db, url):
    response = Client().get(url)
    assert response.status_code == 200
    assert_page_passes_the_policy(response, url)


def test_error_pages_carry_the_policies_and_no_inline_code(full_world):
    client = Client()
    client.force_login(full_world.stakeholder)
    not_found = client.get("/initiatives/no-such-initiative/")
    forbidden = client.post(reverse("proposals:initiative-edit", args=[full_world.initiative.slug]), {"title": "x"})
    too_large = client.post(
        reverse("proposals:comment-create", args=[full_world.initiative.slug]), {"body": "x" * 2_000_000}
    )
    assert [not_found.status_code, forbidden.status_code, too_large.status_code] == [404, 403, 413]
    for response in (not_found, forbidden, too_large):
        assert_page_passes_the_policy(response, response.request["PATH_INFO"])


def test_server_error_page_needs_no_inline_style():
    from django.template import loader

    assert inline_code(loader.get_template("500.html").render({})) == []


def test_htmx_is_told_not_to_inject_its_indicator_style(full_world):
    client = Client()
    client.force_login(full_world.member)
    response = client.get(reverse("proposals:dashboard"))
    assert '"includeIndicatorStyles":false' in response.content.decode()


def test_progress_is_drawn_by_a_progress_element_not_an_inline_width(full_world):
    client = Client()
    client.force_login(full_world.member)
    response = client.get(reverse("proposals:initiative-detail", args=[full_world.initiative.slug]))
    html = response.content.decode()
    assert '<progress class="progress-bar" max="100" value="' in html
    assert "width:" not in html


def test_digest_page_drops_the_e_mail_inline_styles_but_keeps_the_text(full_world):
    client = Client()
    client.force_login(full_world.stakeholder)
    digest = full_world.stakeholder.digests.get()
    response = client.get(reverse("digests:detail", args=[digest.pk]))
    assert '<div class="digest"><p>Nothing moved.</p></div>' in response.content.decode()
