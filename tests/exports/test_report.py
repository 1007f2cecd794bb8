"""The status report for ministers: what it says, to whom, from when, at what cost, and its PDF."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from proposals import figures
from proposals import models as m
from proposals.exports import pdf, report
from tests import factories
from tests.conftest import World

pytestmark = pytest.mark.usefixtures("catalogues")

KOREAN = "한일 반도체 공급망 협력"
JAPANESE = "日韓半導体サプライチェーン協力"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(client, **params):
    return client.get(reverse("proposals:status-report"), params)


def decision(initiative: m.Initiative, actor, verb: str, **fields) -> m.Activity:
    return factories.ActivityFactory(
        actor=actor, initiative=initiative, working_group=initiative.working_group, verb=verb, **fields
    )


# Who reads what --------------------------------------------------------------------------------------


def test_the_report_shows_what_the_reader_may_read_and_not_a_restricted_initiative(world: World):
    response = page(world.client(world.stakeholder))

    assert response.status_code == 200
    content = response.content.decode()
    assert world.initiative.title in content
    assert world.restricted.title not in content
    assert [block.initiative for block in response.context["report"].blocks] == [world.initiative]


def test_a_member_of_the_group_reads_its_restricted_initiative_in_the_report(world: World):
    content = page(world.client(world.member), group=world.group.slug).content.decode()

    assert world.initiative.title in content
    assert world.restricted.title in content


def test_the_report_is_for_signed_in_readers_only(client, world: World):
    response = page(client)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_unknown_group_is_not_found(world: World):
    assert page(world.client(world.member), group="no-such-group").status_code == 404


def test_a_group_report_leaves_out_other_groups(world: World):
    elsewhere = factories.InitiativeFactory(title="Youth exchange", working_group=world.other_group)

    content = page(world.client(world.admin), group=world.group.slug).content.decode()

    assert world.initiative.title in content
    assert elsewhere.title not in content


# What it says ----------------------------------------------------------------------------------------


def test_the_totals_count_a_small_programme(world: World):
    today = figures.programme_day()
    day = datetime.timedelta(days=1)
    late = factories.InitiativeFactory(working_group=world.group, status=m.Initiative.Status.ACTIVE)
    factories.MilestoneFactory(initiative=late, due_date=today - 3 * day, weight=1)  # overdue
    factories.MilestoneFactory(initiative=late, due_date=today - 9 * day, weight=3, status="approved")
    factories.MilestoneFactory(initiative=world.initiative, due_date=today + 5 * day)  # due soon, at risk
    factories.MilestoneFactory(initiative=world.initiative, due_date=today + 29 * day)  # due soon
    factories.MilestoneFactory(initiative=world.initiative, due_date=today + 31 * day)  # later
    factories.MilestoneFactory(initiative=world.initiative, due_date=today + 20 * day, status="cancelled")
    m.Initiative.objects.filter(pk=world.restricted.pk).update(status=m.Initiative.Status.ON_HOLD)
    figures.refresh([late.pk, world.initiative.pk, world.restricted.pk], today=today)

    built = report.build_status_report(user=world.admin, since=today - 30 * day, today=today)

    totals = built.totals
    assert totals.initiatives == 3
    assert {line.code: line.count for line in totals.by_status} == {
        "proposed": 0,
        "active": 2,
        "on_hold": 1,
        "completed": 0,
        "dropped": 0,
    }
    assert {line.code: line.count for line in totals.by_health} == {"on_track": 1, "at_risk": 1, "off_track": 1}
    assert (totals.milestones, totals.approved, totals.overdue, totals.due_soon) == (6, 1, 1, 2)
    assert totals.average_percent == 25  # 75 %, 0 %, 0 %
    by_title = {block.initiative.title: block for block in built.blocks}
    assert by_title[late.title].health_reason.endswith("is 3 days overdue")
    assert [milestone.due_date for milestone in by_title[world.initiative.title].next_milestones] == [
        today + 5 * day,
        today + 29 * day,
        today + 31 * day,
    ]


def test_the_latest_reading_of_each_indicator_against_its_target(world: World):
    indicator = factories.IndicatorFactory(initiative=world.initiative, name="Swap line", unit="USD billion", target=30)
    factories.IndicatorReadingFactory(indicator=indicator, date=datetime.date(2026, 3, 1), value=14)
    factories.IndicatorReadingFactory(indicator=indicator, date=datetime.date(2026, 6, 1), value=21)
    factories.IndicatorFactory(initiative=world.initiative, name="Banks joined", unit="banks", target=12)

    (block,) = report.build_status_report(user=world.stakeholder, since=datetime.date(2026, 1, 1)).blocks

    lines = {line.name: line for line in block.indicators}
    assert (lines["Swap line"].value, lines["Swap line"].date, lines["Swap line"].target) == (
        21,
        datetime.date(2026, 6, 1),
        30,
    )
    assert (lines["Banks joined"].value, lines["Banks joined"].date) == (None, None)


def test_decisions_are_those_since_the_chosen_day(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative, title="Draft the swap agreement")
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(days=45)):
        decision(world.initiative, world.coordinator, m.Activity.Verb.MILESTONE_APPROVED, milestone=milestone)
    with time_machine.travel(now - datetime.timedelta(days=5)):
        decision(
            world.initiative,
            world.other_coordinator,
            m.Activity.Verb.INITIATIVE_STATUS_CHANGED,
            details={"old": "proposed", "new": "active"},
        )
        decision(world.initiative, world.member, m.Activity.Verb.COMMENT_ADDED)  # not a decision
    client = world.client(world.member)

    recent = page(client).context["report"].blocks[0].decisions
    since = (timezone.localdate() - datetime.timedelta(days=60)).isoformat()
    longer = page(client, since=since).context["report"].blocks[0].decisions

    assert [row.verb for row in recent] == ["initiative.status_changed"]
    assert [row.verb for row in longer] == ["initiative.status_changed", "milestone.approved"]
    content = page(client, since=since).content.decode()
    assert "approved a milestone “Draft the swap agreement”" in content
    assert "changed the status" in content and "(Proposed → Active)" in content


def test_a_bad_since_day_redisplays_the_form_with_its_error(world: World):
    response = page(world.client(world.member), since="2026-13-45")

    assert response.status_code == 400
    assert response.context["report"] is None
    assert response.context["form"].errors["since"] == ["Enter a valid date."]
    content = response.content.decode()
    assert 'id="id_since_error"' in content
    assert world.initiative.title not in content


def test_a_since_day_in_the_future_is_refused(world: World):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = page(world.client(world.member), since=tomorrow.isoformat())

    assert response.status_code == 400
    assert "since" in response.context["form"].errors


def test_a_report_too_large_asks_for_a_working_group(world: World, monkeypatch):
    monkeypatch.setattr(report, "MAX_INITIATIVES", 1)
    client = world.client(world.member)

    response = page(client)
    one_group = page(client, group=world.other_group.slug)

    assert response.status_code == 400
    assert "Choose a working group." in response.context["form"].errors["group"][0]
    assert one_group.status_code == 200


def test_the_page_costs_the_same_for_few_or_many_initiatives(world: World):
    def add(count: int) -> None:
        for number in range(count):
            initiative = factories.InitiativeFactory(working_group=world.group, title=f"Added {number}")
            for _ in range(4):
                milestone = factories.MilestoneFactory(initiative=initiative)
            decision(initiative, world.coordinator, m.Activity.Verb.MILESTONE_APPROVED, milestone=milestone)
            indicator = factories.IndicatorFactory(initiative=initiative)
            factories.IndicatorReadingFactory.create_batch(2, indicator=indicator)
            factories.InitiativeOwnerFactory(initiative=initiative)

    client = world.client(world.member)
    add(1)
    page(client)  # the session and the user's settings are read once, as on any first request
    with CaptureQueriesContext(connection) as few:
        assert page(client).status_code == 200
    add(5)
    with CaptureQueriesContext(connection) as many:
        response = page(client)

    assert len(response.context["report"].blocks) == 8
    assert len(many) == len(few), [query["sql"] for query in many]


# The PDF ---------------------------------------------------------------------------------------------


def _pdf_text(content: bytes, tmp_path: Path) -> tuple[int, str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return pages, text


@pytest.fixture
def bilingual_group(world: World):
    """A group with a Korean-titled and a Japanese-titled initiative, and a Korean and a Japanese member."""
    group = factories.WorkingGroupFactory(name="반도체 · 半導体", slug="chips")
    korean = factories.InitiativeFactory(title=KOREAN, working_group=group)
    factories.InitiativeFactory(title=JAPANESE, working_group=group)
    factories.IndicatorReadingFactory(indicator=factories.IndicatorFactory(initiative=korean, name="공동 연구 과제"))
    readers = {}
    for language in ("ko", "ja"):
        readers[language] = factories.UserFactory(username=f"reader.{language}", language=language)
        factories.MembershipFactory(user=readers[language], working_group=group, role=Membership.Role.MEMBER)
    return group, readers


@needs_poppler
@pytest.mark.parametrize(
    ("language", "headings"),
    [("ko", ("지표", "작업반", "마일스톤")), ("ja", ("指標", "作業部会", "マイルストーン"))],
)
def test_the_pdf_has_a_first_page_then_a_page_per_initiative_in_the_readers_language(
    bilingual_group, tmp_path, language, headings
):
    group, readers = bilingual_group
    client = signed_in(readers[language])

    response = client.get(reverse("proposals:status-report-pdf"), {"group": group.slug})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"] and ".pdf" in response["Content-Disposition"]
    pages, text = _pdf_text(response.content, tmp_path)
    assert pages == 1 + 2
    assert KOREAN in text and JAPANESE in text and "공동 연구 과제" in text
    for heading in headings:
        assert heading in text
    first_page = text.split("\f")[0]
    assert KOREAN not in first_page, "the first page has the totals only"


@needs_poppler
def test_format_pdf_on_the_page_address_is_the_same_pdf(world: World, tmp_path):
    response = page(world.client(world.stakeholder), format="pdf")

    assert response.content.startswith(b"%PDF")
    pages, text = _pdf_text(response.content, tmp_path)
    assert pages == 2
    assert world.initiative.title in text
    assert world.restricted.title not in text


def test_the_pdf_with_a_bad_since_day_is_the_form_again(world: World):
    response = world.client(world.member).get(reverse("proposals:status-report-pdf"), {"since": "yesterday"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_the_pdf_renderer_fetches_only_our_static_files():
    fetcher = pdf.static_files_only("http://testserver/")

    stylesheet = fetcher("http://testserver/static/css/report.css")
    assert b"@page" in stylesheet.read()
    stylesheet.close()
    for refused in (
        "http://example.org/static/css/report.css",  # another origin
        "https://testserver/static/css/report.css",  # another scheme
        "http://testserver/admin/",  # not a static file
        "http://testserver/static/../tracker/settings.py",
        "http://testserver/static/css/%2e%2e/%2e%2e/tracker/settings.py",
        "file:///etc/passwd",
        "data:text/css,body{}",
    ):
        with pytest.raises(ValueError):
            fetcher(refused)


def test_a_document_naming_outside_addresses_renders_without_fetching_them(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the renderer went to the network")

    monkeypatch.setattr("socket.create_connection", no_network)
    monkeypatch.setattr("socket.socket.connect", no_network)
    html = (
        '<link rel="stylesheet" href="http://example.org/evil.css">'
        '<img src="http://169.254.169.254/latest/meta-data/"><p style="background: url(file:///etc/passwd)">x</p>'
    )

    assert pdf.render_pdf(html, base_url="http://testserver/").startswith(b"%PDF")
