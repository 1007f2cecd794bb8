"""The portable backup: ``export_programme`` writes the whole programme, ``import_programme`` brings it back.

After a round trip through the file (export, the database emptied, import) every page and digest reads as
before, row for row; without ``--include-password-hashes`` the file holds no credential and the people in it
set new passwords; a database that already holds a programme, a file of another format or version, or a
broken file is refused with nothing changed; and PostgreSQL's programme reads back the same from SQLite.
"""

from __future__ import annotations

import datetime
import gzip
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client, RequestFactory
from django.utils import timezone

from accounts import feed_tokens, tokens
from accounts.models import User
from proposals import services
from proposals.backup import format
from proposals.backup.restore import programme_rows
from proposals.digests import delivery
from proposals.digests.content import build_contents
from proposals.digests.messages import render_digest
from proposals.models import Activity, AssessmentReminder, Comment, Initiative, Milestone, Webhook
from tests import factories
from tests.conftest import World

pytestmark = pytest.mark.usefixtures("catalogues")

ROOT = Path(__file__).resolve().parents[2]
FROZEN_NOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
SLUG = "economic-security-council"
PAGES = (
    "/",
    "/initiatives/",
    "/initiatives/?ordering=-last_activity",
    f"/initiatives/{SLUG}/",
    f"/initiatives/{SLUG}/activity/",
    "/initiatives/currency-swap-expansion/",
    "/initiatives/student-exchange-erasmus/",
    "/groups/economic-security/",
    "/review/",
    "/digests/",
)
READERS = ("coord.kim", "member.tanaka", "reader.lee", "admin")
_VARYING = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*'), r"\1"),
    (re.compile(r'("X-CSRFToken": ")[^"]*'), r"\1"),
    (re.compile(r'(nonce=")[^"]*'), r"\1"),
]


@pytest.fixture
def frozen():
    with time_machine.travel(FROZEN_NOW, tick=False):
        yield


def export(path: Path | None = None, **options) -> dict:
    """Run ``export_programme`` (to ``path``, or to standard output) and return the file's document."""
    out = io.StringIO()
    if path is None:
        call_command("export_programme", stdout=out, stderr=io.StringIO(), **options)
        return json.loads(out.getvalue())
    call_command("export_programme", output=str(path), stdout=out, **options)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as stream:
        return json.load(stream)


def restore(path: Path, **options) -> str:
    out = io.StringIO()
    call_command("import_programme", str(path), stdout=out, **options)
    return out.getvalue()


def table_rows() -> dict[str, list[tuple]]:
    """Every exported table's rows, every column, in id order."""
    return {
        model._meta.label: list(
            model._base_manager.order_by("pk").values_list(*[f.attname for f in model._meta.concrete_fields])
        )
        for model in format.exported_models()
    }


def add_the_rest(users: dict[str, User], initiative: Initiative, milestone: Milestone) -> None:
    """What a programme gathers in use beyond its initiatives: a mention and an edited comment, a progress note,
    digests, reminders and notifications sent, webhooks and their deliveries, API tokens, feed links, the
    sign-in policy."""
    coordinator, member, colleague = users["coord.kim"], users["member.park"], users["member.tanaka"]
    comment = services.add_comment(initiative=initiative, actor=member, body=f"@{colleague.username} see the draft.")
    services.edit_comment(comment=comment, actor=member, body=f"@{colleague.username} see the second draft.")
    services.log_progress(initiative=initiative, actor=coordinator, note="Draft charter circulated.", percent=40)
    now = timezone.now()
    factories.ReminderFactory(milestone=milestone, recipient=coordinator, sent_at=now)
    factories.NotificationFactory(recipient=colleague, activity=Activity.objects.order_by("pk").first(), sent_at=now)
    AssessmentReminder.objects.create(
        initiative=initiative, side="KR", recipient=coordinator, due_date=now.date(), sent_at=now
    )
    webhook = factories.WebhookFactory(working_group=initiative.working_group, created_by=coordinator)
    first = factories.WebhookDeliveryFactory(webhook=webhook, initiative=initiative, status="failed", attempts=3)
    factories.WebhookDeliveryFactory(webhook=webhook, initiative=initiative, redelivery_of=first, status="delivered")
    tokens.issue(coordinator, name="Reporting script")
    feed_tokens.regenerate(member)
    apps.get_model("accounts", "SignInPolicy")._base_manager.get_or_create(pk=1)
    delivery.record([users["reader.lee"].pk, coordinator.pk], "weekly", now)


def seeded_programme() -> dict[str, User]:
    """The demo programme with everything that use adds to it; every exported table has rows."""
    call_command("seed_demo", stdout=io.StringIO())
    users = {user.username: user for user in User.objects.all()}
    initiative = Initiative.objects.get(slug=SLUG)
    add_the_rest(users, initiative, initiative.milestones.order_by("pk").first())
    return users


def pages() -> dict[tuple[str, str], tuple[int, str]]:
    """Each page as each reader gets it (status and HTML less its per-request tokens), and their digests' copies."""
    seen = {}
    for username in READERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        digests = [f"/digests/{pk}/" for pk in User.objects.get(username=username).digests.values_list("pk", flat=True)]
        for url in [*PAGES, *digests]:
            response = client.get(url)
            html = response.content.decode()
            for pattern, replacement in _VARYING:
                html = pattern.sub(replacement, html)
            seen[username, url] = (response.status_code, html)
    return seen


def digest_bodies() -> dict[str, tuple[str, str, str]]:
    """A weekly digest of the week before now, for two readers, as it would be mailed (nothing recorded)."""
    bodies = {}
    for username in ("reader.suzuki", "coord.sato"):
        user = User.objects.get(username=username)
        start = FROZEN_NOW - datetime.timedelta(days=7)
        content = build_contents([user], period_end=FROZEN_NOW, starts={user.pk: start})[user.pk]
        message = render_digest(user, content=content, frequency="weekly", digest_id=1)
        bodies[username] = (message.subject, message.text, message.html)
    return bodies


# The format ------------------------------------------------------------------------------------------------


def test_every_model_of_accounts_and_proposals_is_exported_or_excluded_with_a_reason():
    assert format.unlisted() == [], "Add the model to TABLES or EXCLUDED in proposals/backup/format.py"
    registry = {model._meta.label for model in format.app_models()}
    assert set(format.TABLES) <= registry
    assert set(format.EXCLUDED) <= registry
    assert not set(format.TABLES) & set(format.EXCLUDED)
    assert all(len(reason) > 20 for reason in format.EXCLUDED.values())
    assert set(format.CREDENTIAL_TABLES) | set(format.CREDENTIAL_COLUMNS) | set(format.SETTINGS_TABLES) <= set(
        format.TABLES
    )


def test_every_table_comes_after_the_tables_it_points_at():
    position = {label: index for index, label in enumerate(format.TABLES)}
    for model in format.exported_models():
        for field in model._meta.concrete_fields:
            target = field.related_model._meta.label if field.is_relation else None
            if target in position and target != model._meta.label:
                assert position[target] < position[model._meta.label], f"{model._meta.label}.{field.name}"


# The round trip -------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_programme_brought_back_from_its_export_reads_as_before(frozen, tmp_path):
    seeded_programme()
    before_pages, before_digests = pages(), digest_bodies()
    before_rows = table_rows()  # signing in to read the pages set last_login
    assert {status for status, _html in before_pages.values()} == {200}
    assert all(before_rows.values()), "every exported table has rows, so the round trip covers each"

    path = tmp_path / "programme.json"
    document = export(path, include_password_hashes=True)
    assert document["counts"] == {label: len(rows) for label, rows in before_rows.items()}
    call_command("flush", interactive=False)
    assert not programme_rows()
    printed = restore(path)

    assert "refresh_figures" in printed
    assert table_rows() == before_rows
    assert pages() == before_pages
    assert digest_bodies() == before_digests


# What the file holds ---------------------------------------------------------------------------------------


@pytest.fixture
def programme(world: World, frozen) -> World:
    """The world with a milestone and everything use adds (webhooks, tokens, digests, reminders…)."""
    milestone = factories.MilestoneFactory(initiative=world.initiative, owner=world.member)
    users = {
        "coord.kim": world.coordinator,
        "member.park": world.member,
        "member.tanaka": world.submitter,
        "reader.lee": world.stakeholder,
    }
    add_the_rest(users, world.initiative, milestone)
    return world


def test_the_counts_of_an_export_are_the_rows_of_its_tables(programme):
    document = export(include_password_hashes=True)

    assert list(document["data"]) == list(format.TABLES)
    assert document["counts"] == {label: len(rows) for label, rows in document["data"].items()}
    assert document["counts"] == {model._meta.label: model._base_manager.count() for model in format.exported_models()}


def test_an_export_holds_no_credential_unless_asked(programme):
    token = programme.coordinator.api_tokens.get()
    webhook = Webhook.objects.get()

    text = json.dumps(export())

    assert not set(format.CREDENTIAL_TABLES) & set(json.loads(text)["data"])
    for secret in (programme.coordinator.password, token.digest, programme.member.feed_token.digest, webhook.secret):
        assert secret not in text
    assert programme.coordinator.password in json.dumps(export(include_password_hashes=True))


def test_without_password_hashes_people_set_a_new_password_and_webhooks_wait_for_a_new_secret(programme, tmp_path):
    webhook = Webhook.objects.get()
    export(tmp_path / "programme.json")

    printed = restore(tmp_path / "programme.json", replace=True)

    coordinator = User.objects.get(username="coord.kim")
    assert not coordinator.has_usable_password()
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="coord.kim", password=PASSWORD) is None
    assert not coordinator.api_tokens.exists()
    restored = Webhook.objects.get(pk=webhook.pk)
    assert (restored.is_active, restored.disabled_reason) == (False, format.WEBHOOK_RESTORED_WITHOUT_SECRET)
    assert restored.secret != webhook.secret
    assert restored.secret.startswith("whsec_")
    assert "Forgot your password?" in printed


def test_with_password_hashes_people_sign_in_as_before(programme, tmp_path):
    key = tokens.issue(programme.member, name="Nightly sync")[1]
    webhook = Webhook.objects.get()
    export(tmp_path / "programme.json.gz", include_password_hashes=True)

    restore(tmp_path / "programme.json.gz", replace=True)

    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="coord.kim", password=PASSWORD) == programme.coordinator
    assert tokens.user_for_key(key)[0] == programme.member
    restored = Webhook.objects.get(pk=webhook.pk)
    assert (restored.secret, restored.is_active) == (webhook.secret, True)


def test_an_import_records_nothing_and_enqueues_nothing(programme, tmp_path, django_capture_on_commit_callbacks):
    export(tmp_path / "programme.json")
    activity = Activity.objects.count()

    with django_capture_on_commit_callbacks() as callbacks:
        restore(tmp_path / "programme.json", replace=True)

    assert callbacks == []
    assert Activity.objects.count() == activity


def test_rows_made_after_an_import_take_new_ids(programme, tmp_path):
    export(tmp_path / "programme.json")
    restore(tmp_path / "programme.json", replace=True)
    last = Comment.objects.order_by("pk").last()

    comment = services.add_comment(initiative=last.initiative, actor=programme.member, body="After the restore.")

    assert comment.pk > last.pk


def test_a_reformatted_export_imports_all_the_same(programme, tmp_path):
    before = table_rows()
    document = export(tmp_path / "programme.json", include_password_hashes=True)
    (tmp_path / "indented.json").write_text(json.dumps(document, indent=2, ensure_ascii=False))

    restore(tmp_path / "indented.json", replace=True)

    assert table_rows() == before


# Refusals ---------------------------------------------------------------------------------------------------


def test_an_import_into_a_database_with_a_programme_is_refused_and_changes_nothing(programme, tmp_path):
    export(tmp_path / "programme.json")
    services.add_comment(initiative=programme.initiative, actor=programme.member, body="Written after the export.")
    before = table_rows()

    with pytest.raises(CommandError, match="--replace") as refused:
        restore(tmp_path / "programme.json")

    assert refused.value.returncode != 0
    assert table_rows() == before


def _rewritten(path: Path, change) -> Path:
    lines = path.read_text().splitlines(keepends=True)
    header = json.loads(lines[0].removesuffix(',"data":{\n') + "}")
    change(header)
    lines[0] = json.dumps(header)[:-1] + ',"data":{\n'
    path.write_text("".join(lines))
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda header: header.update(version=2), "version 2"),
        (lambda header: header.update(format="something-else"), "not a programme export"),
        (lambda header: header.pop("format"), "not a programme export"),
    ],
    ids=["newer-version", "other-format", "no-format"],
)
def test_a_file_of_another_format_or_version_is_refused_before_anything_is_deleted(
    programme, tmp_path, change, message
):
    export(tmp_path / "programme.json")
    path = _rewritten(tmp_path / "programme.json", change)
    before = table_rows()

    with pytest.raises(CommandError, match=message):
        restore(path, replace=True)

    assert table_rows() == before


@pytest.mark.parametrize(
    "damage",
    [
        lambda lines: lines[: len(lines) // 2],
        lambda lines: [line.replace('"username":', '"user_name":') for line in lines],
        lambda lines: [*lines[:2], lines[2][:12] + ",\n", *lines[3:]],
        lambda lines: ["not json\n"],
    ],
    ids=["cut-short", "unknown-column", "broken-row", "not-json"],
)
def test_a_broken_file_is_refused_and_changes_nothing(programme, tmp_path, damage):
    path = tmp_path / "programme.json"
    export(path)
    path.write_text("".join(damage(path.read_text().splitlines(keepends=True))))
    before = table_rows()

    with pytest.raises(CommandError):
        restore(path, replace=True)

    assert table_rows() == before


def test_a_row_pointing_at_a_missing_row_is_refused(programme, tmp_path):
    path = tmp_path / "programme.json"
    export(path)
    path.write_text(re.sub(r'"working_group_id":\d+', '"working_group_id":999999', path.read_text(), count=1))
    before = table_rows()

    with pytest.raises(CommandError, match="do not fit together"):
        restore(path, replace=True)

    assert table_rows() == before


# Between databases ------------------------------------------------------------------------------------------


def _manage(*args: str, database: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow
def test_a_programme_moves_from_postgresql_to_sqlite_and_back_unchanged(programme, tmp_path):
    assert connection.vendor == "postgresql"
    exported = export(tmp_path / "from-postgresql.json", include_password_hashes=True)
    database = tmp_path / "tracker.sqlite3"
    assert _manage("migrate", "--noinput", database=database).returncode == 0

    imported = _manage("import_programme", str(tmp_path / "from-postgresql.json"), database=database)
    assert imported.returncode == 0, imported.stderr
    again = _manage("export_programme", "--include-password-hashes", database=database)
    assert again.returncode == 0, again.stderr

    from_sqlite = json.loads(again.stdout)
    assert from_sqlite["counts"] == exported["counts"]
    assert from_sqlite["data"] == exported["data"]
    refused = _manage("import_programme", str(tmp_path / "from-postgresql.json"), database=database)
    assert refused.returncode != 0
    assert "--replace" in refused.stderr
