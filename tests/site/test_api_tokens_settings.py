"""Settings: a user creates API tokens (the key shown once), sees them listed, and revokes them."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from accounts import tokens
from accounts.models import ApiToken
from tests.conftest import World


def test_a_new_token_is_shown_once_and_works_with_the_api(world: World):
    client = world.client(world.member)

    created = client.post(reverse("accounts:token-create"), {"name": "ministry sync", "read_only": "on"})

    assert created.status_code == 200
    page = created.content.decode()
    key = re.search(r'<code class="token-key">([^<]+)</code>', page).group(1)
    token = ApiToken.objects.get(user=world.member)
    assert (token.name, token.read_only, token.prefix) == ("ministry sync", True, key[:8])
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get(reverse("api:me")).status_code == 200

    later = client.get(reverse("accounts:settings")).content.decode()
    assert "ministry sync" in later and f"{key[:8]}…" in later
    assert key not in later, "the key is shown only when it is created"


def test_a_token_without_a_name_redisplays_the_form_and_creates_nothing(world: World):
    response = world.client(world.member).post(reverse("accounts:token-create"), {"name": "  "})

    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_user_holds_at_most_the_limit_of_tokens(world: World):
    for number in range(tokens.MAX_PER_USER):
        tokens.issue(world.member, name=f"script {number}")

    response = world.client(world.member).post(reverse("accounts:token-create"), {"name": "one more"})

    assert response.status_code == 400
    assert "Revoke one you no longer use first" in response.content.decode()
    assert ApiToken.objects.filter(user=world.member).count() == tokens.MAX_PER_USER


def test_revoking_refuses_the_key_from_then_on_and_another_users_token_is_not_found(world: World):
    mine, key = tokens.issue(world.member, name="mine")
    theirs, _key = tokens.issue(world.submitter, name="theirs")
    client = world.client(world.member)

    assert client.post(reverse("accounts:token-revoke", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("accounts:token-revoke", args=[mine.pk])).status_code == 405
    revoked = client.post(reverse("accounts:token-revoke", args=[mine.pk]))

    assert revoked.status_code == 302
    assert ApiToken.objects.filter(pk=theirs.pk).exists()
    assert not ApiToken.objects.filter(pk=mine.pk).exists()
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get(reverse("api:me")).status_code == 401
