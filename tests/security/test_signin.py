"""Sign-in lockout: 5 failures for one user name from one address pause it for 15 minutes (django-axes)."""

import datetime
import io
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext
from pytest_django.asserts import assertTemplateUsed

from tests import factories

LOGIN = reverse("login")
PASSWORD = "correct horse battery staple"
LIMIT = settings.AXES_FAILURE_LIMIT
START = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def member(db):
    return factories.UserFactory(username="member.park")


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def sign_in(client: Client, username: str = "member.park", password: str = PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def fail(client: Client, times: int, username: str = "member.park", **extra) -> list:
    return [sign_in(client, username, "wrong password", **extra) for _ in range(times)]


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def lockout_message(language: str, minutes: int) -> str:
    with translation.override(language):
        return ngettext(
            "Too many failed sign-ins for this user name. Try again in %(minutes)s minute, or reset your password.",
            "Too many failed sign-ins for this user name. Try again in %(minutes)s minutes, or reset your password.",
            minutes,
        ) % {"minutes": minutes}


def test_the_right_password_is_refused_after_five_failures(member, client, clock):
    answers = fail(client, LIMIT)
    assert [answer.status_code for answer in answers] == [200] * (LIMIT - 1) + [429]
    response = sign_in(client)
    assert response.status_code == 429
    assert not signed_in(client)
    assert client.get("/").status_code == 302


def test_a_successful_sign_in_before_the_limit_works_and_clears_the_count(member, client, clock):
    fail(client, LIMIT - 1)
    assert sign_in(client).status_code == 302 and signed_in(client)
    client.post(reverse("logout"))
    assert [answer.status_code for answer in fail(client, LIMIT - 1)] == [200] * (LIMIT - 1)
    assert sign_in(client).status_code == 302


def test_lockout_page_is_the_sign_in_page_saying_when_to_try_again_in_the_browsers_language(member, client, clock):
    fail(client, LIMIT, HTTP_ACCEPT_LANGUAGE="ko")
    clock.shift(datetime.timedelta(minutes=5))
    response = sign_in(client, HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 429
    assert response["Retry-After"] == str(10 * 60)
    assertTemplateUsed(response, "registration/login.html")
    assertTemplateUsed(response, "base.html")
    page = response.content.decode()
    assert re.search(r'<html lang="ko">', page)
    assert lockout_message("ko", 10) in page
    assert 'value="member.park"' in page


def test_tries_during_a_lockout_do_not_push_it_back(member, client, clock):
    fail(client, LIMIT)
    for _ in range(3):
        clock.shift(datetime.timedelta(minutes=4))
        sign_in(client)
    response = sign_in(client)
    assert response.status_code == 429 and response["Retry-After"] == str(3 * 60)
    assert lockout_message("en", 3) in response.content.decode()


def test_sign_in_works_again_after_the_cool_off(member, client, clock):
    fail(client, LIMIT)
    clock.shift(settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1))
    assert sign_in(client).status_code == 302 and signed_in(client)


def test_the_lock_holds_the_user_name_from_that_address_only(member, clock):
    fail(Client(REMOTE_ADDR="203.0.113.7"), LIMIT)
    assert sign_in(Client(REMOTE_ADDR="203.0.113.7")).status_code == 429
    other_user = factories.UserFactory(username="member.tanaka")
    assert sign_in(Client(REMOTE_ADDR="203.0.113.7"), other_user.username).status_code == 302
    assert sign_in(Client(REMOTE_ADDR="198.51.100.20")).status_code == 302


def test_the_admin_sign_in_shares_the_lock(member, client, clock):
    member.is_staff = True
    member.save()
    fail(client, LIMIT)
    response = client.post(reverse("admin:login"), {"username": "member.park", "password": PASSWORD})
    assert response.status_code == 429
    assert not signed_in(client)


def test_an_admin_unlocks_by_deleting_the_access_attempt(member, client, admin_user, clock):
    fail(client, LIMIT)
    [attempt] = AccessAttempt.objects.filter(username="member.park")
    admin = Client()
    admin.force_login(admin_user)
    listing = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and "member.park" in listing.content.decode()
    deleted = admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert deleted.status_code == 302
    assert sign_in(client).status_code == 302 and signed_in(client)


def test_axes_reset_username_command_unlocks(member, client, clock):
    fail(client, LIMIT)
    call_command("axes_reset_username", "member.park", stdout=io.StringIO())
    assert sign_in(client).status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_one_counted(member, settings, clock):
    settings.TRUSTED_PROXY_COUNT = 1

    def through_proxy(forwarded_for: str) -> Client:
        return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)

    fail(through_proxy("203.0.113.7"), LIMIT)
    assert sign_in(through_proxy("203.0.113.7")).status_code == 429
    # An address the client wrote itself, left of the proxy's, does not escape the lock.
    assert sign_in(through_proxy("198.51.100.20, 203.0.113.7")).status_code == 429
    assert sign_in(through_proxy("198.51.100.20")).status_code == 302


def test_failures_older_than_the_cool_off_do_not_count(member, client, clock):
    fail(client, LIMIT - 1)
    clock.shift(settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1))
    assert [answer.status_code for answer in fail(client, LIMIT - 1)] == [200] * (LIMIT - 1)
    assert sign_in(client).status_code == 302
