"""Two-factor sign-in in Chromium: a Japanese coordinator sets it up on the settings page, signs out, and
signs in again with the password and a code from the app."""

import re
from base64 import b32decode

import pytest
from django.utils import translation
from django.utils.translation import gettext
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from accounts.models import User
from accounts.two_factor.services import authenticator_of

from .conftest import login
from .test_accessibility import violations as accessibility_violations
from .test_content_security_policy import violations, watch_for_violations

pytestmark = pytest.mark.browser


def app_code(key: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app holding ``key`` shows now (or ``steps_ahead`` 30-second steps later)."""
    return f"{TOTP(b32decode(key), drift=steps_ahead).token():06d}"


def test_setting_up_two_factor_sign_in_and_signing_in_with_a_code(page: Page, world, catalogues):
    User.objects.filter(pk=world.other_coordinator.pk).update(language="ja")
    console = watch_for_violations(page)
    login(page, "coord.sato")

    page.goto("/me/settings/")
    page.locator('#two-factor a[href="/me/two-factor/set-up/"]').click()
    qr = page.locator("img.two-factor-qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.naturalWidth") > 0  # drawn from its data: URI, under the CSP
    key = page.locator("#two-factor-key").inner_text().replace(" ", "")
    page.locator("#id_code").fill(app_code(key))
    page.locator("form.card button[type=submit]").click()

    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert authenticator_of(world.other_coordinator) is not None
    page.locator("main .actions a.button").click()
    expect(page.locator("nav.main-nav")).to_be_visible()
    page.locator(".user-menu button[type=submit]").click()

    page.goto("/accounts/login/")
    page.locator("#id_username").fill("coord.sato")
    page.locator("#id_password").fill("correct horse battery staple")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/me/two-factor/code/"))
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    with translation.override("ja"):
        expect(page.locator("h1")).to_have_text(gettext("Two-factor sign-in"))
    expect(page.locator("nav.main-nav")).to_have_count(0)

    # The set-up used this 30-second step's code; the app's next one is also accepted, once.
    page.locator("#id_code").fill(app_code(key, steps_ahead=1))
    page.locator("main form.card button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/me/two-factor/"))
    expect(page.locator("nav.main-nav")).to_be_visible()
    assert violations(page, console) == []


def test_the_two_factor_pages_have_no_accessibility_violations(new_context, world):
    page = new_context(bypass_csp=True).new_page()  # axe is injected (tests/browser/test_accessibility.py)
    login(page, "member.park")
    found = {}

    page.goto("/me/two-factor/set-up/")
    page.locator("form.card button[type=submit]").click()  # no code: the form again, with its error
    expect(page.locator(".errorlist").first).to_be_visible()
    found["set-up"] = accessibility_violations(page)
    key = page.locator("#two-factor-key").inner_text().replace(" ", "")
    page.locator("#id_code").fill(app_code(key))
    page.locator("form.card button[type=submit]").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    found["recovery codes"] = accessibility_violations(page)
    page.goto("/me/settings/")
    found["settings"] = accessibility_violations(page)
    page.goto("/me/two-factor/turn-off/")
    found["turn off"] = accessibility_violations(page)
    page.locator(".user-menu button[type=submit]").click()

    page.goto("/accounts/login/")
    page.locator("#id_username").fill("member.park")
    page.locator("#id_password").fill("correct horse battery staple")
    page.locator("main form button[type=submit]").click()
    page.locator("#id_code").fill("not-a-code")  # no recovery code looks like this
    page.locator("main form.card button[type=submit]").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    found["code"] = accessibility_violations(page)

    assert {name: problems for name, problems in found.items() if problems} == {}
