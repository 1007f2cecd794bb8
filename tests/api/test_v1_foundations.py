"""API v1: tokens, the one error shape, the caller's language, and initiatives read through the read rule."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.throttling import ScopedRateThrottle

from accounts import tokens
from accounts.models import ApiToken
from proposals import figures
from proposals import models as m
from tests import factories
from tests.conftest import World

PASSWORD = "correct horse battery staple"
ERROR_KEYS = {"code", "message", "fields"}


def token_client(user, *, read_only: bool = False, keyword: str = "Token") -> Client:
    _token, key = tokens.issue(user, name="test", read_only=read_only)
    return Client(HTTP_AUTHORIZATION=f"{keyword} {key}")


def ask_for_token(client: Client, **body) -> dict:
    response = client.post(reverse("api:token"), body, content_type="application/json")
    return {"status": response.status_code, "json": response.json(), "response": response}


# Tokens -----------------------------------------------------------------------------------------------


def test_a_user_trades_name_and_password_for_a_token_that_works_once_shown(world: World):
    answer = ask_for_token(Client(), username=world.member.username, password=PASSWORD, name="ministry sync")

    assert answer["status"] == 201
    key = answer["json"]["token"]
    stored = ApiToken.objects.get(user=world.member)
    assert (stored.name, stored.prefix, stored.read_only) == ("ministry sync", key[:8], False)
    assert key not in {stored.digest, stored.prefix}, "the key itself is never stored"
    for keyword in ("Token", "Bearer"):
        me = Client(HTTP_AUTHORIZATION=f"{keyword} {key}").get(reverse("api:me"))
        assert me.status_code == 200
        assert me.json()["username"] == world.member.username
    assert ApiToken.objects.get(pk=stored.pk).last_used_at is not None


@pytest.mark.parametrize("password", ["wrong", ""])
def test_a_wrong_password_gets_no_token(world: World, password):
    answer = ask_for_token(Client(), username=world.member.username, password=password)

    assert answer["status"] == 400
    assert set(answer["json"]) == ERROR_KEYS
    assert not ApiToken.objects.exists()


def test_an_inactive_user_gets_no_token_and_old_tokens_stop_working(world: World):
    client = token_client(world.member)
    world.member.is_active = False
    world.member.save()

    assert ask_for_token(Client(), username=world.member.username, password=PASSWORD)["status"] == 400
    assert client.get(reverse("api:me")).status_code == 401


def test_repeated_failures_lock_the_token_endpoint_like_the_sign_in_page(world: World, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert ask_for_token(Client(), username=world.member.username, password="wrong")["status"] == 400
    assert ask_for_token(Client(), username=world.member.username, password="wrong")["status"] == 429

    locked = ask_for_token(Client(), username=world.member.username, password=PASSWORD)

    assert locked["status"] == 429
    assert locked["json"]["code"] == "locked_out"
    assert 0 < int(locked["response"]["Retry-After"]) <= settings.AXES_COOLOFF_TIME.total_seconds() + 1
    assert not ApiToken.objects.exists()


def test_the_token_endpoint_is_throttled_with_retry_after(world: World, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"api_token": "2/min"})
    cache.clear()
    client = Client()
    for _attempt in range(2):
        assert ask_for_token(client, username=world.member.username, password=PASSWORD)["status"] == 201

    throttled = ask_for_token(client, username=world.member.username, password=PASSWORD)

    assert throttled["status"] == 429
    assert throttled["json"]["code"] == "throttled"
    assert int(throttled["response"]["Retry-After"]) > 0
    assert ApiToken.objects.count() == 2


def test_users_list_and_revoke_only_their_own_tokens(world: World):
    mine, key = tokens.issue(world.member, name="mine")
    theirs, _ = tokens.issue(world.submitter, name="theirs")
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")

    listed = client.get(reverse("api:token-list")).json()["results"]
    assert [row["name"] for row in listed] == ["mine"]
    assert "token" not in listed[0] and "digest" not in listed[0]

    assert client.delete(reverse("api:token-detail", args=[theirs.pk])).status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()
    assert client.delete(reverse("api:token-detail", args=[mine.pk])).status_code == 204
    assert not ApiToken.objects.filter(pk=mine.pk).exists()
    assert client.get(reverse("api:me")).status_code == 401


def test_a_read_only_token_reads_but_changes_nothing(world: World):
    token, key = tokens.issue(world.member, name="dashboard", read_only=True)
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")

    assert client.get(reverse("api:initiative-list")).status_code == 200
    refused = client.delete(reverse("api:token-detail", args=[token.pk]))

    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    assert "read-only" in refused.json()["message"]
    assert ApiToken.objects.filter(pk=token.pk).exists()


# Errors -----------------------------------------------------------------------------------------------


def test_anonymous_requests_get_401_with_www_authenticate(db):
    response = Client().get(reverse("api:initiative-list"))

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert set(response.json()) == ERROR_KEYS
    assert response.json()["code"] == "not_authenticated"


def test_an_unknown_token_gets_401(db):
    response = Client(HTTP_AUTHORIZATION="Bearer not-a-real-key").get(reverse("api:me"))

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        ("{not json", "application/json", 400, "parse_error"),
        ("username=x", "text/plain", 415, "unsupported_media_type"),
        ('{"username": "x"}', "application/json", 400, "invalid"),
    ],
)
def test_bad_bodies_get_the_one_error_shape(world: World, body, content_type, status, code):
    response = Client().post(reverse("api:token"), body, content_type=content_type)

    assert response.status_code == status
    assert set(response.json()) == ERROR_KEYS
    assert response.json()["code"] == code
    if code == "invalid":
        assert set(response.json()["fields"]) == {"password"}
    assert not ApiToken.objects.exists()


def test_a_method_the_resource_does_not_take_gets_405(world: World):
    response = token_client(world.member).put(
        reverse("api:initiative-detail", args=[world.initiative.slug]), {}, content_type="application/json"
    )

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_messages_follow_the_token_owners_language_else_accept_language(world: World):
    korean = token_client(world.stakeholder)  # reader.lee prefers Korean
    in_korean = korean.get(reverse("api:initiative-list"), {"health": "sideways"}).json()
    in_japanese = Client(HTTP_ACCEPT_LANGUAGE="ja").get(reverse("api:initiative-list")).json()
    in_english = token_client(world.member).get(reverse("api:initiative-list"), {"health": "sideways"}).json()

    assert in_korean["message"] != in_english["message"]
    assert in_korean["fields"]["health"] != in_english["fields"]["health"]
    assert in_japanese["message"] != Client().get(reverse("api:initiative-list")).json()["message"]


# Initiatives ------------------------------------------------------------------------------------------


def test_an_initiative_shows_its_stored_figures_owners_and_version_as_etag(world: World):
    factories.InitiativeOwnerFactory(initiative=world.initiative, user=world.member, side=m.Side.KOREA)
    due = timezone.localdate() + datetime.timedelta(days=10)
    factories.MilestoneFactory(initiative=world.initiative, title="Sign the annex", due_date=due, weight=3)
    figures.refresh([world.initiative.pk], record_changes=False)

    response = token_client(world.member).get(reverse("api:initiative-detail", args=[world.initiative.slug]))

    assert response.status_code == 200
    data = response.json()
    world.initiative.refresh_from_db()
    assert response["ETag"] == f'"{world.initiative.version}"'
    assert data["version"] == world.initiative.version
    assert data["next_milestone"] == {"title": "Sign the annex", "due_date": due.isoformat()}
    assert data["progress"] == 0 and data["health"] == world.initiative.health and data["health_reason"]
    assert {"username": world.member.username, "name": world.member.name, "side": "KR"} in data["owners"]
    assert data["url"].endswith(world.initiative.get_absolute_url())


def test_an_initiative_the_caller_may_not_read_is_404(world: World):
    response = token_client(world.stakeholder).get(reverse("api:initiative-detail", args=[world.restricted.slug]))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_initiatives_filter_and_order_like_the_site_list(world: World):
    group = world.group
    slow = factories.InitiativeFactory(title="Slow one", working_group=group)
    fast = factories.InitiativeFactory(title="Fast one", working_group=group)
    factories.InitiativeOwnerFactory(initiative=fast, user=world.submitter, side=m.Side.JAPAN)
    m.Initiative.objects.filter(pk=slow.pk).update(progress=0.1)
    m.Initiative.objects.filter(pk=fast.pk).update(progress=0.9)
    client = token_client(world.member)

    def titles(**params) -> list[str]:
        response = client.get(reverse("api:initiative-list"), params)
        assert response.status_code == 200, response.json()
        return [row["title"] for row in response.json()["results"]]

    assert titles(search="one", ordering="-progress") == ["Fast one", "Slow one"]
    assert titles(search="one", ordering="progress") == ["Slow one", "Fast one"]
    assert titles(owner=world.submitter.username) == ["Fast one"]
    assert "Currency swap expansion" not in titles(working_group=world.other_group.slug)


@pytest.mark.parametrize(
    ("params", "field"),
    [({"health": "sideways"}, "health"), ({"ordering": "colour"}, "ordering"), ({"colour": "red"}, "colour")],
)
def test_unknown_filters_and_values_are_400_naming_the_parameter(world: World, params, field):
    response = token_client(world.member).get(reverse("api:initiative-list"), params)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == [field]


def test_page_size_is_capped(world: World):
    factories.InitiativeFactory.create_batch(3, working_group=world.group)
    response = token_client(world.member).get(reverse("api:initiative-list"), {"page_size": 2})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 2
    assert response.json()["count"] == m.Initiative.objects.filter(visibility="internal").count() + 1


def _list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("api:initiative-list"), {"page_size": 100}).status_code == 200
    return len(queries)


def test_the_initiative_list_costs_the_same_queries_for_few_and_many_rows(world: World):
    client = token_client(world.member)
    client.get(reverse("api:me"))  # the token's first use records it
    few = _list_queries(client)
    for initiative in factories.InitiativeFactory.create_batch(30, working_group=world.group):
        factories.InitiativeOwnerFactory(initiative=initiative, user=world.member)

    assert _list_queries(client) == few


def test_an_oversized_body_is_413_in_the_error_shape_and_changes_nothing(world: World, settings):
    body = json.dumps(
        {"username": world.member.username, "password": PASSWORD, "name": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
    )

    response = Client().post(reverse("api:token"), body, content_type="application/json")

    assert response.status_code == 413
    assert set(response.json()) == ERROR_KEYS and response.json()["code"] == "too_large"
    assert not ApiToken.objects.exists()


def test_an_unknown_api_address_is_404_in_the_error_shape(world: World):
    response = token_client(world.member).get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
