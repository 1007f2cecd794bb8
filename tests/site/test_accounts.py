"""Settings, the footer's language switcher, and the password reset e-mail."""

import re

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertRedirects

SETTINGS = reverse("accounts:settings")
SET_LANGUAGE = reverse("accounts:set-language")


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]*)">', response.content.decode()).group(1)


def preferences(user, **changes):
    data = {
        "display_name": user.display_name,
        "language": user.language,
        "time_zone": user.time_zone,
        "digest_frequency": user.digest_frequency,
        "email_reminders": "on",
        "email_notifications": "on",
        "version": user.version,
    }
    data.update(changes)
    return data


def test_settings_save_language_time_zone_and_digest_frequency(world):
    client = world.client(world.member)
    response = client.post(
        SETTINGS,
        preferences(world.member, language="ja", time_zone="Asia/Tokyo", digest_frequency="daily", email_reminders=""),
    )
    assertRedirects(response, SETTINGS, fetch_redirect_response=False)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ja"
    world.member.refresh_from_db()
    assert (world.member.language, world.member.time_zone, world.member.digest_frequency) == (
        "ja",
        "Asia/Tokyo",
        "daily",
    )
    assert world.member.email_reminders is False and world.member.email_notifications is True
    page = client.get(SETTINGS)
    assert html_lang(page) == "ja" and page["Content-Language"] == "ja"


def test_settings_page_shows_the_saved_values(world):
    world.member.time_zone = "Asia/Seoul"
    world.member.save()
    form = world.client(world.member).get(SETTINGS).context["form"]
    assert form["time_zone"].value() == "Asia/Seoul"
    assert form["version"].value() == world.member.version


def test_settings_with_an_unknown_time_zone_are_refused(world):
    response = world.client(world.member).post(
        SETTINGS, preferences(world.member, time_zone="Mars/Olympus", display_name="Park J.")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["time_zone"]
    assertContains(response, 'value="Park J."', status_code=400)
    world.member.refresh_from_db()
    assert world.member.time_zone == "UTC" and world.member.display_name == "Member.Park"


def test_settings_with_an_unknown_digest_frequency_are_refused(world):
    response = world.client(world.member).post(SETTINGS, preferences(world.member, digest_frequency="hourly"))
    assert response.status_code == 400
    assert response.context["form"].errors["digest_frequency"]
    world.member.refresh_from_db()
    assert world.member.digest_frequency == "weekly"


def test_settings_saved_over_another_tabs_save_answer_412(world):
    first, second = world.client(world.member), world.client(world.member)
    version = first.get(SETTINGS).context["form"]["version"].value()
    assert first.post(SETTINGS, preferences(world.member, digest_frequency="off", version=version)).status_code == 302
    response = second.post(SETTINGS, preferences(world.member, digest_frequency="daily", version=version))
    assert response.status_code == 412
    assertContains(response, "Someone else saved a change", status_code=412)
    assert response.context["form"]["version"].value() == version + 1
    world.member.refresh_from_db()
    assert world.member.digest_frequency == "off"


def test_signed_in_users_language_switch_is_saved_and_the_next_page_is_korean(world):
    client = world.client(world.member)
    response = client.post(SET_LANGUAGE, {"language": "ko", "next": "/initiatives/?status=active"})
    assert response.status_code == 302 and response["Location"] == "/initiatives/?status=active"
    world.member.refresh_from_db()
    assert world.member.language == "ko"
    page = client.get("/initiatives/?status=active")
    assert html_lang(page) == "ko"
    assert page["Content-Language"] == "ko"


def test_signed_in_users_saved_language_wins_over_the_browser(world):
    client = world.client(world.member)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="ja")
    assert html_lang(page) == "en" and page["Content-Language"] == "en"


def test_signed_in_users_language_follows_them_to_another_browser(world):
    world.client(world.member).post(SET_LANGUAGE, {"language": "ko"})
    page = world.client(world.member).get("/")
    assert html_lang(page) == "ko"


def test_anonymous_language_switch_is_remembered_in_a_cookie(client):
    response = client.post(SET_LANGUAGE, {"language": "ko", "next": reverse("login")})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ko"
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ja")
    assert html_lang(page) == "ko" and page["Content-Language"] == "ko"


def test_anonymous_user_without_a_preference_gets_the_browsers_language(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ja,en;q=0.5")
    assert html_lang(page) == "ja" and page["Content-Language"] == "ja"


def test_anonymous_user_without_any_language_gets_english(client):
    page = client.get(reverse("login"))
    assert html_lang(page) == "en"


def test_unknown_language_changes_nothing(world):
    client = world.client(world.member)
    response = client.post(SET_LANGUAGE, {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    world.member.refresh_from_db()
    assert world.member.language == "en"


def test_language_switch_never_redirects_to_another_site(client):
    response = client.post(SET_LANGUAGE, {"language": "ja", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_language_switch_needs_a_post(client):
    assert client.get(SET_LANGUAGE, {"language": "ko"}).status_code == 405


def test_footer_offers_every_language(world):
    response = world.client(world.member).get("/")
    for code in ("en", "ko", "ja"):
        assertContains(response, f'name="language" value="{code}"')


# --- password reset ------------------------------------------------------------------------------------------


def test_password_reset_mail_contains_a_reset_link(world, client):
    response = client.post(reverse("password_reset"), {"email": "member.park@example.org"})
    assertRedirects(response, reverse("password_reset_done"))
    [message] = mail.outbox
    assert message.to == ["member.park@example.org"]
    link = re.search(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)", message.body).group(1)
    page = client.get(link, follow=True)
    assert page.status_code == 200 and page.context["validlink"]


def test_password_reset_for_an_unknown_address_sends_nothing(world, client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assertRedirects(response, reverse("password_reset_done"))
    assert mail.outbox == []


def test_password_reset_link_lets_the_user_choose_a_new_password(world, client):
    client.post(reverse("password_reset"), {"email": "member.park@example.org"})
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a much longer passphrase 42", "new_password2": "a much longer passphrase 42"},
    )
    assertRedirects(response, reverse("password_reset_complete"))
    world.member.refresh_from_db()
    assert world.member.check_password("a much longer passphrase 42")


def test_password_change_keeps_the_user_signed_in(world):
    client = world.client(world.member)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "correct horse battery staple",
            "new_password1": "another long passphrase 77",
            "new_password2": "another long passphrase 77",
        },
    )
    assertRedirects(response, reverse("password_change_done"))
    world.member.refresh_from_db()
    assert world.member.check_password("another long passphrase 77")
    assert client.get("/").status_code == 200


def test_signing_out_needs_a_post_and_ends_the_session(world):
    client = world.client(world.member)
    response = client.post(reverse("logout"))
    assertRedirects(response, reverse("login"), fetch_redirect_response=False)
    assert client.get("/").status_code == 302


def test_form_titles_and_buttons_follow_the_users_language(world, submitted_milestone):
    world.coordinator.language = "ko"
    world.coordinator.save()
    client = world.client(world.coordinator)
    with translation.override("ko"):
        title = gettext("Approve “%(title)s”") % {"title": submitted_milestone.title}
        button = gettext("Approve")
        save = gettext("Save")
        approved = gettext("The milestone is approved.")
    page = client.get(reverse("proposals:milestone-transition", args=[submitted_milestone.pk, "approve"]))
    assert f"<h1>{title}</h1>" in page.content.decode()
    assert page.context["submit"] == button
    assert client.get(reverse("proposals:milestone-edit", args=[submitted_milestone.pk])).context["submit"] == save
    response = client.post(
        reverse("proposals:milestone-transition", args=[submitted_milestone.pk, "approve"]), {"version": 1}, follow=True
    )
    assert [str(message) for message in response.context["messages"]] == [approved]
