"""The milestones export is a file the milestone import takes back as it is: through the site, unchanged.

A coordinator reading in Korean or Japanese exports an initiative's milestones (some imported with a key, some
made on the site, keyed ``#<id>``), uploads that very file and sees every row unchanged; after editing one title
in the file, importing it changes exactly that milestone.
"""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation

from proposals import services
from proposals.exports import imports
from proposals.models import Activity, Milestone
from proposals.views.imports import SESSION_KEY
from tests import factories
from tests.conftest import World

pytestmark = pytest.mark.usefixtures("catalogues")

IMPORT_URL = "/import/milestones/"
EDITED_TITLE = "편집된 제목 — 編集後のタイトル"


@pytest.fixture(autouse=True)
def in_english():
    """Messages read outside a request in English, whatever language an earlier test's request left active."""
    with translation.override("en"):
        yield


def body(response) -> bytes:
    assert response.status_code == 200, response.content
    if isinstance(response, StreamingHttpResponse | FileResponse):
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def milestones(world: World) -> dict[str, Milestone]:
    """Milestones of one initiative in Korean and Japanese, owned by Korean and Japanese members: two imported with a
    key, two made on the site (one edited since, so at version 2), one with a description a spreadsheet would
    take for a formula."""
    today = timezone.localdate()
    made = {
        "imported_ko": services.create_milestone(
            initiative=world.initiative,
            actor=world.coordinator,
            title="공동성명 초안 작성",
            description="양국 부처가 합의한 문안.\n두 번째 줄.",
            due_date=today + datetime.timedelta(days=20),
            owner=world.member,
            weight=3,
            import_key="KR-01",
        ),
        "imported_ja": services.create_milestone(
            initiative=world.initiative,
            actor=world.coordinator,
            title="共同声明の草案作成",
            description="両省が合意した文案。",
            due_date=today + datetime.timedelta(days=25),
            owner=world.submitter,
            import_key="JP-01",
        ),
        "site_ko": services.create_milestone(
            initiative=world.initiative,
            actor=world.member,
            title="통화 스와프 실무 협의",
            description="- 의제 확정\n- 일정 조율",
            due_date=today + datetime.timedelta(days=30),
            owner=world.member,
        ),
        "site_ja": services.create_milestone(
            initiative=world.initiative,
            actor=world.submitter,
            title="実務者協議の開催",
            due_date=today + datetime.timedelta(days=40),
            owner=world.submitter,
            weight=2,
        ),
    }
    made["site_ja"] = services.edit_milestone(
        milestone=made["site_ja"], actor=world.submitter, description="東京で開催。"
    )
    # Another initiative's milestone, which the export of this one leaves out.
    factories.MilestoneFactory(initiative=world.restricted, title="다른 이니셔티브")
    return made


def snapshot() -> dict[int, tuple]:
    return {
        m.pk: (m.initiative_id, m.import_key, m.title, m.description, m.due_date, m.weight, m.owner_id, m.version)
        for m in Milestone.objects.all()
    }


def export(client, slug: str, fmt: str) -> bytes:
    return body(client.get(reverse("proposals:initiative-milestones-export", args=[slug, fmt])))


def preview(client, data: bytes, fmt: str):
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile(f"milestones.{fmt}", data)})
    assert response.status_code == 200, [row.errors for row in response.context["plan"].rows]
    return response


def confirm(client):
    token = client.session[SESSION_KEY]["token"]
    response = client.post(reverse("proposals:milestone-import-confirm"), {"token": token}, follow=True)
    assert response.redirect_chain[0] == (reverse("proposals:milestone-import"), 302)
    return response


def header_of(data: bytes, fmt: str) -> list[str]:
    if fmt == "csv":
        return next(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [cell.value for cell in next(workbook.active.iter_rows(max_row=1))]


def with_title(data: bytes, fmt: str, lang: str, key: str, title: str) -> bytes:
    """The exported file with the title of the row keyed ``key`` changed, written as the same kind of file."""
    names = imports.HEADERS[lang]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        key_at, title_at = rows[0].index(names["key"]), rows[0].index(names["title"])
        (row,) = [row for row in rows[1:] if row[key_at] == key]
        row[title_at] = title
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        return out.getvalue().encode("utf-8-sig")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    key_at, title_at = header.index(names["key"]), header.index(names["title"])
    (row,) = [row for row in sheet.iter_rows(min_row=2) if row[key_at].value == key]
    row[title_at].value = title
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize("lang", ["ko", "ja"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_milestones_export_imports_back_unchanged_and_an_edit_changes_only_its_milestone(
    world: World, milestones: dict[str, Milestone], fmt: str, lang: str
):
    world.coordinator.language = lang
    world.coordinator.save()
    client = world.client(world.coordinator)
    data = export(client, world.initiative.slug, fmt)

    # The import's columns under the import's own headers in the reader's language, then what it ignores.
    header = header_of(data, fmt)
    assert header[: len(imports.COLUMNS)] == [imports.HEADERS[lang][column] for column in imports.COLUMNS]
    sheet = imports.read_sheet(data)
    assert sheet.columns == list(imports.COLUMNS)
    by_key = {values["key"]: values for _number, values in sheet.rows}
    site = milestones["site_ko"]
    assert set(by_key) == {"KR-01", "JP-01", f"#{site.pk}", f"#{milestones['site_ja'].pk}"}
    assert by_key[f"#{site.pk}"] == {
        "key": f"#{site.pk}",
        "initiative": world.initiative.slug,
        "title": "통화 스와프 실무 협의",
        "due_date": site.due_date.isoformat(),
        "weight": "1",
        "owner": world.member.username,
        "description": "- 의제 확정\n- 일정 조율",
        "version": "1",
    }
    assert by_key[f"#{milestones['site_ja'].pk}"]["version"] == "2"
    if fmt == "xlsx":
        due_at = header.index(imports.HEADERS[lang]["due_date"])
        cells = [
            row[due_at]
            for row in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, values_only=True)
        ]
        assert all(isinstance(cell, datetime.datetime) for cell in cells), cells  # date cells, not text

    before, activity = snapshot(), Activity.objects.count()

    # The very file, uploaded: every row unchanged; confirmed: nothing changes.
    response = preview(client, data, fmt)
    assert response.context["counts"] == {
        imports.CREATE: 0,
        imports.UPDATE: 0,
        imports.UNCHANGED: 4,
        imports.ERROR: 0,
    }
    assert {row.action for row in response.context["plan"].rows} == {imports.UNCHANGED}
    confirm(client)
    assert snapshot() == before
    assert Activity.objects.count() == activity

    # One title edited in the file: exactly that milestone changes, as the importer's edit.
    edited = with_title(data, fmt, lang, f"#{site.pk}", EDITED_TITLE)
    response = preview(client, edited, fmt)
    assert response.context["counts"] == {
        imports.CREATE: 0,
        imports.UPDATE: 1,
        imports.UNCHANGED: 3,
        imports.ERROR: 0,
    }
    (changed,) = [row for row in response.context["plan"].rows if row.action == imports.UPDATE]
    assert changed.milestone.pk == site.pk
    confirm(client)

    after = snapshot()
    expected = dict(before)
    expected[site.pk] = (*before[site.pk][:2], EDITED_TITLE, *before[site.pk][3:7], before[site.pk][7] + 1)
    assert after == expected
    assert Milestone.objects.get(pk=site.pk).import_key == ""  # the site key is never stored
    new = Activity.objects.order_by("pk")[activity:]
    assert [(a.verb, a.actor, a.milestone_id) for a in new] == [
        (Activity.Verb.MILESTONE_EDITED, world.coordinator, site.pk)
    ]
    assert new[0].details["changes"]["title"] == {"old": "통화 스와프 실무 협의", "new": EDITED_TITLE}


# --- site keys ---------------------------------------------------------------------------------------------

NO_SUCH = "There is no such milestone “{key}” in this initiative."
NEW_HASH_KEY = "A new key cannot start with “#”: a key such as “#12” names a milestone made on the site by its number."


def row(key: str, initiative: str = "currency-swap", title: str = "Draft", due_date: str = "", **extra) -> list[str]:
    due_date = due_date or (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    return [key, initiative, title, due_date, extra.get("weight", "1"), "", "", extra.get("version", "")]


def plan_of(rows: list[list[str]], actor) -> imports.Plan:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(imports.COLUMNS)
    writer.writerows(rows)
    return imports.plan_import(imports.read_sheet(out.getvalue().encode("utf-8-sig")), actor)


def test_a_site_key_matches_that_milestone_of_that_initiative_only(world: World):
    here = factories.MilestoneFactory(initiative=world.initiative, title="Draft")
    there = factories.MilestoneFactory(initiative=world.restricted, title="Draft")
    due_date = here.due_date.isoformat()

    plan = plan_of([row(f"#{here.pk}", due_date=due_date), row(f"#{there.pk}", due_date=due_date)], world.coordinator)

    assert plan.rows[0].action == imports.UNCHANGED and plan.rows[0].milestone == here
    assert plan.rows[1].action == imports.ERROR
    assert plan.rows[1].errors == [f"There is no such milestone “#{there.pk}” in this initiative."]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("#999999", NO_SUCH),
        ("#0", NO_SUCH),
        ("#99999999999999999999999", NO_SUCH),
    ],
)
def test_an_unknown_site_key_is_refused_and_nothing_is_written(world: World, key, expected):
    plan = imports.apply_import(imports.read_sheet(csv_bytes([row(key)])), world.coordinator)

    assert not plan.ok and plan.rows[0].errors == [expected.format(key=key)]
    assert not Milestone.objects.exists() and not Activity.objects.exists()


@pytest.mark.parametrize("key", ["#new", "#", "#12a", "#１２"])
def test_a_new_key_starting_with_the_site_prefix_is_refused(world: World, key):
    plan = plan_of([row("M-1"), row(key)], world.coordinator)

    assert plan.rows[0].action == imports.CREATE
    assert plan.rows[1].action == imports.ERROR
    assert plan.rows[1].errors == [NEW_HASH_KEY]


def test_a_site_key_edit_is_recorded_and_never_stored_as_an_import_key(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative, title="Draft")
    data = csv_bytes([row(f"#{milestone.pk}", title="Final", due_date=milestone.due_date.isoformat(), version="1")])

    assert imports.apply_import(imports.read_sheet(data), world.coordinator).ok

    milestone.refresh_from_db()
    assert (milestone.title, milestone.import_key, milestone.version) == ("Final", "", 2)
    assert Activity.objects.get().actor == world.coordinator
    assert Milestone.objects.count() == 1


def test_the_same_milestone_twice_by_its_site_key_is_refused(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative, title="Draft")
    due_date = milestone.due_date.isoformat()
    plan = plan_of(
        [row(f"#{milestone.pk}", due_date=due_date), row(f"#0{milestone.pk}", due_date=due_date)], world.coordinator
    )
    assert any("already used for this initiative on row 2" in message for message in plan.rows[1].errors)


def test_a_milestone_with_an_older_hash_import_key_is_exported_and_matched_by_its_id(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative, title="Draft", import_key="#legacy")
    client = world.client(world.coordinator)
    data = export(client, world.initiative.slug, "csv")

    ((_number, values),) = imports.read_sheet(data).rows
    assert values["key"] == f"#{milestone.pk}"
    assert imports.plan_import(imports.read_sheet(data), world.coordinator).rows[0].action == imports.UNCHANGED


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(imports.COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")
