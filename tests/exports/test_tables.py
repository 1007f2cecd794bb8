"""CSV and Excel exports: what a spreadsheet program reads of them; they follow the list page and the read rule."""

from __future__ import annotations

import csv
import datetime
import io
import zoneinfo
from collections.abc import Iterable

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from proposals import models as m
from proposals import selectors
from proposals.exports import formulas, spreadsheets, tables
from tests import factories
from tests.conftest import World

pytestmark = pytest.mark.usefixtures("catalogues")

KOREAN = "한일 반도체 공급망 협력"
JAPANESE = "日韓半導体サプライチェーン協力"


def body(response) -> bytes:
    """The whole body of a streamed (CSV), file (Excel) or ordinary response."""
    if isinstance(response, StreamingHttpResponse | FileResponse):
        # The test client closes the response once its content is consumed (as a server would).
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = body(response)
    assert content.startswith(b"\xef\xbb\xbf"), "no byte order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def sheet(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    return workbook.active


def list_export(client: Client, fmt: str = "csv", **params):
    return client.get(reverse("proposals:initiative-list-export", args=[fmt]), params)


def titles(rows: Iterable[list[str]]) -> list[str]:
    return [row[0] for row in list(rows)[1:]]


# --- the CSV ---------------------------------------------------------------------------------------


def test_csv_starts_with_a_bom_and_round_trips_korean_and_japanese(world: World):
    factories.InitiativeFactory(title=KOREAN, slug="kr-semiconductors", working_group=world.group)
    owner = factories.UserFactory(username="sato.j", display_name="佐藤 花子")
    japanese = factories.InitiativeFactory(title=JAPANESE, slug="jp-semiconductors", working_group=world.group)
    factories.InitiativeOwnerFactory(initiative=japanese, user=owner, side=m.Side.JAPAN)

    rows = csv_rows(list_export(world.client(world.coordinator)))

    by_title = {row[0]: row for row in rows[1:]}
    assert KOREAN in by_title
    header = rows[0]
    assert by_title[JAPANESE][header.index("Owners, Japanese side")] == "佐藤 花子"


def test_csv_headers_and_values_are_in_the_readers_language(world: World):
    world.stakeholder.language = "ko"
    world.stakeholder.save()

    rows = csv_rows(list_export(world.client(world.stakeholder)))

    swap = dict(zip(rows[0], next(row for row in rows if row[0] == world.initiative.title), strict=True))
    with translation.override("ko"):
        status, title = str(m.InitiativeStatus.ACTIVE.label), gettext("Status")
    assert status != "Active"
    assert swap[title] == status


def test_list_export_columns(world: World):
    start, target = datetime.date(2026, 1, 5), datetime.date(2027, 3, 31)
    m.Initiative.objects.filter(pk=world.initiative.pk).update(start_date=start, target_date=target)
    factories.MilestoneFactory(
        initiative=world.initiative, title="Draft MOU", due_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    factories.MilestoneFactory(
        initiative=world.initiative, title="Sign MOU", due_date=timezone.localdate() + datetime.timedelta(days=60)
    )
    world.initiative.refresh_from_db()

    rows = csv_rows(list_export(world.client(world.coordinator)))

    row = dict(zip(rows[0], next(r for r in rows if r[0] == world.initiative.title), strict=True))
    assert row["Working group"] == "Economic Security"
    assert row["Pillar"] == "Economy"
    assert row["Status"] == "Active"
    assert row["Progress (%)"] == "0"
    assert row["Health"] == "Off track"
    assert (
        row["Health reason"] == selectors.health_reason(world.initiative) == "Milestone “Draft MOU” is 3 days overdue"
    )
    assert row["Owners, Korean side"] == world.owner.name
    assert row["Owners, Japanese side"] == ""
    assert (row["Start date"], row["Target date"]) == ("2026-01-05", "2027-03-31")
    assert row["Next milestone"] == "Sign MOU"
    assert row["Next milestone due"] == world.initiative.next_milestone_due.isoformat()


def test_formula_injection_is_neutralised_in_csv_and_excel(world: World):
    for n, title in enumerate(('=HYPERLINK("http://evil")', "+1", "-1", "@SUM(A1)", "\tx", "\rx")):
        factories.MilestoneFactory(initiative=world.initiative, title=title, due_date=datetime.date(2026, 1, 1 + n))
    url = reverse("proposals:initiative-milestones-export", args=[world.initiative.slug, "csv"])
    client = world.client(world.coordinator)

    # The milestones export begins with the import's columns: the title is the third.
    csv_titles = [row[2] for row in csv_rows(client.get(url))[1:]]
    xlsx_titles = [
        row[2] for row in sheet(client.get(url.replace(".csv", ".xlsx"))).iter_rows(min_row=2, values_only=True)
    ]

    expected = ['\'=HYPERLINK("http://evil")', "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx"]
    assert csv_titles == expected
    # XlsxWriter stores a carriage return as Excel's escape _x000D_, which openpyxl does not undo on reading.
    assert [title.replace("_x000D_", "\r") for title in xlsx_titles] == expected


def test_neutralised_leaves_ordinary_text_alone():
    assert spreadsheets.neutralised("Sign the MOU - phase 2") == "Sign the MOU - phase 2"
    assert spreadsheets.neutralised("-phase") == "'-phase"
    assert spreadsheets.neutralised("'quoted") == "'quoted"


@pytest.mark.parametrize("text", ["-phase", "=1+1", "'-already", "''=x", "'quoted", "plain", "", "'"])
def test_the_import_reads_neutralised_text_back_as_it_was(text):
    assert formulas.unneutralised(spreadsheets.neutralised(text)) == text


# --- the list export is the list page -------------------------------------------------------------


@pytest.fixture
def programme(world: World) -> None:
    other = world.other_group
    for n, (title, group, pillar, status, target) in enumerate(
        (
            ("Battery recycling", world.group, m.Pillar.ECONOMY, m.InitiativeStatus.ACTIVE, 40),
            ("Youth exchange", other, m.Pillar.PEOPLE_CULTURE, m.InitiativeStatus.PROPOSED, 10),
            ("Hydrogen corridor", world.group, m.Pillar.SCIENCE_TECHNOLOGY, m.InitiativeStatus.ACTIVE, 200),
            ("Cyber drills", world.group, m.Pillar.SECURITY, m.InitiativeStatus.ON_HOLD, 90),
            ("Visa waiver", other, m.Pillar.PEOPLE_CULTURE, m.InitiativeStatus.ACTIVE, None),
        )
    ):
        initiative = factories.InitiativeFactory(
            title=title,
            slug=f"programme-{n}",
            working_group=group,
            pillar=pillar,
            status=status,
            target_date=None if target is None else timezone.localdate() + datetime.timedelta(days=target),
        )
        if n % 2:
            factories.MilestoneFactory(initiative=initiative, status=m.MilestoneStatus.APPROVED, weight=n)
            factories.MilestoneFactory(initiative=initiative, weight=2)


@pytest.mark.usefixtures("programme")
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"ordering": "-title"},
        {"pillar": "people_culture"},
        {"status": "active", "ordering": "target_date"},
        {"working_group": "economic-security", "ordering": "-progress"},
        {"q": "o", "ordering": "-target_date"},
        {"owner": "owner.choi"},
        {"health": "on_track", "ordering": "progress"},
    ],
)
def test_the_list_export_has_the_list_pages_rows_in_its_order(world: World, params):
    client = world.client(world.member)
    page = client.get(reverse("proposals:initiative-list"), params)
    shown = [initiative.title for initiative in page.context["rows"]]

    assert titles(csv_rows(list_export(client, **params))) == shown
    assert [
        row[0] for row in sheet(list_export(client, "xlsx", **params)).iter_rows(min_row=2, values_only=True)
    ] == shown


def test_the_list_page_links_to_the_export_with_its_filters(world: World):
    response = world.client(world.member).get(reverse("proposals:initiative-list"), {"pillar": "economy", "page": "1"})

    url = reverse("proposals:initiative-list-export", args=["xlsx"])
    assert f'href="{url}?pillar=economy"' in response.content.decode()


def test_bad_filters_answer_400_and_no_file(world: World):
    response = list_export(world.client(world.member), pillar="nonsense")

    assert response.status_code == 400
    assert "Content-Disposition" not in response
    assert "Pillar" in response.content.decode()


# --- Excel ---------------------------------------------------------------------------------------


def test_xlsx_has_typed_cells_a_bold_frozen_header(world: World):
    m.Initiative.objects.filter(pk=world.initiative.pk).update(
        start_date=datetime.date(2026, 1, 5), progress=0.25, last_activity_at=timezone.now()
    )

    rows = sheet(list_export(world.client(world.coordinator), "xlsx"))

    header = [cell.value for cell in rows[1]]
    assert rows.freeze_panes == "A2"
    assert all(cell.font.b for cell in rows[1])
    row = next(r for r in rows.iter_rows(min_row=2) if r[0].value == world.initiative.title)
    cells = dict(zip(header, row, strict=True))
    assert cells["Start date"].is_date and cells["Start date"].value.date() == datetime.date(2026, 1, 5)
    assert cells["Progress (%)"].data_type == "n" and cells["Progress (%)"].value == 25
    assert cells["Last activity (UTC)"].is_date


def test_xlsx_readings_have_numbers_and_dates(world: World):
    indicator = factories.IndicatorFactory(initiative=world.initiative, name="Trade volume", unit="USD bn", target=30)
    factories.IndicatorReadingFactory(indicator=indicator, date=datetime.date(2026, 3, 1), value="12.50", note="Q1")
    client = world.client(world.member)
    url = reverse("proposals:initiative-readings-export", args=[world.initiative.slug, "xlsx"])

    rows = list(sheet(client.get(url)).iter_rows(values_only=True))
    csv_data = csv_rows(client.get(url.replace(".xlsx", ".csv")))

    assert rows[0] == ("Indicator", "Unit", "Date", "Value", "Target", "Note")
    excel_day = datetime.datetime(2026, 3, 1)  # noqa: DTZ001  # an Excel date cell has no time zone
    assert rows[1] == ("Trade volume", "USD bn", excel_day, 12.5, 30, "Q1")
    assert csv_data[1] == ["Trade volume", "USD bn", "2026-03-01", "12.50", "30.00", "Q1"]


def test_milestone_export_columns(world: World, submitted_milestone: m.Milestone):
    rows = csv_rows(
        world.client(world.member).get(
            reverse("proposals:initiative-milestones-export", args=[world.initiative.slug, "csv"])
        )
    )

    assert rows[0][:11] == [
        "key",
        "initiative",
        "title",
        "due_date",
        "weight",
        "owner",
        "description",
        "version",
        "Status",
        "Owner's name",
        "Submitted by",
    ]
    assert rows[1][:11] == [
        submitted_milestone.import_key or f"#{submitted_milestone.pk}",
        world.initiative.slug,
        "Draft agreement",
        submitted_milestone.due_date.isoformat(),
        "1",
        world.submitter.username,
        submitted_milestone.description,
        str(submitted_milestone.version),
        "Submitted for review",
        world.submitter.name,
        world.submitter.name,
    ]


def test_file_names_have_an_ascii_fallback_and_the_real_name():
    header = spreadsheets.attachment("한일-협력-milestones", "csv")

    assert header.startswith('attachment; filename="milestones.csv"; ')
    assert header.endswith("filename*=UTF-8''%ED%95%9C%EC%9D%BC-%ED%98%91%EB%A0%A5-milestones.csv")


# --- activity ------------------------------------------------------------------------------------


def _activity_at(world: World, when: datetime.datetime, **kwargs) -> m.Activity:
    with time_machine.travel(when, tick=False):
        return factories.ActivityFactory(
            actor=world.coordinator, initiative=world.initiative, working_group=world.group, **kwargs
        )


def test_activity_export_is_the_range_in_the_readers_time_zone(world: World):
    seoul = zoneinfo.ZoneInfo("Asia/Seoul")
    world.member.time_zone = "Asia/Seoul"
    world.member.save()
    # 1 March 00:30 in Seoul is still 28 February in UTC; 31 March 23:30 in Seoul is in the range, 1 April not.
    _activity_at(world, datetime.datetime(2026, 2, 28, 23, 0, tzinfo=seoul), details={"note": "too early"})
    _activity_at(
        world,
        datetime.datetime(2026, 3, 1, 0, 30, tzinfo=seoul),
        verb=m.Activity.Verb.INITIATIVE_STATUS_CHANGED,
        details={"old": "proposed", "new": "active", "note": "=cmd"},
    )
    _activity_at(world, datetime.datetime(2026, 3, 31, 23, 30, tzinfo=seoul))
    _activity_at(world, datetime.datetime(2026, 4, 1, 0, 0, tzinfo=seoul))
    url = reverse("proposals:initiative-activity-export", args=[world.initiative.slug, "csv"])

    response = world.client(world.member).get(url, {"from": "2026-03-01", "to": "2026-03-31"})

    assert "currency-swap-activity-2026-03-01-2026-03-31.csv" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == ["Time (Asia/Seoul)", "Actor", "What happened", "Initiative", "Note"]
    assert rows[1:] == [
        [
            "2026-03-01 00:30",
            world.coordinator.name,
            "changed the status (Proposed → Active)",
            world.initiative.title,
            "'=cmd",
        ],
        ["2026-03-31 23:30", world.coordinator.name, "edited the initiative", world.initiative.title, ""],
    ]


def test_group_activity_export_leaves_out_what_the_reader_may_not_read(world: World):
    _activity_at(world, timezone.now(), details={"note": "on the internal one"})
    factories.ActivityFactory(
        actor=world.coordinator, initiative=world.restricted, working_group=world.group, details={"note": "secret"}
    )
    url = reverse("proposals:group-activity-export", args=[world.group.slug, "xlsx"])

    stakeholder = [
        row[4] for row in sheet(world.client(world.stakeholder).get(url)).iter_rows(min_row=2, values_only=True)
    ]
    member = [row[4] for row in sheet(world.client(world.member).get(url)).iter_rows(min_row=2, values_only=True)]

    assert stakeholder == ["on the internal one"]
    assert sorted(member) == ["on the internal one", "secret"]


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-03-31", "to": "2026-03-01"},
        {"from": "yesterday"},
        {"to": "2026-02-30"},
        {"from": "0001-01-01"},
        {"to": "9999-12-31"},
        {"from": "2026-3-1"},
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_bad_range_answers_400_and_nothing_else(world: World, params, fmt):
    client = world.client(world.member)
    for url in (
        reverse("proposals:initiative-activity-export", args=[world.initiative.slug, fmt]),
        reverse("proposals:group-activity-export", args=[world.group.slug, fmt]),
    ):
        response = client.get(url, params)

        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
        assert "Content-Disposition" not in response
        assert "This request was not accepted" in response.content.decode()


def test_the_range_message_says_what_is_wrong(world: World):
    url = reverse("proposals:initiative-activity-export", args=[world.initiative.slug, "csv"])

    response = world.client(world.member).get(url, {"from": "2026-03-31", "to": "2026-03-01"})

    assert "ends (2026-03-01) before it starts (2026-03-31)" in response.content.decode()


def test_date_range_parses_open_ends():
    assert tables.date_range({"from": "", "to": "2026-03-31"}) == tables.DateRange(None, datetime.date(2026, 3, 31))
    assert tables.date_range({}) == tables.DateRange()


# --- who may export what -------------------------------------------------------------------------


def _initiative_exports(slug: str) -> list[str]:
    return [
        reverse(name, args=[slug, fmt])
        for name in (
            "proposals:initiative-milestones-export",
            "proposals:initiative-readings-export",
            "proposals:initiative-activity-export",
        )
        for fmt in ("csv", "xlsx")
    ]


@pytest.mark.parametrize("who", ["stakeholder", "other_group_member"])
def test_an_unreadable_initiatives_exports_are_404(world: World, who):
    client = world.client(world.user(who))

    for url in _initiative_exports(world.restricted.slug):
        assert client.get(url).status_code == 404, url


def test_a_readable_initiatives_exports_answer(world: World):
    client = world.client(world.owner)

    for url in _initiative_exports(world.restricted.slug):
        response = client.get(url)
        assert response.status_code == 200, url
        body(response)


def test_the_list_export_leaves_out_what_the_reader_may_not_read(world: World):
    assert world.restricted.title not in titles(csv_rows(list_export(world.client(world.stakeholder))))
    assert world.restricted.title in titles(csv_rows(list_export(world.client(world.member))))


def test_signed_out_readers_are_sent_to_sign_in(world: World):
    urls = [
        reverse("proposals:initiative-list-export", args=["csv"]),
        reverse("proposals:group-activity-export", args=[world.group.slug, "xlsx"]),
        *_initiative_exports(world.initiative.slug),
    ]
    for url in urls:
        response = Client().get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_an_unknown_format_is_404(world: World):
    response = world.client(world.member).get(f"/initiatives/{world.initiative.slug}/milestones/export.pdf")

    assert response.status_code == 404


# --- streaming and query budget -------------------------------------------------------------------


def _queries(client: Client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        assert response.status_code == 200
        body(response)
    return len(queries)


def _add_initiatives(world: World, count: int, start: int) -> None:
    for n in range(start, start + count):
        initiative = factories.InitiativeFactory(title=f"Bulk {n:03}", slug=f"bulk-{n}", working_group=world.group)
        factories.InitiativeOwnerFactory(initiative=initiative, user=factories.UserFactory(), side=m.Side.JAPAN)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_list_export_costs_the_same_queries_for_few_or_many_rows(world: World, fmt):
    client = world.client(world.member)
    url = reverse("proposals:initiative-list-export", args=[fmt])
    params = {"working_group": "economic-security", "ordering": "-progress"}
    _add_initiatives(world, 2, 0)
    few = _queries(client, url, params)

    _add_initiatives(world, 40, 2)
    many = _queries(client, url, params)

    assert many == few


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_initiative_exports_cost_the_same_queries_for_few_or_many_rows(world: World, fmt):
    client = world.client(world.member)
    indicator = factories.IndicatorFactory(initiative=world.initiative)
    urls = [url for url in _initiative_exports(world.initiative.slug) if url.endswith(fmt)]
    urls.append(reverse("proposals:group-activity-export", args=[world.group.slug, fmt]))

    def add(count: int) -> None:
        for _n in range(count):
            milestone = factories.MilestoneFactory(
                initiative=world.initiative, owner=factories.UserFactory(), submitted_by=factories.UserFactory()
            )
            factories.IndicatorReadingFactory(indicator=indicator, recorded_by=factories.UserFactory())
            factories.ActivityFactory(
                actor=factories.UserFactory(),
                initiative=world.initiative,
                milestone=milestone,
                working_group=world.group,
            )

    add(2)
    few = [_queries(client, url) for url in urls]
    add(30)
    many = [_queries(client, url) for url in urls]

    assert many == few


def test_rows_are_read_in_chunks(world: World, monkeypatch):
    """Past a chunk, more rows cost one more chunk's queries (the rows and their owners), not one per row."""
    monkeypatch.setattr(tables, "CHUNK_SIZE", 5)
    client = world.client(world.member)
    url = reverse("proposals:initiative-list-export", args=["csv"])
    _add_initiatives(world, 3, 0)
    one_chunk = _queries(client, url)

    _add_initiatives(world, 30, 3)  # 35 initiatives in all: 7 chunks
    rows = csv_rows(list_export(client))
    seven_chunks = _queries(client, url)

    assert len(rows) == 1 + 35
    assert seven_chunks - one_chunk == 6  # the owners of each further chunk; the rows come through one cursor


def test_the_csv_is_streamed(world: World):
    response = list_export(world.client(world.member))

    assert isinstance(response, StreamingHttpResponse)
    assert "no-store" in response["Cache-Control"]
    body(response)


def test_activity_is_worded_in_the_readers_language(world: World):
    world.member.language = "ja"
    world.member.save()
    factories.ActivityFactory(
        actor=world.coordinator,
        initiative=world.initiative,
        working_group=world.group,
        verb=m.Activity.Verb.INITIATIVE_STATUS_CHANGED,
        details={"old": "proposed", "new": "on_hold"},
    )
    url = reverse("proposals:initiative-activity-export", args=[world.initiative.slug, "csv"])

    rows = csv_rows(world.client(world.member).get(url))

    with translation.override("ja"):
        expected = (
            f"{m.Activity.Verb.INITIATIVE_STATUS_CHANGED.label} "
            f"({m.InitiativeStatus.PROPOSED.label} → {m.InitiativeStatus.ON_HOLD.label})"
        )
        header = gettext("What happened")
    assert rows[1][rows[0].index(header)] == expected
    assert "Proposed" not in expected


def test_the_initiative_and_group_pages_link_to_their_exports(world: World):
    factories.MilestoneFactory(initiative=world.initiative)
    factories.IndicatorFactory(initiative=world.initiative)
    _activity_at(world, timezone.now())
    client = world.client(world.member)

    page = client.get(world.initiative.get_absolute_url()).content.decode()
    group_page = client.get(reverse("proposals:group-detail", args=[world.group.slug])).content.decode()

    for name in ("milestones", "readings", "activity"):
        for fmt in ("csv", "xlsx"):
            assert reverse(f"proposals:initiative-{name}-export", args=[world.initiative.slug, fmt]) in page
    assert reverse("proposals:group-activity-export", args=[world.group.slug, "csv"]) in group_page
