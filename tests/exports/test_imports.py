"""Bulk import of milestones: coordinators bring a CSV or .xlsx in, see a preview, and confirm it all or nothing."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.exports import imports
from proposals.models import Activity, Milestone
from proposals.views.imports import SESSION_KEY
from tests import factories
from tests.conftest import World

HEADER = list(imports.COLUMNS)
IMPORT_URL = "/import/milestones/"


def due(days: int = 30) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def csv_file(rows: list[list[object]], header: list[str] | None = None, *, bom: bool = True) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER if header is None else header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def xlsx_file(rows: list[list[object]], header: list[str]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def row(key="M-1", initiative="currency-swap", title="Draft agreement", due_date=None, weight="1", owner="", **extra):
    values = {"description": "", "version": "", **extra}
    return [key, initiative, title, due_date or due(), weight, owner, values["description"], values["version"]]


def plan_of(data: bytes, actor) -> imports.Plan:
    return imports.plan_import(imports.read_sheet(data), actor)


def apply(data: bytes, actor) -> imports.Plan:
    return imports.apply_import(imports.read_sheet(data), actor)


def upload(client: Client, data: bytes, name: str = "milestones.csv"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data)})


# --- reading and importing -------------------------------------------------------------------------------


def test_a_csv_with_korean_headers_and_korean_and_japanese_text_imports(world: World):
    header = [imports.HEADERS["ko"][column] for column in imports.COLUMNS]
    data = csv_file(
        [
            row("KR-1", title="공동성명 초안 작성", owner="member.park", description="양국 부처가 합의한 문안."),
            row("JP-1", title="共同声明の草案作成", weight="3", description="両省が合意した文案。"),
        ],
        header,
    )
    plan = apply(data, world.coordinator)

    assert plan.ok and plan.counts[imports.CREATE] == 2
    korean = Milestone.objects.get(import_key="KR-1")
    japanese = Milestone.objects.get(import_key="JP-1")
    assert (korean.title, korean.owner, korean.description) == (
        "공동성명 초안 작성",
        world.member,
        "양국 부처가 합의한 문안.",
    )
    assert (japanese.title, japanese.weight, japanese.initiative) == ("共同声明の草案作成", 3, world.initiative)
    created = Activity.objects.filter(verb=Activity.Verb.MILESTONE_CREATED)
    assert {a.actor for a in created} == {world.coordinator} and created.count() == 2


def test_a_csv_without_a_byte_order_mark_imports_too(world: World):
    assert apply(csv_file([row(title="한일 협력")], bom=False), world.coordinator).ok
    assert Milestone.objects.get().title == "한일 협력"


def test_an_xlsx_with_japanese_headers_and_date_cells_imports(world: World):
    header = [imports.HEADERS["ja"][column] for column in imports.COLUMNS]
    date = timezone.localdate() + datetime.timedelta(days=40)
    data = xlsx_file(
        [
            ["JP-1", "currency-swap", "共同声明の草案作成", date, 2, "member.tanaka", "両省が合意した文案。", None],
            [
                "KR-1",
                "whitelist",
                "수출 관리 협의",
                datetime.datetime.combine(date, datetime.time()),
                None,
                None,
                None,
                None,
            ],
        ],
        header,
    )
    plan = apply(data, world.coordinator)

    assert plan.ok, [r.errors for r in plan.rows]
    japanese = Milestone.objects.get(import_key="JP-1")
    assert (japanese.title, japanese.due_date, japanese.weight) == ("共同声明の草案作成", date, 2)
    assert japanese.owner == world.submitter
    korean = Milestone.objects.get(import_key="KR-1")
    assert (korean.initiative, korean.title, korean.weight, korean.due_date) == (
        world.restricted,
        "수출 관리 협의",
        1,
        date,
    )


def test_an_admin_imports_into_any_group(world: World):
    assert apply(csv_file([row()]), world.admin).ok
    assert Activity.objects.get(verb=Activity.Verb.MILESTONE_CREATED).actor == world.admin


# --- errors: each with its row number, and nothing written --------------------------------------------------


@pytest.fixture
def elsewhere(world: World):
    """An initiative of the other working group, which coord.kim does not coordinate."""
    return factories.InitiativeFactory(slug="student-exchange", working_group=world.other_group)


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (row("M-2", initiative="no-such-initiative"), "Unknown initiative “no-such-initiative”"),
        (row("M-2", initiative="student-exchange"), "is not in a working group you coordinate"),
        (row("M-2", due_date="31/12/2026"), "“31/12/2026” is not a date"),
        (row("M-2", due_date="2026-02-30"), "is not a date"),
        (row("M-2", weight="0"), "The weight must be a whole number above zero"),
        (row("M-2", weight="-2"), "The weight must be a whole number above zero"),
        (row("M-2", weight="many"), "The weight must be a whole number above zero"),
        (row("M-2", owner="nobody.here"), "Unknown owner “nobody.here”"),
        (row("M-2", initiative="whitelist", owner="reader.lee"), "“reader.lee” may not read this initiative"),
        (row("M-2", initiative="whitelist", owner="gone.member"), "“gone.member” may not read this initiative"),
        (row("M-1"), "The key “M-1” is already used for this initiative on row 2"),
        (row(""), "The key is missing"),
        (row("M-2", title=""), "Title: This field cannot be blank"),
        (row("M-2", due_date="2000-01-01"), "cannot be before the initiative starts"),
    ],
)
def test_a_bad_row_is_reported_with_its_row_number_and_nothing_is_written(world: World, elsewhere, bad, expected):
    data = csv_file([row("M-1"), bad])
    plan = plan_of(data, world.coordinator)

    assert not plan.ok
    good, wrong = plan.rows
    assert good.action == imports.CREATE and wrong.action == imports.ERROR
    assert wrong.number == 3
    assert any(expected in message for message in wrong.errors), wrong.errors
    assert not apply(data, world.coordinator).ok
    assert not Milestone.objects.exists() and not Activity.objects.exists()


def test_an_initiative_the_importer_may_not_read_is_unknown_to_them(world: World, elsewhere):
    elsewhere.visibility = elsewhere.Visibility.RESTRICTED
    elsewhere.save()
    plan = plan_of(csv_file([row(initiative="student-exchange")]), world.coordinator)
    assert plan.rows[0].errors == ["Unknown initiative “student-exchange”."]


def test_a_missing_required_column_is_reported_on_the_header_row(world: World):
    header = [column for column in HEADER if column != "due_date"]
    data = csv_file([["M-1", "currency-swap", "Draft", "1", "", "", ""]], header)
    plan = apply(data, world.coordinator)

    assert plan.errors == [(1, "A required column is missing: “due_date”.")]
    assert not Milestone.objects.exists()


def test_a_file_that_is_neither_csv_nor_xlsx_is_refused(world: World):
    with pytest.raises(imports.ImportFileError):
        imports.read_sheet(b"\xff\xfe\x00binary")
    with pytest.raises(imports.ImportFileError):
        imports.read_sheet(b"PK\x03\x04 not really a workbook")


def test_more_rows_than_the_limit_are_refused(world: World, settings):
    rows = [row(f"M-{n}") for n in range(imports.MAX_ROWS + 1)]
    with pytest.raises(imports.ImportFileError, match="more than"):
        imports.read_sheet(csv_file(rows))


# --- updates, no-ops and stale rows -----------------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing(world: World):
    data = csv_file([row("M-1", owner="member.park"), row("M-2", title="調整会議", weight="2")])
    assert apply(data, world.coordinator).ok
    versions = dict(Milestone.objects.values_list("import_key", "version"))
    activity = Activity.objects.count()

    plan = apply(data, world.coordinator)

    assert plan.ok and plan.counts[imports.UNCHANGED] == 2
    assert dict(Milestone.objects.values_list("import_key", "version")) == versions
    assert Activity.objects.count() == activity
    assert Milestone.objects.count() == 2


def test_a_changed_row_is_an_edit_recorded_as_the_importers_activity(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative, import_key="M-1", title="Old title")
    later = due(50)
    data = csv_file([row("M-1", title="New title", due_date=later, owner="member.park", version="1")])

    plan = plan_of(data, world.coordinator)
    assert plan.rows[0].action == imports.UPDATE
    assert ("Title", "Old title", "New title") in plan.rows[0].changes
    assert apply(data, world.other_coordinator).ok

    milestone.refresh_from_db()
    assert (milestone.title, milestone.owner, milestone.due_date.isoformat()) == ("New title", world.member, later)
    edited = Activity.objects.get(verb=Activity.Verb.MILESTONE_EDITED)
    replanned = Activity.objects.get(verb=Activity.Verb.MILESTONE_REPLANNED)
    assert edited.actor == replanned.actor == world.other_coordinator
    assert edited.details["changes"]["title"] == {"old": "Old title", "new": "New title"}
    assert not Milestone.objects.exclude(pk=milestone.pk).exists()


def test_a_column_left_out_keeps_what_is_saved(world: World):
    milestone = factories.MilestoneFactory(
        initiative=world.initiative, import_key="M-1", title="Draft", weight=5, owner=world.member, description="Kept."
    )
    header = ["key", "initiative", "title", "due_date"]
    data = csv_file([["M-1", "currency-swap", "Draft", milestone.due_date.isoformat()]], header)

    assert apply(data, world.coordinator).counts[imports.UNCHANGED] == 1
    milestone.refresh_from_db()
    assert (milestone.weight, milestone.owner, milestone.description, milestone.version) == (
        5,
        world.member,
        "Kept.",
        1,
    )


def test_a_row_at_an_old_version_that_changes_nothing_is_no_error(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative, import_key="M-1", title="Draft")
    services.edit_milestone(milestone=milestone, actor=world.member, title="Final")
    plan = plan_of(
        csv_file([row("M-1", title="Final", due_date=milestone.due_date.isoformat(), version="1")]), world.coordinator
    )
    assert plan.ok and plan.rows[0].action == imports.UNCHANGED


def test_a_row_at_a_stale_version_is_refused(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative, import_key="M-1", title="Draft")
    services.edit_milestone(milestone=milestone, actor=world.member, title="Edited on the site")
    data = csv_file([row("M-1", title="From the spreadsheet", version="1")])

    plan = apply(data, world.coordinator)

    assert "The milestone changed since this row was exported (version 1, now 2)." in plan.rows[0].errors
    milestone.refresh_from_db()
    assert milestone.title == "Edited on the site"
    assert not Activity.objects.filter(actor=world.coordinator).exists()


def test_a_closed_milestones_due_date_does_not_change(world: World):
    factories.MilestoneFactory(initiative=world.initiative, import_key="M-1", status=Milestone.Status.APPROVED)
    plan = plan_of(csv_file([row("M-1", due_date=due(90))]), world.coordinator)
    assert any("its due date cannot change" in message for message in plan.rows[0].errors)


def test_a_failure_on_a_later_row_undoes_the_earlier_ones(world: World, monkeypatch):
    real = services.create_milestone

    def deny_second(**kwargs):
        if kwargs["import_key"] == "M-2":
            raise PermissionDenied("No.")
        return real(**kwargs)

    monkeypatch.setattr(services, "create_milestone", deny_second)
    plan = apply(csv_file([row("M-1"), row("M-2")]), world.coordinator)

    assert not plan.ok and plan.rows[1].errors == ["No."]
    assert not Milestone.objects.exists() and not Activity.objects.exists()


# --- the site ---------------------------------------------------------------------------------------------


def test_upload_preview_and_confirm_on_the_site(world: World):
    client = world.client(world.coordinator)
    factories.MilestoneFactory(initiative=world.initiative, import_key="M-0", title="Kept")
    data = csv_file([row("M-0", title="Kept"), row("M-1", title="공동성명 초안"), row("M-2", title="共同声明")])

    preview = upload(client, data)

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "공동성명 초안" in page and "共同声明" in page and "milestones.csv" in page
    assert "2 to add, 0 to change, 1 unchanged, 0 with errors." in page
    assert Milestone.objects.count() == 1 and not Activity.objects.exists()

    token = client.session[SESSION_KEY]["token"]
    done = client.post(reverse("proposals:milestone-import-confirm"), {"token": token}, follow=True)

    assert done.redirect_chain[0] == (reverse("proposals:milestone-import"), 302)
    assert "Milestones imported: 2 added, 0 changed, 1 unchanged." in done.content.decode()
    assert set(Milestone.objects.values_list("title", flat=True)) == {"Kept", "공동성명 초안", "共同声明"}
    assert Activity.objects.filter(actor=world.coordinator, verb=Activity.Verb.MILESTONE_CREATED).count() == 2
    # The preview is used up: confirming again does nothing.
    again = client.post(reverse("proposals:milestone-import-confirm"), {"token": token})
    assert again.status_code == 302 and Milestone.objects.count() == 3


def test_a_preview_with_errors_shows_them_by_row_and_offers_no_confirmation(world: World):
    client = world.client(world.coordinator)
    response = upload(client, csv_file([row("M-1"), row("M-2", weight="0"), row("M-3", due_date="soon")]))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Row 3: The weight must be a whole number above zero" in page
    assert "Row 4: “soon” is not a date" in page
    assert reverse("proposals:milestone-import-confirm") not in page
    assert SESSION_KEY not in client.session


def test_the_confirmation_checks_everything_again(world: World):
    client = world.client(world.coordinator)
    milestone = factories.MilestoneFactory(initiative=world.initiative, import_key="M-1", title="Draft")
    assert upload(client, csv_file([row("M-1", title="Final", version="1"), row("M-2")])).status_code == 200
    services.edit_milestone(milestone=milestone, actor=world.member, title="Changed meanwhile")
    activity = Activity.objects.count()

    response = client.post(
        reverse("proposals:milestone-import-confirm"), {"token": client.session[SESSION_KEY]["token"]}
    )

    assert response.status_code == 400
    assert "changed since this row was exported" in response.content.decode()
    assert Milestone.objects.count() == 1 and Activity.objects.count() == activity


def test_a_stale_preview_token_imports_nothing(world: World):
    client = world.client(world.coordinator)
    upload(client, csv_file([row()]))
    response = client.post(reverse("proposals:milestone-import-confirm"), {"token": "guessed"})
    assert response.status_code == 302 and not Milestone.objects.exists()


@pytest.mark.parametrize("role", ["member", "owner", "stakeholder", "other_group_member"])
def test_only_coordinators_and_admins_may_import(world: World, role):
    client = world.client(world.user(role))
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, csv_file([row()])).status_code == 403
    assert client.post(reverse("proposals:milestone-import-confirm"), {"token": "x"}).status_code == 403
    assert client.get(reverse("proposals:milestone-import-template", args=["csv"])).status_code == 403
    assert not Milestone.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(db):
    response = Client().get(IMPORT_URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_file_over_the_size_limit_answers_413_and_writes_nothing(world: World):
    client = world.client(world.coordinator)
    data = csv_file([row()]) + b"#" * imports.MAX_FILE_SIZE
    response = upload(client, data)

    assert response.status_code == 413
    assert "The file is larger than 2 MB." in response.content.decode()
    assert not Milestone.objects.exists()


def test_a_file_under_the_limit_but_over_the_site_body_limit_is_accepted(world: World, settings):
    # The rest of the site refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE; this one view takes up to 2 MB of file.
    filler = [row(f"M-{n}", description="x" * 1500) for n in range(800)]
    data = csv_file(filler)
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE < len(data) < imports.MAX_FILE_SIZE
    response = upload(world.client(world.coordinator), data)
    assert response.status_code == 200
    assert "800 to add" in response.content.decode()


def test_the_import_page_takes_only_its_own_file_field(world: World):
    client = world.client(world.coordinator)
    response = client.post(IMPORT_URL, {"other": SimpleUploadedFile("x.csv", csv_file([row()]))})
    assert response.status_code == 413 and not Milestone.objects.exists()


def test_the_import_page_still_checks_csrf(world: World):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.coordinator)
    assert upload(client, csv_file([row()])).status_code == 403


def test_other_pages_still_refuse_files_however_small(world: World):
    client = world.client(world.coordinator)
    response = client.post(
        reverse("proposals:comment-create", args=[world.initiative.slug]),
        {"body": "Attached.", "file": SimpleUploadedFile("milestones.csv", csv_file([row()]))},
    )
    assert response.status_code == 413


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_languages_template_has_its_header_and_an_example_row_that_imports(world: World, lang, fmt):
    client = world.client(world.coordinator)
    response = client.get(reverse("proposals:milestone-import-template", args=[fmt]), {"lang": lang})

    assert response.status_code == 200
    assert f'filename="milestones-{lang}.{fmt}"' in response["Content-Disposition"]
    sheet = imports.read_sheet(response.content)
    assert sheet.columns == list(imports.COLUMNS)
    plan = imports.plan_import(sheet, world.coordinator)
    assert plan.ok and plan.counts[imports.CREATE] == 1
    if fmt == "csv":
        assert response.content.decode("utf-8-sig").startswith(",".join(imports.HEADERS[lang][c] for c in HEADER))


def test_the_group_page_links_to_the_import_for_coordinators_only(world: World):
    url = reverse("proposals:group-detail", args=[world.group.slug])
    assert IMPORT_URL in world.client(world.coordinator).get(url).content.decode()
    assert IMPORT_URL not in world.client(world.member).get(url).content.decode()


def test_the_import_page_documents_the_columns(world: World):
    page = world.client(world.coordinator).get(IMPORT_URL).content.decode()
    for column in HEADER:
        assert f"<code>{column}</code>" in page
    assert "<code>마감일</code>" in page and "<code>期日</code>" in page


# --- the command ------------------------------------------------------------------------------------------


def test_the_commands_dry_run_prints_the_preview_and_writes_nothing(world: World, tmp_path):
    path = tmp_path / "milestones.csv"
    path.write_bytes(csv_file([row("M-1", title="공동성명")]))
    out = io.StringIO()

    call_command("import_milestones", str(path), "--as", "coord.kim", "--dry-run", stdout=out)

    assert "create" in out.getvalue() and "공동성명" in out.getvalue()
    assert "Dry run" in out.getvalue()
    assert not Milestone.objects.exists()


def test_the_command_imports_as_the_named_coordinator(world: World, tmp_path):
    path = tmp_path / "milestones.xlsx"
    path.write_bytes(xlsx_file([row("M-1")], HEADER))
    call_command("import_milestones", str(path), "--as", "coord.kim", stdout=io.StringIO())
    assert Activity.objects.get(verb=Activity.Verb.MILESTONE_CREATED).actor == world.coordinator


def test_the_command_exits_non_zero_on_errors_and_writes_nothing(world: World, tmp_path):
    path = tmp_path / "milestones.csv"
    path.write_bytes(csv_file([row("M-1"), row("M-2", weight="0")]))
    err = io.StringIO()

    with pytest.raises(CommandError) as refused:
        call_command("import_milestones", str(path), "--as", "coord.kim", stdout=io.StringIO(), stderr=err)

    assert refused.value.returncode == 1
    assert "Row 3: The weight must be a whole number above zero" in err.getvalue()
    assert not Milestone.objects.exists()


def test_the_command_refuses_someone_who_coordinates_nothing(world: World, tmp_path):
    path = tmp_path / "milestones.csv"
    path.write_bytes(csv_file([row()]))
    with pytest.raises(CommandError, match="Only coordinators"):
        call_command("import_milestones", str(path), "--as", "member.park", stdout=io.StringIO())
