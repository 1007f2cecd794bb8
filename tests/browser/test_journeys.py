"""Each user journey end to end in Chromium: what the user sees, then what the database holds.

The people and initiatives are the shared ``world`` (tests/conftest.py); ``journey`` in conftest.py
here adds the milestones. Text assertions read the expected wording from Django's catalogues
(``gettext`` in the user's language) so they hold whatever language a catalogue is in.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from accounts.models import User
from proposals.models import Activity, Comment, EvidenceLink, Follow, Milestone, ProgressUpdate
from tests import factories

from .conftest import login

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def _(text: str, language: str = "en") -> str:
    with translation.override(language):
        return gettext(text)


def record_dialogs(page) -> list[str]:
    """Every alert/confirm/prompt the page opens, dismissed at once; a journey asserts the list stays empty."""
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


def csrf_token(page) -> str:
    return page.locator("input[name=csrfmiddlewaretoken]").first.input_value()


def test_static_files_and_htmx_load_in_the_live_server(page, world):
    response = page.request.get("/static/vendor/htmx/htmx.min.js")
    assert response.status == 200
    login(page, "member.park")
    page.goto(f"/initiatives/{world.initiative.slug}/")
    page.wait_for_function("() => window.htmx !== undefined")
    assert page.evaluate("() => typeof htmx.process") == "function"


def test_member_logs_progress_adds_evidence_and_submits_a_milestone(page, world, journey):
    milestone = journey.in_progress
    login(page, "member.park")
    page.goto(f"/initiatives/{world.initiative.slug}/")

    progress = page.locator("#progress")
    progress.locator("summary").click()
    progress.locator("[name=note]").fill("Draft terms shared with the Bank of Japan.")
    progress.locator("[name=percent]").fill("60")
    progress.locator("[name=milestone]").select_option(str(milestone.pk))
    progress.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(_("Your progress update is logged."))
    expect(page.locator("#progress .comment").first).to_contain_text("Draft terms shared with the Bank of Japan.")
    expect(page.locator("#progress .comment").first).to_contain_text("60%")

    evidence = page.locator("#evidence")
    evidence.locator("summary").click()
    evidence.locator("[name=url]").fill("https://www.mof.go.jp/english/news/swap-terms-draft.html")
    evidence.locator("[name=title]").fill("Ministry of Finance: draft swap terms")
    evidence.locator("[name=kind]").select_option("official")
    evidence.locator("[name=milestone]").select_option(str(milestone.pk))
    evidence.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(_("The evidence is added."))
    link = page.locator("#evidence a", has_text="Ministry of Finance: draft swap terms")
    expect(link).to_have_attribute("href", "https://www.mof.go.jp/english/news/swap-terms-draft.html")

    page.locator(f"#milestone-{milestone.pk} a[href$='/submit/']").click()
    expect(page.locator("h1")).to_contain_text(milestone.title)
    page.locator("main form.card [name=note]").fill("Terms drafted; evidence attached.")
    page.locator("main form.card button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(_("The milestone is submitted for review."))
    item = page.locator(f"#milestone-{milestone.pk}")
    expect(item).to_have_class(re.compile(r"\bsubmitted\b"))
    expect(item.locator(".badge.submitted")).to_have_text(_("Submitted for review"))

    update = ProgressUpdate.objects.get(initiative=world.initiative)
    assert (update.author, update.milestone_id, update.percent) == (world.member, milestone.pk, 60)
    assert update.note == "Draft terms shared with the Bank of Japan."
    link = EvidenceLink.objects.get(initiative=world.initiative)
    assert link.url == "https://www.mof.go.jp/english/news/swap-terms-draft.html"
    assert (link.kind, link.milestone_id, link.added_by) == ("official", milestone.pk, world.member)
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.SUBMITTED
    assert milestone.submitted_by == world.member and milestone.submitted_at is not None
    assert set(
        Activity.objects.filter(initiative=world.initiative, actor=world.member).values_list("verb", flat=True)
    ) == {"progress.logged", "evidence.added", "milestone.submitted"}
    assert Follow.objects.filter(user=world.member, initiative=world.initiative).exists()


def test_coordinator_on_the_other_side_approves_in_place_and_progress_moves(page, world, journey):
    milestone = journey.submitted_by_member
    login(page, "coord.sato")
    page.goto(f"/initiatives/{world.initiative.slug}/")
    bar = page.locator("#health-h + .progress progress")
    expect(bar).to_have_attribute("value", "17")
    expect(page.locator("#health-h + .progress .progress-value")).to_have_text("17%")

    page.goto("/review/")
    page.wait_for_function("() => window.htmx !== undefined")
    item = page.locator(f"#milestone-{milestone.pk}")
    expect(item).to_contain_text(world.member.name)
    item.locator("textarea[name=note]").fill("Legal review is complete; approved.")
    page.evaluate("() => { window.stillTheSamePage = true; }")
    count = page.locator("nav.main-nav #review-queue-count .count")
    expect(count).to_have_text("2")
    with page.expect_response(lambda r: r.url.endswith(f"/milestones/{milestone.pk}/approve/")) as answer:
        item.locator("button.button:not(.secondary)").click()
    assert answer.value.status == 200
    assert answer.value.request.headers.get("hx-request") == "true"
    expect(page.locator(f"#milestone-{milestone.pk} .message.success")).to_have_text(_("The milestone is approved."))
    expect(page.locator(f"#milestone-{milestone.pk} form")).to_have_count(0)
    assert page.evaluate("() => window.stillTheSamePage") is True
    expect(count).to_have_text("1")  # the menu's count followed the decision without a reload
    expect(page).to_have_url(re.compile(r"/review/$"))
    # The other submission still waits; the in-place answer did not disturb it.
    expect(page.locator(f"#milestone-{journey.submitted_by_coordinator.pk} form")).to_have_count(1)

    page.goto(f"/initiatives/{world.initiative.slug}/")
    expect(bar).to_have_attribute("value", "50")
    expect(page.locator("#health-h + .progress .progress-value")).to_have_text("50%")
    expect(page.locator(f"#milestone-{milestone.pk} .badge.approved")).to_be_visible()

    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.APPROVED
    assert milestone.decided_by == world.other_coordinator and milestone.decided_at is not None
    approval = Activity.objects.get(milestone=milestone, verb="milestone.approved")
    assert approval.actor == world.other_coordinator
    assert approval.details["note"] == "Legal review is complete; approved."


def test_submitter_cannot_approve_their_own_submission(page, world, journey):
    own = journey.submitted_by_coordinator
    others = journey.submitted_by_member
    version = own.version
    login(page, "coord.kim")

    page.goto(f"/initiatives/{world.initiative.slug}/")
    expect(page.locator(f"#milestone-{others.pk} a[href$='/approve/']")).to_have_count(1)
    expect(page.locator(f"#milestone-{own.pk}")).to_be_visible()
    expect(page.locator(f"#milestone-{own.pk} a[href$='/approve/']")).to_have_count(0)
    expect(page.locator(f"#milestone-{own.pk} a[href$='/request-changes/']")).to_have_count(0)

    page.goto("/review/")
    expect(page.locator(f"#milestone-{others.pk}")).to_be_visible()
    expect(page.locator(f"#milestone-{own.pk}")).to_have_count(0)

    token = csrf_token(page)
    forged = page.request.post(
        f"/milestones/{own.pk}/approve/",
        form={
            "csrfmiddlewaretoken": token,
            "version": str(version),
            "note": "Looks good to me.",
            "next": "/review/",
        },
    )
    assert forged.status == 403
    assert _("You cannot review a milestone you submitted yourself.") in forged.text()
    forged_inline = page.request.post(
        f"/milestones/{own.pk}/approve/",
        form={"version": str(version), "note": ""},
        headers={"X-CSRFToken": token, "HX-Request": "true"},
    )
    assert forged_inline.status == 403

    own.refresh_from_db()
    assert own.status == Milestone.Status.SUBMITTED
    assert own.decided_by is None and own.version == version
    assert not Activity.objects.filter(milestone=own, verb="milestone.approved").exists()


def test_stakeholder_cannot_see_a_restricted_initiative(page, world):
    login(page, "reader.lee")
    page.goto("/initiatives/")
    expect(page.locator("main a.title", has_text=world.initiative.title)).to_be_visible()
    expect(page.get_by_text(world.restricted.title)).to_have_count(0)

    page.goto(f"/groups/{world.group.slug}/")
    expect(page.get_by_text(world.initiative.title).first).to_be_visible()
    expect(page.get_by_text(world.restricted.title)).to_have_count(0)

    response = page.goto(f"/initiatives/{world.restricted.slug}/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text(_("Nothing here", "ko"))
    expect(page.get_by_text(world.restricted.title)).to_have_count(0)

    token = csrf_token(page)
    follow = page.request.post(
        f"/initiatives/{world.restricted.slug}/follow/", form={"csrfmiddlewaretoken": token, "follow": "1"}
    )
    assert follow.status == 404
    comment = page.request.post(
        f"/initiatives/{world.restricted.slug}/comments/new/",
        form={"csrfmiddlewaretoken": token, "body": "Can I read this?"},
    )
    assert comment.status == 404

    assert not Follow.objects.filter(user=world.stakeholder, initiative=world.restricted).exists()
    assert not Comment.objects.filter(initiative=world.restricted).exists()
    assert not Activity.objects.filter(initiative=world.restricted, actor=world.stakeholder).exists()


def test_evidence_link_with_javascript_url_is_refused_and_nothing_is_saved(page, world):
    dialogs = record_dialogs(page)
    login(page, "member.park")
    page.goto(f"/initiatives/{world.initiative.slug}/")
    evidence = page.locator("#evidence")
    evidence.locator("summary").click()
    evidence.locator("[name=url]").fill("javascript:alert(1)")
    evidence.locator("[name=title]").fill("Harmless-looking link")
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/evidence/new/")) as answer:
        evidence.locator("button[type=submit]").click()
    assert answer.value.status == 400

    error = page.locator("#id_url_error")
    expect(error).to_have_text(_("Only web addresses starting with http:// or https:// can be evidence."))
    expect(page.locator("main form [name=url]")).to_have_value("javascript:alert(1)")
    expect(page.locator("main form [name=title]")).to_have_value("Harmless-looking link")
    expect(page.locator("a[href^='javascript:']")).to_have_count(0)
    assert dialogs == []

    assert not EvidenceLink.objects.filter(initiative=world.initiative).exists()
    assert not Activity.objects.filter(initiative=world.initiative, verb="evidence.added").exists()


def test_comment_with_script_and_mention_renders_safely_and_the_mentioned_user_follows(page, world):
    dialogs = record_dialogs(page)
    body = (
        "Please check the draft terms, @reader.lee.\n\n"
        "<script>alert('script')</script>\n\n"
        "<img src=x onerror=\"alert('img')\">\n\n"
        "**Deadline** is next week."
    )
    assert not Follow.objects.filter(user=world.stakeholder, initiative=world.initiative).exists()
    login(page, "member.tanaka")
    page.goto(f"/initiatives/{world.initiative.slug}/")
    page.wait_for_function("() => window.htmx !== undefined")

    form = page.locator("#comment-form")
    form.locator("[name=body]").fill(body)
    form.locator("button[hx-post]").click()
    preview = page.locator("#comment-preview")
    expect(preview.locator("strong")).to_have_text("Deadline")
    expect(preview).to_contain_text("Please check the draft terms, @reader.lee.")
    expect(preview.locator("script, img, [onerror]")).to_have_count(0)

    form.locator("button[type=submit]:not([hx-post])").click()
    expect(page.locator(".messages")).to_contain_text(_("Your comment is posted."))
    comment = Comment.objects.get(initiative=world.initiative)
    rendered = page.locator(f"#comment-{comment.pk} .comment-body")
    expect(rendered).to_contain_text("Please check the draft terms, @reader.lee.")
    expect(rendered.locator("strong")).to_have_text("Deadline")
    expect(rendered.locator("script, img, [onerror], iframe")).to_have_count(0)
    page.reload()
    expect(rendered).to_be_visible()
    assert dialogs == []

    # Browsers submit a textarea's line breaks as CRLF.
    assert comment.author == world.submitter and comment.body.replace("\r\n", "\n") == body
    assert "<script" not in comment.body_html and "onerror" not in comment.body_html
    assert list(comment.mentions.all()) == [world.stakeholder]
    follow = Follow.objects.get(user=world.stakeholder, initiative=world.initiative)
    assert follow.reason == Follow.Reason.MENTIONED
    assert Follow.objects.filter(user=world.submitter, initiative=world.initiative).exists()


def test_footer_language_switcher_shows_the_dashboard_in_korean_and_japanese(page, world):
    login(page, "member.park")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("nav.main-nav a[href='/initiatives/']")).to_have_text("Initiatives")

    for language in ("ko", "ja"):
        page.locator(f"footer.site-footer button[name=language][value={language}]").click()
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page).to_have_url(re.compile(r"/$"))
        expect(page.locator(f"footer button[value={language}]")).to_have_attribute("aria-current", "true")
        world.member.refresh_from_db()
        assert world.member.language == language
        my_work, initiatives = _("My work", language), _("Initiatives", language)
        assert my_work != "My work" and initiatives != "Initiatives", (
            f"locale/{language}: “My work” / “Initiatives” are not translated or not compiled (make messages)"
        )
        expect(page.locator("nav.main-nav a[href='/']")).to_have_text(my_work)
        expect(page.locator("nav.main-nav a[href='/initiatives/']")).to_have_text(initiatives)
        expect(page).to_have_title(re.compile(re.escape(my_work)))


def test_second_of_two_concurrent_milestone_edits_sees_the_stale_edit_message(new_context, world, journey):
    milestone = journey.planned
    version = milestone.version
    first = new_context().new_page()
    second = new_context().new_page()
    login(first, "member.park")
    login(second, "member.tanaka")
    first.goto(f"/milestones/{milestone.pk}/edit/")
    second.goto(f"/milestones/{milestone.pk}/edit/")

    first.locator("main form.card [name=title]").fill("First drawing under the USD 30 bn line")
    first.locator("main form.card button[type=submit]").click()
    expect(first.locator(".messages")).to_contain_text(_("The milestone is saved."))
    expect(first.locator(f"#milestone-{milestone.pk} h3")).to_have_text("First drawing under the USD 30 bn line")

    second.locator("main form.card [name=title]").fill("First drawing, by the end of the year")
    with second.expect_response(lambda r: r.request.method == "POST") as answer:
        second.locator("main form.card button[type=submit]").click()
    assert answer.value.status == 412
    stale = second.locator("#stale-edit")
    expect(stale.locator("h2")).to_have_text(_("Someone else saved first"))
    expect(stale).to_contain_text("First drawing under the USD 30 bn line")
    expect(second.locator("main form.card [name=title]")).to_have_value("First drawing, by the end of the year")

    milestone.refresh_from_db()
    assert milestone.title == "First drawing under the USD 30 bn line"
    assert milestone.version == version + 1
    assert Activity.objects.filter(milestone=milestone, verb="milestone.edited").count() == 1


@pytest.mark.parametrize("language", ["en", "ko", "ja"])
def test_screenshots_of_the_main_pages_at_desktop_and_phone_width(new_context, world, journey, language):
    """var/screenshots/<language>/<page>-<width>.png: the dashboard of each role, the list, an initiative, settings."""
    folder = SCREENSHOTS / language
    folder.mkdir(parents=True, exist_ok=True)
    factories.FollowFactory(user=world.stakeholder, initiative=world.initiative)
    shots = {
        "member.park": {"dashboard-member": "/", "initiative-list": "/initiatives/", "settings": "/me/settings/"},
        "coord.sato": {"dashboard-coordinator": "/", "initiative": f"/initiatives/{world.initiative.slug}/"},
        "reader.lee": {"dashboard-stakeholder": "/"},
    }
    for username, pages in shots.items():
        person = User.objects.get(username=username)
        person.language = language
        person.save()
        page = new_context().new_page()
        login(page, username)
        for label, width in (("desktop", 1280), ("phone", 390)):
            page.set_viewport_size({"width": width, "height": 900})
            for name, path in pages.items():
                page.goto(path)
                expect(page.locator("main h1").first).to_be_visible()
                assert page.locator("html").get_attribute("lang") == language
                target = folder / f"{name}-{label}.png"
                page.screenshot(path=str(target), full_page=True)
                assert target.stat().st_size > 0
        page.close()
