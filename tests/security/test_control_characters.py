"""One-line texts (names, titles, units…) refuse control characters everywhere they can be written."""

import datetime
import re

import pytest
from django.apps import apps
from django.db import models
from django.forms import modelform_factory
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from accounts.models import WorkingGroup
from accounts.validators import validate_single_line
from proposals.models import EvidenceLink, Indicator, Initiative, Milestone

CONTROL = {
    "CR LF": "Park\r\nBcc: everyone@example.org",
    "LF": "Park\nJ.",
    "CR": "Park\rJ.",
    "NUL": "Park\x00J.",
    "tab": "Park\tJ.",
    "escape": "Park\x1b[31mJ.",
    "DEL": "Park\x7fJ.",
    "NEL": "Park\x85J.",
    "line separator": "Park\u2028J.",
    "paragraph separator": "Park\u2029J.",
}
ORDINARY = ["박지민 (パク・ジミン)", "한일 통화스와프 확대 — 日韓通貨スワップの拡大", "Kim O'Neil-Sato, Ph.D. 50%"]

# Plain CharFields that need no validator of ours: Django's hash, a name checked against the zone list, and
# django-otp's device name and key, which the site writes itself (the admin shows authenticators read-only).
EXEMPT = {
    ("accounts.User", "password"),
    ("accounts.User", "time_zone"),
    ("accounts.Authenticator", "name"),
    ("accounts.Authenticator", "key"),
}


def one_line_fields() -> list[tuple[type[models.Model], str]]:
    """Every free one-line text people type into our models: editable CharFields without choices."""
    return [
        (model, field.name)
        for label in ("accounts", "proposals")
        for model in apps.get_app_config(label).get_models()
        for field in model._meta.get_fields()
        if type(field) is models.CharField
        and not field.choices
        and field.editable
        and (model._meta.label, field.name) not in EXEMPT
    ]


def field_errors(response, field: str) -> str:
    match = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', response.content.decode(), re.S)
    return match.group(1) if match else ""


def by_name(values: dict):
    return pytest.mark.parametrize("value", list(values.values()), ids=list(values))


def test_every_one_line_field_carries_the_validator():
    fields = one_line_fields()
    assert {(model._meta.label, name) for model, name in fields} >= {
        ("accounts.User", "display_name"),
        ("accounts.User", "username"),
        ("accounts.User", "organisation"),
        ("proposals.Initiative", "title"),
        ("proposals.Milestone", "title"),
        ("proposals.EvidenceLink", "title"),
        ("proposals.Indicator", "name"),
        ("proposals.Indicator", "unit"),
    }
    missing = [
        f"{model._meta.label}.{name}"
        for model, name in fields
        if validate_single_line not in model._meta.get_field(name).validators
    ]
    assert missing == []


@pytest.mark.parametrize(("model", "name"), one_line_fields(), ids=lambda item: getattr(item, "__name__", item))
def test_model_forms_as_the_admin_uses_refuse_a_control_character(db, model, name):
    value = "x\x1bx"[: model._meta.get_field(name).max_length]
    form = modelform_factory(model, fields=[name])({name: value})
    assert not form.is_valid()
    assert "control_characters" in [error.code for error in form.errors.as_data()[name]]


@by_name(CONTROL)
def test_display_name_with_control_characters_is_refused_on_the_settings_page(world, value):
    member = world.member
    response = world.client(member).post(
        reverse("accounts:settings"),
        {
            "display_name": value,
            "language": "en",
            "time_zone": "UTC",
            "digest_frequency": "weekly",
            "email_reminders": "on",
            "email_notifications": "on",
            "version": member.version,
        },
    )
    assert response.status_code == 400
    assert field_errors(response, "display_name")
    saved = type(member).objects.get(pk=member.pk)
    assert (saved.display_name, saved.version) == (member.display_name, member.version)


@by_name(CONTROL)
def test_initiative_title_with_control_characters_is_refused(world, value):
    response = world.client(world.coordinator).post(
        reverse("proposals:initiative-create", args=[world.group.slug]),
        {
            "title": value,
            "summary": "A summary I typed",
            "pillar": "economy",
            "lead_side": "joint",
            "status": "proposed",
            "visibility": "internal",
        },
    )
    assert response.status_code == 400
    assert field_errors(response, "title")
    assertContains(response, "A summary I typed", status_code=400)
    assert Initiative.objects.count() == 2


def test_initiative_title_edit_with_a_line_break_is_refused(world):
    initiative = world.initiative
    response = world.client(world.owner).post(
        reverse("proposals:initiative-edit", args=[initiative.slug]),
        {
            "title": "Currency swap\r\nexpansion",
            "summary": initiative.summary,
            "pillar": initiative.pillar,
            "lead_side": initiative.lead_side,
            "version": initiative.version,
        },
    )
    assert response.status_code == 400
    assert field_errors(response, "title")
    initiative.refresh_from_db()
    assert (initiative.title, initiative.version) == ("Currency swap expansion", 1)


@by_name(CONTROL)
def test_milestone_title_with_control_characters_is_refused(world, value):
    response = world.client(world.member).post(
        reverse("proposals:milestone-create", args=[world.initiative.slug]),
        {
            "title": value,
            "due_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "weight": 1,
        },
    )
    assert response.status_code == 400
    assert field_errors(response, "title")
    assert not Milestone.objects.exists()


@by_name(CONTROL)
def test_evidence_title_with_control_characters_is_refused(world, value):
    response = world.client(world.member).post(
        reverse("proposals:evidence-create", args=[world.initiative.slug]),
        {
            "url": "https://www.mofa.go.jp/press/release.html",
            "title": value,
            "kind": "official",
        },
    )
    assert response.status_code == 400
    assert field_errors(response, "title")
    assert not EvidenceLink.objects.exists()


def test_indicator_unit_with_a_line_break_is_refused(world):
    response = world.client(world.member).post(
        reverse("proposals:indicator-create", args=[world.initiative.slug]),
        {
            "name": "Swap line",
            "unit": "USD\nbn",
            "baseline": "0",
            "target": "100",
        },
    )
    assert response.status_code == 400
    assert field_errors(response, "unit")
    assert not Indicator.objects.exists()


def test_the_admin_refuses_a_working_group_name_with_a_line_break(admin_client):
    add = reverse("admin:accounts_workinggroup_add")
    data = {"name": "Economic\r\nSecurity", "slug": "economic-security-2", "description": ""}
    for inline in admin_client.get(add).context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(key): value for key, value in management.initial.items()})
    response = admin_client.post(add, data)
    assert response.status_code == 200
    assert "name" in response.context["adminform"].form.errors
    assert not WorkingGroup.objects.filter(slug="economic-security-2").exists()


@pytest.mark.parametrize("value", ORDINARY)
def test_ordinary_korean_and_japanese_text_is_accepted_everywhere(world, value):
    member = world.member
    settings_page = world.client(member).post(
        reverse("accounts:settings"),
        {
            "display_name": value,
            "language": "ko",
            "time_zone": "Asia/Seoul",
            "digest_frequency": "weekly",
            "email_reminders": "on",
            "email_notifications": "on",
            "version": member.version,
        },
    )
    assert settings_page.status_code == 302
    member.refresh_from_db()
    assert member.display_name == value

    client = world.client(world.coordinator)
    client.post(
        reverse("proposals:initiative-create", args=[world.group.slug]),
        {
            "title": value,
            "summary": "요약 / 概要",
            "pillar": "economy",
            "lead_side": "joint",
            "status": "proposed",
            "visibility": "internal",
        },
    )
    client.post(
        reverse("proposals:milestone-create", args=[world.initiative.slug]),
        {
            "title": value,
            "due_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "weight": 1,
        },
    )
    client.post(
        reverse("proposals:evidence-create", args=[world.initiative.slug]),
        {
            "url": "https://www.mofa.go.kr/press/1",
            "title": value,
            "kind": "official",
        },
    )
    assert Initiative.objects.filter(title=value).exists()
    assert Milestone.objects.filter(title=value).exists()
    assert EvidenceLink.objects.filter(title=value).exists()
