"""Unsubscribe links: 60 days long, for the frequency the reader receives, in the reader's language, unforgeable."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertTemplateUsed

from accounts.services import update_preferences
from proposals import digests
from proposals.digests.delivery import headers_for
from tests import factories

# Mailed a day before the test runs: links followed "now" are fresh, whatever day the suite runs on.
SENT = datetime.datetime.now(datetime.UTC).replace(minute=0, second=0, microsecond=0) - datetime.timedelta(days=1)


@pytest.fixture
def reader(db):
    return factories.UserFactory(
        username="reader.suzuki", language="ja", time_zone="Asia/Tokyo", digest_frequency="weekly"
    )


def link(token: str) -> str:
    return reverse("digests:unsubscribe", args=[token])


def mailed_link(reader, frequency: str | None = None) -> str:
    with time_machine.travel(SENT, tick=False):
        return link(digests.unsubscribe_token(reader, frequency))


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]*)">', response.content.decode()).group(1)


def frequency_of(reader) -> str:
    reader.refresh_from_db()
    return reader.digest_frequency


def test_a_link_works_until_it_is_60_days_old(reader, client):
    url = mailed_link(reader)
    with time_machine.travel(SENT + settings.DIGEST_UNSUBSCRIBE_MAX_AGE - datetime.timedelta(minutes=1), tick=False):
        assert client.get(url).status_code == 200
        assert client.post(url).status_code == 200
    assert frequency_of(reader) == "off"


def test_an_older_link_says_it_expired_offers_sign_in_and_changes_nothing(reader, client):
    url = mailed_link(reader)
    with time_machine.travel(SENT + settings.DIGEST_UNSUBSCRIBE_MAX_AGE + datetime.timedelta(minutes=1), tick=False):
        page = client.get(url)
        posted = client.post(url)
    assert page.status_code == posted.status_code == 410
    assertTemplateUsed(page, "digests/unsubscribe_expired.html")
    assertTemplateUsed(page, "base.html")
    assert page.context["expired"] is True
    assert f'href="{reverse("login")}?next={reverse("accounts:settings")}"' in page.content.decode()
    assert frequency_of(reader) == "weekly"


def test_a_weekly_link_stops_working_once_the_reader_takes_daily_digests(reader, client):
    url = mailed_link(reader)
    update_preferences(user=reader, digest_frequency="daily")
    page = client.get(url)
    assert page.status_code == 410 and page.context["expired"] is False
    assert client.post(url).status_code == 410
    assert frequency_of(reader) == "daily"


def test_a_weekly_link_stops_working_once_digests_are_off(reader, client):
    url = mailed_link(reader)
    assert client.post(url).status_code == 200
    assert frequency_of(reader) == "off"
    assert client.get(url).status_code == 410
    update_preferences(user=reader, digest_frequency="daily")
    assert client.post(url).status_code == 410
    assert frequency_of(reader) == "daily"


def test_a_daily_digests_list_unsubscribe_header_unsubscribes_from_daily_only(reader):
    update_preferences(user=reader, digest_frequency="daily")
    digest = factories.DigestFactory(user=reader, frequency="daily")
    header = headers_for(digest)["List-Unsubscribe"]
    url = re.match(r"<https?://[^/]+(/digests/unsubscribe/[^>]+)>", header).group(1)
    one_click = Client(enforce_csrf_checks=True)
    update_preferences(user=reader, digest_frequency="weekly")
    assert one_click.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 410
    update_preferences(user=reader, digest_frequency="daily")
    assert one_click.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert frequency_of(reader) == "off"


@pytest.mark.usefixtures("catalogues")
@pytest.mark.parametrize("step", ["confirm", "done", "no longer valid"])
def test_signed_out_pages_speak_the_subscribers_language_not_the_browsers(reader, client, step):
    url = mailed_link(reader)
    if step == "confirm":
        response, heading = client.get(url, HTTP_ACCEPT_LANGUAGE="ko"), "Stop digests"
    elif step == "done":
        response, heading = client.post(url, HTTP_ACCEPT_LANGUAGE="ko"), "Digests stopped"
    else:
        update_preferences(user=reader, digest_frequency="daily")
        response, heading = client.get(url, HTTP_ACCEPT_LANGUAGE="ko"), "This link no longer works"
    assert html_lang(response) == "ja" and response["Content-Language"] == "ja"
    with translation.override("ja"):
        assert f"<h1>{gettext(heading)}</h1>" in response.content.decode()
    # The visitor's own next page is in their language again.
    assert html_lang(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ko")) == "ko"


@pytest.mark.parametrize("forge", ["tampered", "other salt", "other key", "garbage"])
def test_a_forged_token_is_refused_in_the_browsers_language_and_changes_nothing(reader, client, forge):
    genuine = digests.unsubscribe_token(reader)
    payload = {"u": reader.pk, "f": "weekly"}
    token = {
        "tampered": genuine[:-2] + ("yy" if genuine.endswith("xx") else "xx"),
        "other salt": signing.dumps(payload, salt="something-else"),
        "other key": signing.dumps(payload, key="not-this-sites-secret-key", salt=digests.messages.UNSUBSCRIBE_SALT),
        "garbage": "not-a-token",
    }[forge]
    page = client.get(link(token), HTTP_ACCEPT_LANGUAGE="ko")
    posted = client.post(link(token))
    assert page.status_code == posted.status_code == 400
    assertTemplateUsed(page, "digests/unsubscribe_invalid.html")
    assert html_lang(page) == "ko"
    assert frequency_of(reader) == "weekly"
