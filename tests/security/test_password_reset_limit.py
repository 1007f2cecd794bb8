"""Password-reset mails: at most 3 per address and hour, and the page answers the same whatever happened."""

import datetime
import re
import threading

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from accounts.forms import LimitedPasswordResetForm
from accounts.models import PasswordResetMail
from tests import factories

RESET = reverse("password_reset")
DONE = reverse("password_reset_done")
LIMIT = settings.PASSWORD_RESET_MAILS_PER_ADDRESS
START = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def member(db):
    return factories.UserFactory(username="member.park", email="member.park@example.org")


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def ask(client: Client, address: str = "member.park@example.org"):
    return client.post(RESET, {"email": address})


def page_text(client: Client) -> str:
    """The "check your e-mail" page without its CSRF tokens (masked afresh in every response)."""
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "<csrf>", client.get(DONE).content.decode())


def test_thirty_one_requests_send_three_mails(member, client, clock):
    for _ in range(31):
        assertRedirects(ask(client), DONE)
    assert len(mail.outbox) == LIMIT


def test_the_limit_is_per_address_whatever_its_case(member, client, clock):
    for address in [
        "member.park@example.org",
        "Member.Park@Example.org",
        "MEMBER.PARK@EXAMPLE.ORG",
        "member.park@example.org",
    ]:
        ask(client, address)
    assert len(mail.outbox) == LIMIT
    other = factories.UserFactory(username="member.tanaka", email="member.tanaka@example.org")
    ask(client, other.email)
    assert mail.outbox[-1].to == [other.email]


def test_page_is_the_same_when_a_mail_was_sent_refused_or_never_due(member, clock):
    client = Client()
    sent = ask(client)
    sent_page = page_text(client)
    for _ in range(LIMIT):
        refused = ask(client)
    refused_page = page_text(client)
    unknown = ask(client, "nobody@example.org")
    unknown_page = page_text(client)
    assert len(mail.outbox) == LIMIT
    assert sent.status_code == refused.status_code == unknown.status_code == 302
    assert sent["Location"] == refused["Location"] == unknown["Location"] == DONE
    assert sent_page == refused_page == unknown_page


def test_mails_are_allowed_again_an_hour_after_the_first(member, client, clock):
    for _ in range(LIMIT + 1):
        ask(client)
    assert len(mail.outbox) == LIMIT
    clock.shift(settings.PASSWORD_RESET_MAIL_WINDOW - datetime.timedelta(minutes=1))
    ask(client)
    assert len(mail.outbox) == LIMIT
    clock.shift(datetime.timedelta(minutes=2))
    ask(client)
    assert len(mail.outbox) == LIMIT + 1
    # Counts that left the window are gone from the table.
    assert PasswordResetMail.objects.count() == 1


def test_addresses_without_an_account_are_not_recorded(db, client, clock):
    for _ in range(5):
        ask(client, "nobody@example.org")
    assert mail.outbox == []
    assert not PasswordResetMail.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_from_several_processes_share_one_limit(member):
    """Separate connections, as separate gunicorn workers have: the database row locks keep the count."""
    results: list[int] = []
    start = threading.Barrier(6)

    def request_reset() -> None:
        try:
            form = LimitedPasswordResetForm({"email": member.email})
            assert form.is_valid()
            start.wait()
            results.append(len(list(form.get_users(member.email))))
        finally:
            connection.close()

    threads = [threading.Thread(target=request_reset) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0] * (6 - LIMIT) + [1] * LIMIT
    assert PasswordResetMail.objects.count() == LIMIT
