"""Rendering user text cannot take the site down, and what it renders stays inert.

Markdown is rendered by cmark-gfm (linear time) and sanitized by nh3, once when the text is saved;
pages show the stored HTML. Every free-text field is bounded, and a preview refuses what the field
it previews would refuse.
"""

import ast
import importlib
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import translation

from proposals import markup, services
from proposals.forms import CommentPreviewForm
from proposals.markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, MAX_QUOTE_DEPTH, render_markdown
from proposals.models import Comment, CommentRevision, EvidenceLink, Initiative, Milestone, ProgressUpdate
from tests import factories
from tracker.limits import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH

# Generous, so the tests never flake on a slow machine, yet far below what super-linear parsing took
# on these inputs (Python-Markdown: 6.8 s for 5,000 `[`; nh3 on 20,000 nested `>`: 1.3 s).
BOUND_SECONDS = 1.0


def _table(rows: int, columns: int) -> str:
    return "|" + " h |" * columns + "\n" + "|" + "---|" * columns + "\n" + ("|" + " cell |" * columns + "\n") * rows


PATHOLOGICAL = {
    "20,000 [": "[" * 20_000,
    "5,000 [": "[" * 5_000,
    "2,500 backticks": "`" * 2_500,
    "20,000 backticks": "`" * 20_000,
    "list nested 1,000 deep": "".join("  " * depth + "- item\n" for depth in range(1_000)),
    "list nested 1,000 deep, one line": "- " * 1_000 + "item",
    "20,000 *": "*" * 20_000,
    "> nested 1,000 deep": ">" * 1_000 + " quote",
    "> nested 20,000 deep": ">" * 20_000 + " quote",
    "> and - nested, 20,000 characters": "> - " * 5_000,
    "table of 900 rows": _table(900, 3),
    "table of 600 columns": _table(2, 600),
    "20,000 alternating * and _": "*_" * 5_000 + "a" + "_*" * 5_000,
    "20,000 <": "<" * 20_000,
}

HOSTILE = {
    "script tag": "<script>alert(1)</script>",
    "script inside a paragraph": "Read this <script>alert(1)</script> now",
    "javascript: link": "[click](javascript:alert(1))",
    "javascript: link in mixed case": "[click](JaVaScRiPt:alert(1))",
    "javascript: link with an entity": "[click](javascript&#58;alert(1))",
    "javascript: autolink": "<javascript:alert(1)>",
    "javascript: reference link": "[click][x]\n\n[x]: javascript:alert(1)",
    "data: link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "image with onerror": "<img src=x onerror=alert(1)>",
    "markdown image": "![x](https://example.org/x.png)",
    "link with onclick": '<a href="https://example.org" onclick="alert(1)">x</a>',
    "svg with onload": "<svg onload=alert(1)></svg>",
    "iframe": '<iframe src="https://example.org"></iframe>',
    "style": "<style>body { display: none }</style>",
    "raw HTML block": '<div style="position:fixed">\n\n**covering the page**\n\n</div>',
    "form": '<form action="https://example.org"><input name="password"></form>',
    "attribute breaking out of a link title": '[x](https://example.org "a\\" onmouseover=\\"alert(1))',
}


class _Elements(HTMLParser):
    """Every element and attribute of a piece of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def assert_inert(html: str) -> None:
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, f"<{tag}> is not on the allow-list"
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        assert set(attrs) <= allowed, f"<{tag}> has {sorted(set(attrs) - allowed)}"
        href = attrs.get("href", "")
        assert not href or re.match(r"(https?:|mailto:)", href), f"link to {href!r}"
        if tag == "a":
            assert attrs["rel"] == "nofollow noopener"


def rendered_description(response) -> str:
    match = re.search(
        r'<section class="card" aria-labelledby="summary-h">.*?<div class="markdown">(.*?)</div>\s*'
        r"</section>",
        response.content.decode(),
        re.S,
    )
    return match.group(1) if match else ""


def refusal(language: str, body: str) -> str:
    """The message the preview form gives for this draft, in a language."""
    with translation.override(language):
        form = CommentPreviewForm({"body": body})
        assert not form.is_valid()
        return str(form.errors["body"][0])


# --- the renderer on pathological inputs ------------------------------------------------------------


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_markdown_renders_within_the_bound(text):
    start = time.perf_counter()
    render_markdown(text)
    elapsed = time.perf_counter() - start

    assert elapsed < BOUND_SECONDS, f"{elapsed:.2f} s"


def test_quotes_deeper_than_the_limit_keep_their_text_and_lose_only_the_nesting():
    html = render_markdown(">" * (MAX_QUOTE_DEPTH + 50) + " the deepest words")

    assert html.count("<blockquote>") == html.count("</blockquote>") == MAX_QUOTE_DEPTH
    assert "the deepest words" in html


def test_text_that_cannot_be_encoded_renders_without_error():
    assert "a" in render_markdown("a\ud800b")


# --- hostile Markdown stays inert -------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markdown_renders_inert(text):
    assert_inert(render_markdown(text))


def test_hostile_description_is_inert_on_the_initiative_page(world):
    description = "\n\n".join(HOSTILE.values())
    services.edit_initiative(initiative=world.initiative, actor=world.owner, description=description)

    response = world.client(world.stakeholder).get(world.initiative.get_absolute_url())

    assert response.status_code == 200
    shown = rendered_description(response)
    assert "covering the page" in shown
    assert_inert(shown)


def test_hostile_comment_is_stored_inert(world):
    comment = services.add_comment(
        initiative=world.initiative, actor=world.stakeholder, body="\n\n".join(HOSTILE.values())
    )

    assert_inert(comment.body_html)


def test_links_keep_their_address_and_get_nofollow_noopener():
    html = render_markdown("[the report](https://example.org/report) and www.example.org")

    assert '<a href="https://example.org/report" rel="nofollow noopener">the report</a>' in html
    assert '<a href="http://www.example.org" rel="nofollow noopener">www.example.org</a>' in html


def test_tables_and_strikethrough_render():
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n~~gone~~")

    assert '<th align="left">a</th>' in html and '<td align="right">2</td>' in html
    assert "<del>gone</del>" in html


# --- rendered once, when saved ----------------------------------------------------------------------


def test_initiative_whose_description_is_2500_backticks_shows_its_page(world):
    services.edit_initiative(initiative=world.initiative, actor=world.owner, description="`" * 2_500)

    start = time.perf_counter()
    response = world.client(world.member).get(world.initiative.get_absolute_url())

    assert response.status_code == 200
    assert time.perf_counter() - start < BOUND_SECONDS * 5
    world.initiative.refresh_from_db()
    assert rendered_description(response).strip() == world.initiative.description_html.strip() != ""


def test_pages_show_the_stored_html_and_never_render(world, monkeypatch):
    services.edit_initiative(initiative=world.initiative, actor=world.owner, description="**Stored** once")
    comment = services.add_comment(initiative=world.initiative, actor=world.member, body="*first*")
    services.edit_comment(comment=comment, actor=world.member, body="*second*")

    def refuse(*args, **kwargs):
        raise AssertionError("Markdown rendered while showing a page")

    monkeypatch.setattr(cmarkgfm, "github_flavored_markdown_to_html", refuse)
    monkeypatch.setattr(markup, "render_markdown", refuse)
    client = world.client(world.member)

    page = client.get(world.initiative.get_absolute_url())
    assert page.status_code == 200
    assert "<strong>Stored</strong> once" in rendered_description(page)
    assert "<em>second</em>" in page.content.decode()
    history = client.get(reverse("proposals:comment-edit", args=[comment.pk]))
    assert history.status_code == 200
    assert "<em>first</em>" in history.content.decode()


def test_stored_html_follows_the_description_when_it_is_edited(world):
    initiative = services.edit_initiative(initiative=world.initiative, actor=world.owner, description="**old**")
    assert initiative.description_html == "<p><strong>old</strong></p>\n"

    initiative = services.edit_initiative(initiative=initiative, actor=world.owner, description="_new_")
    initiative.refresh_from_db()
    assert initiative.description_html == "<p><em>new</em></p>\n"

    initiative = services.edit_initiative(initiative=initiative, actor=world.owner, title="Renamed")
    initiative.refresh_from_db()
    assert initiative.description_html == "<p><em>new</em></p>\n"


def test_new_initiative_stores_its_rendered_description(world):
    initiative = services.create_initiative(
        actor=world.coordinator,
        working_group=world.group,
        title="Hydrogen",
        summary="Joint supply.",
        pillar="economy",
        description="# Plan",
    )

    initiative.refresh_from_db()
    assert initiative.description_html == "<h1>Plan</h1>\n"


def test_stored_html_follows_the_comment_and_the_revision_keeps_the_earlier_html(world):
    comment = services.add_comment(initiative=world.initiative, actor=world.member, body="**old**")
    comment = services.edit_comment(comment=comment, actor=world.member, body="_new_")

    comment.refresh_from_db()
    assert comment.body_html == "<p><em>new</em></p>\n"
    assert CommentRevision.objects.get(comment=comment).body_html == "<p><strong>old</strong></p>\n"


def test_description_edited_on_the_site_is_stored_rendered(world):
    url = reverse("proposals:initiative-edit", args=[world.initiative.slug])
    initial = world.client(world.owner).get(url).context["form"].initial
    response = world.client(world.owner).post(
        url,
        {
            "title": initial["title"],
            "summary": initial["summary"],
            "pillar": initial["pillar"],
            "lead_side": initial["lead_side"],
            "start_date": initial["start_date"].isoformat(),
            "description": "A **bold** plan",
            "version": initial["version"],
        },
    )

    assert response.status_code == 302
    world.initiative.refresh_from_db()
    assert world.initiative.description_html == "<p>A <strong>bold</strong> plan</p>\n"


def test_seeded_initiatives_store_their_rendered_description(db):
    call_command("seed_demo", verbosity=0)

    initiatives = list(Initiative.objects.all())
    assert initiatives
    for initiative in initiatives:
        assert initiative.description_html == render_markdown(initiative.description)


def test_migration_renders_the_rows_written_before_it(world):
    migration = importlib.import_module("proposals.migrations.0003_rendered_html_and_text_limits")
    comment = factories.CommentFactory(initiative=world.initiative, body="*a comment*", body_html="")
    revision = factories.CommentRevisionFactory(comment=comment, body="**earlier**", body_html="")
    Initiative.objects.filter(pk=world.initiative.pk).update(description="# Plan", description_html="")

    migration.render_stored_markdown(apps, None)

    world.initiative.refresh_from_db()
    comment.refresh_from_db()
    revision.refresh_from_db()
    assert world.initiative.description_html == "<h1>Plan</h1>\n"
    assert comment.body_html == "<p><em>a comment</em></p>\n"
    assert revision.body_html == "<p><strong>earlier</strong></p>\n"


# --- the preview ------------------------------------------------------------------------------------


def test_comment_preview_at_the_limit_answers_quickly(world):
    client = world.client(world.member)

    start = time.perf_counter()
    response = client.post(reverse("proposals:comment-preview"), {"body": "[" * COMMENT_MAX_LENGTH})

    assert time.perf_counter() - start < BOUND_SECONDS
    assert response.status_code == 200
    assert "[" * COMMENT_MAX_LENGTH in response.content.decode()


@pytest.mark.parametrize("body", ["[" * 20_000, "`" * (COMMENT_MAX_LENGTH + 1)], ids=["20,000 [", "limit + 1"])
def test_comment_preview_over_the_limit_answers_400_and_renders_nothing(world, monkeypatch, body):
    def refuse(*args, **kwargs):
        raise AssertionError("a draft over the limit was rendered")

    monkeypatch.setattr("proposals.views.comments.render_markdown", refuse)

    start = time.perf_counter()
    response = world.client(world.member).post(reverse("proposals:comment-preview"), {"body": body})

    assert time.perf_counter() - start < BOUND_SECONDS
    assert response.status_code == 400
    content = response.content.decode()
    assert refusal("en", body) in content
    assert body[:100] not in content


def test_comment_preview_refusal_is_in_the_readers_language(world):
    body = "[" * 20_000
    response = world.client(world.stakeholder).post(reverse("proposals:comment-preview"), {"body": body})

    assert response.status_code == 400
    assert refusal("ko", body) != refusal("en", body)
    assert refusal("ko", body) in response.content.decode()


# --- every free-text field is bounded ---------------------------------------------------------------

# Written by the site itself, never typed by a user: rendered HTML, the text of digests, webhook bodies.
NOT_TYPED = {
    ("proposals", "digest", "body_text"),
    ("proposals", "digest", "body_html"),
    ("proposals", "webhookdelivery", "body"),
}


def typed_text_fields() -> list[models.TextField]:
    return [
        field
        for label in ("accounts", "proposals")
        for model in apps.get_app_config(label).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
        and not field.name.endswith("_html")
        and (label, model._meta.model_name, field.name) not in NOT_TYPED
    ]


@pytest.mark.parametrize("field", typed_text_fields(), ids=lambda f: f"{f.model.__name__}.{f.name}")
def test_every_free_text_field_is_bounded_by_the_model_and_its_form_field(field):
    assert field.max_length, "no max_length"
    assert any(isinstance(v, MaxLengthValidator) and v.limit_value == field.max_length for v in field.validators)
    assert field.formfield().max_length == field.max_length


@pytest.mark.parametrize(
    "model, field, limit, build",
    [
        (Initiative, "description", DESCRIPTION_MAX_LENGTH, lambda: factories.InitiativeFactory()),
        (Milestone, "description", 5_000, lambda: factories.MilestoneFactory()),
        (EvidenceLink, "note", NOTE_MAX_LENGTH, lambda: factories.EvidenceLinkFactory()),
        (ProgressUpdate, "note", NOTE_MAX_LENGTH, lambda: factories.ProgressUpdateFactory()),
        (Comment, "body", COMMENT_MAX_LENGTH, lambda: factories.CommentFactory()),
        (CommentRevision, "body", COMMENT_MAX_LENGTH, lambda: factories.CommentRevisionFactory()),
    ],
    ids=["initiative", "milestone", "evidence", "progress", "comment", "revision"],
)
def test_text_over_its_limit_is_refused_by_full_clean_and_by_the_database(db, model, field, limit, build):
    row = build()
    setattr(row, field, "가" * limit)
    row.full_clean()

    setattr(row, field, "가" * (limit + 1))
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert list(error.value.message_dict) == [field]
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{field: "x" * (limit + 1)})


def test_description_over_the_limit_is_a_field_error_and_nothing_is_rendered(world, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a description over the limit was rendered")

    monkeypatch.setattr("proposals.services.initiatives.render_markdown", refuse)
    with pytest.raises(ValidationError) as error:
        services.edit_initiative(
            initiative=world.initiative, actor=world.owner, description="[" * (DESCRIPTION_MAX_LENGTH + 1)
        )

    assert list(error.value.message_dict) == ["description"]
    world.initiative.refresh_from_db()
    assert world.initiative.description == ""


def test_description_over_the_limit_is_refused_by_the_form(world):
    url = reverse("proposals:initiative-edit", args=[world.initiative.slug])
    initial = world.client(world.owner).get(url).context["form"].initial
    response = world.client(world.owner).post(
        url,
        {
            "title": initial["title"],
            "summary": initial["summary"],
            "pillar": initial["pillar"],
            "lead_side": initial["lead_side"],
            "description": "x" * (DESCRIPTION_MAX_LENGTH + 1),
            "version": initial["version"],
        },
    )

    assert response.status_code == 400
    assert re.search(r'<ul class="errorlist" id="id_description_error">', response.content.decode())
    world.initiative.refresh_from_db()
    assert world.initiative.description == ""


@pytest.mark.parametrize("action", ["approve", "request-changes"])
def test_review_note_over_the_limit_is_refused(world, submitted_milestone, action):
    response = world.client(world.coordinator).post(
        reverse("proposals:milestone-transition", args=[submitted_milestone.pk, action]),
        {"note": "x" * (NOTE_MAX_LENGTH + 1), "version": submitted_milestone.version},
    )

    assert response.status_code == 400
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == Milestone.Status.SUBMITTED


def test_status_note_over_the_limit_is_a_field_error(world):
    with pytest.raises(ValidationError) as error:
        services.change_initiative_status(
            initiative=world.initiative, actor=world.owner, status="on_hold", note="x" * (NOTE_MAX_LENGTH + 1)
        )

    assert list(error.value.message_dict) == ["note"]


# --- Python-Markdown is gone ------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def test_no_module_of_the_project_imports_python_markdown():
    importers = []
    for path in ROOT.glob("**/*.py"):
        if {".venv", "var", "node_modules"} & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            if any(name == "markdown" or name.startswith("markdown.") for name in names):
                importers.append(str(path.relative_to(ROOT)))
    assert importers == []


@pytest.mark.parametrize(
    "source",
    [
        "[click](javascript:alert(1))",
        '[click](javascript:alert(1) "a title")',
        "[click](data:text/html,hi)",
        "[click][x]\n\n[x]: javascript:alert(1)",
    ],
)
def test_a_link_whose_address_was_refused_is_plain_text(source):
    html = render_markdown(f"Before {source} after")
    assert "<a" not in html
    assert "click" in html


def test_allowed_links_keep_their_address():
    html = render_markdown('[ok](https://example.org "T") and <someone@example.org>')
    assert '<a href="https://example.org" title="T" rel="nofollow noopener">ok</a>' in html
    assert '<a href="mailto:someone@example.org" rel="nofollow noopener">' in html
