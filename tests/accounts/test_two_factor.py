"""Two-factor sign-in: set-up, the code step after the password, recovery codes, the policy, the admin,
the API's sessions, turning it off, and wrong codes locking the sign-in out like wrong passwords."""

import datetime
import io
import re
from base64 import b32encode

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import tokens
from accounts.models import Authenticator, Membership, SignInPolicy
from accounts.two_factor import services
from tests import factories

PASSWORD = "correct horse battery staple"
START = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)
STEP = datetime.timedelta(seconds=30)
LOGIN = reverse("login")
CODE = reverse("accounts:two-factor-code")
SET_UP = reverse("accounts:two-factor-set-up")
RECOVERY = reverse("accounts:two-factor-recovery-codes")
TURN_OFF = reverse("accounts:two-factor-turn-off")
SETTINGS = reverse("accounts:settings")
ME = "/api/v1/me/"


@pytest.fixture
def clock():
    """Frozen time: each code belongs to one 30-second step, and a used step cannot be used again."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def member(db):
    return factories.UserFactory(username="member.park")


def code_of(device: TOTPDevice) -> str:
    """The code the user's authenticator app shows now (the device's key, the frozen clock)."""
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(code_of(device)) + 500000) % 1000000:06d}"


def with_authenticator(user, clock) -> list[str]:
    """Set up and confirm an authenticator for ``user`` (as the set-up page does); their recovery codes."""
    device = services.pending_authenticator(user=user)
    codes = services.confirm_authenticator(user=user, code=code_of(device)).recovery_codes
    clock.shift(STEP)  # the set-up code's step is used
    return codes


def authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=True)


def sign_in(client: Client, username: str = "member.park", password: str = PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def enter_code(client: Client, code: str, next: str = ""):
    return client.post(CODE, {"code": code, "next": next})


def field_error(response, field: str = "code") -> str:
    match = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', response.content.decode(), re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)) if match else ""


def fully_signed_in(client: Client) -> bool:
    return client.get(reverse("proposals:dashboard")).status_code == 200


# --- set-up -----------------------------------------------------------------------------------------


def test_set_up_page_shows_the_qr_code_inline_and_the_key_to_type(member, clock):
    client = Client()
    client.force_login(member)

    response = client.get(SET_UP)

    assert response.status_code == 200
    page = response.content.decode()
    device = TOTPDevice.objects.get(user=member)
    assert not device.confirmed
    assert re.search(r'<img class="two-factor-qr" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', page)
    key = b32encode(device.bin_key).decode()
    shown = re.search(r'id="two-factor-key">([A-Z2-7 ]+)<', page).group(1)
    assert shown.replace(" ", "") == key
    assert "no-store" in response["Cache-Control"]
    # The same authenticator until it is confirmed: reloading does not change the key.
    client.get(SET_UP)
    assert TOTPDevice.objects.filter(user=member).count() == 1


def test_confirming_with_a_code_from_the_app_turns_it_on_and_shows_ten_recovery_codes_once(member, clock):
    client = Client()
    client.force_login(member)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=member)

    response = client.post(SET_UP, {"code": code_of(device)})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    shown = re.findall(r'<li><code class="token-key">([a-z2-7]+)</code></li>', response.content.decode())
    assert len(shown) == 10
    assert sorted(shown) == sorted(StaticToken.objects.filter(device__user=member).values_list("token", flat=True))
    device.refresh_from_db()
    assert device.confirmed
    # This session gave the code: it goes on, fully signed in; the settings page says so without the codes.
    settings_page = client.get(SETTINGS).content.decode()
    assert gettext("Make new recovery codes") in settings_page
    assert not any(code in settings_page for code in shown)


def test_a_wrong_code_at_set_up_redisplays_the_form_with_a_field_error_and_confirms_nothing(member, clock):
    client = Client()
    client.force_login(member)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=member)

    response = client.post(SET_UP, {"code": wrong_code(device)})

    assert response.status_code == 400
    assert field_error(response) == gettext(
        "That code is not correct. Check the code your app shows now, or use a recovery code."
    )
    assert 'src="data:image/svg+xml;base64,' in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.filter(user=member).exists()
    client.logout()
    assert sign_in(Client()).url == "/"  # the password alone still signs in


# --- the code step ----------------------------------------------------------------------------------


def test_after_the_password_a_user_with_an_authenticator_reaches_only_the_code_step(member, clock):
    with_authenticator(member, clock)
    client = Client()

    response = sign_in(client)

    assert response.status_code == 302
    follow = client.get(response.url)
    assert follow.status_code == 302 and follow.url == f"{CODE}?next=%2F"
    for page in (reverse("proposals:initiative-list"), SETTINGS, SET_UP, reverse("admin:index")):
        assert client.get(page).url.startswith(CODE), page
    code_page = client.get(follow.url)
    assert code_page.status_code == 200
    assert 'class="main-nav"' not in code_page.content.decode()

    done = enter_code(client, code_of(authenticator(member)), next="/initiatives/")

    assert done.status_code == 302 and done.url == "/initiatives/"
    assert fully_signed_in(client)


def test_a_wrong_code_is_refused_with_a_field_error(member, clock):
    with_authenticator(member, clock)
    client = Client()
    sign_in(client)

    response = enter_code(client, wrong_code(authenticator(member)))

    assert response.status_code == 400
    assert field_error(response) == gettext(
        "That code is not correct. Check the code your app shows now, or use a recovery code."
    )
    assert not fully_signed_in(client)


def test_a_code_cannot_be_used_twice(member, clock):
    with_authenticator(member, clock)
    code = code_of(authenticator(member))
    first = Client()
    sign_in(first)
    assert enter_code(first, code).status_code == 302

    second = Client()
    sign_in(second)
    clock.shift(datetime.timedelta(seconds=5))  # past the throttle, still within the same step
    assert enter_code(second, code).status_code == 400
    assert not fully_signed_in(second)


def test_wrong_codes_make_the_next_try_wait(member, clock):
    with_authenticator(member, clock)
    client = Client()
    sign_in(client)
    enter_code(client, wrong_code(authenticator(member)))
    clock.shift(datetime.timedelta(seconds=1))
    enter_code(client, wrong_code(authenticator(member)))  # the second in a row: the next waits 2 seconds

    response = enter_code(client, code_of(authenticator(member)))  # right, but too soon

    assert response.status_code == 400
    assert field_error(response) == ngettext(
        "Too many wrong codes in a row. Wait %(seconds)s second, then try again.",
        "Too many wrong codes in a row. Wait %(seconds)s seconds, then try again.",
        2,
    ) % {"seconds": 2}
    clock.shift(datetime.timedelta(seconds=2))
    assert enter_code(client, code_of(authenticator(member))).status_code == 302


def test_a_recovery_code_signs_in_once(member, clock):
    codes = with_authenticator(member, clock)
    first = Client()
    sign_in(first)

    assert enter_code(first, codes[0].upper()).status_code == 302  # as typed, in capitals
    assert fully_signed_in(first)
    assert StaticToken.objects.filter(device__user=member).count() == 9

    second = Client()
    sign_in(second)
    clock.shift(datetime.timedelta(seconds=5))
    assert enter_code(second, codes[0]).status_code == 400
    assert not fully_signed_in(second)


def test_the_last_recovery_codes_are_pointed_out(member, clock):
    codes = with_authenticator(member, clock)
    StaticToken.objects.filter(device__user=member).exclude(token__in=codes[:3]).delete()
    client = Client()
    sign_in(client)

    response = client.post(CODE, {"code": codes[0]}, follow=True)

    expected = ngettext(
        "You have %(count)s recovery code left. Make new ones in Settings.",
        "You have %(count)s recovery codes left. Make new ones in Settings.",
        2,
    ) % {"count": 2}
    assert expected in [str(message) for message in response.context["messages"]]


def test_new_recovery_codes_retire_the_old_ones(member, clock):
    old = with_authenticator(member, clock)
    client = Client()
    sign_in(client)
    enter_code(client, code_of(authenticator(member)))

    response = client.post(RECOVERY)

    assert response.status_code == 200
    new = re.findall(r'<li><code class="token-key">([a-z2-7]+)</code></li>', response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    other = Client()
    sign_in(other)
    clock.shift(datetime.timedelta(seconds=5))
    assert enter_code(other, old[1]).status_code == 400
    clock.shift(datetime.timedelta(seconds=5))
    assert enter_code(other, new[1]).status_code == 302


def test_signing_out_from_the_code_step_ends_the_half_finished_sign_in(member, clock):
    with_authenticator(member, clock)
    client = Client()
    sign_in(client)

    assert client.post(reverse("logout")).status_code == 302
    assert client.get(CODE).url == reverse("login")


# --- the policy -------------------------------------------------------------------------------------


@pytest.fixture
def coordinator(db):
    user = factories.UserFactory(username="coord.kim")
    factories.MembershipFactory(user=user, role=Membership.Role.COORDINATOR)
    return user


def require(**roles: bool) -> None:
    policy = SignInPolicy.current()
    for field, value in roles.items():
        setattr(policy, field, value)
    policy.save()


def test_the_policy_sends_a_coordinator_without_an_authenticator_to_set_up_and_nowhere_else(coordinator, member, clock):
    require(require_for_coordinators=True)
    client = Client()

    response = sign_in(client, "coord.kim")

    assert client.get(response.url).url == f"{SET_UP}?next=%2F"
    for page in ("/", reverse("proposals:initiative-list"), SETTINGS, CODE, ME):
        assert client.get(page).status_code in (302, 401), page
    assert client.get(SET_UP).status_code == 200
    device = TOTPDevice.objects.get(user=coordinator)
    assert client.post(SET_UP, {"code": code_of(device), "next": "/"}).status_code == 200  # the recovery codes
    assert fully_signed_in(client)
    # A member is not covered by a policy for coordinators.
    assert fully_signed_in(sign_in_client("member.park"))


def sign_in_client(username: str) -> Client:
    client = Client()
    sign_in(client, username)
    return client


def test_the_environment_can_require_it_of_administrators(member, settings, clock):
    settings.TWO_FACTOR_REQUIRED_FOR = ["admins"]
    staff = factories.UserFactory(username="staff.lee", is_staff=True)

    client = sign_in_client(staff.username)

    assert client.get(reverse("admin:index")).url == f"{SET_UP}?next=%2Fadmin%2F"
    assert fully_signed_in(sign_in_client("member.park"))


def test_turning_it_off_is_refused_where_the_policy_requires_it(coordinator, clock):
    with_authenticator(coordinator, clock)
    require(require_for_coordinators=True)
    client = sign_in_client("coord.kim")
    enter_code(client, code_of(authenticator(coordinator)))

    page = client.get(TURN_OFF)
    response = client.post(TURN_OFF, {"proof": PASSWORD})

    assert page.status_code == 200
    assert 'type="submit" class="button"' not in page.content.decode()
    assert response.status_code == 403
    message = gettext(
        "Two-factor sign-in is required for your role, so it cannot be turned off. You can set up a new app."
    )
    assert message in response.content.decode()
    assert TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()


def test_turning_it_off_takes_the_password_or_a_current_code(member, clock):
    with_authenticator(member, clock)
    client = sign_in_client("member.park")
    enter_code(client, code_of(authenticator(member)))

    refused = client.post(TURN_OFF, {"proof": "not my password"})
    clock.shift(datetime.timedelta(minutes=1))
    done = client.post(TURN_OFF, {"proof": code_of(authenticator(member))})

    assert refused.status_code == 400
    assert field_error(refused, "proof") == gettext("That is neither your password nor a current code.")
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticDevice.objects.filter(user=member).exists()
    assert fully_signed_in(sign_in_client("member.park"))  # the password alone again


# --- the admin and the API --------------------------------------------------------------------------


def test_the_admin_asks_for_the_code_of_a_staff_user_with_an_authenticator(db, clock):
    staff = factories.UserFactory(username="admin.yoon", is_staff=True, is_superuser=True)
    with_authenticator(staff, clock)
    client = Client()

    response = client.post(reverse("admin:login"), {"username": "admin.yoon", "password": PASSWORD, "next": "/admin/"})

    assert response.url == "/admin/"
    assert client.get("/admin/").url == f"{CODE}?next=%2Fadmin%2F"
    request = client.get(CODE).wsgi_request
    assert admin.site.has_permission(request) is False
    assert enter_code(client, code_of(authenticator(staff)), next="/admin/").url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_shows_authenticators_without_their_keys_and_deleting_one_removes_the_recovery_codes(
    member, admin_client, clock
):
    with_authenticator(member, clock)
    device = authenticator(member)
    assert not admin.site.is_registered(TOTPDevice) and not admin.site.is_registered(StaticDevice)

    listing = admin_client.get(reverse("admin:accounts_authenticator_changelist"))
    change = admin_client.get(reverse("admin:accounts_authenticator_change", args=[device.pk]))
    deleted = admin_client.post(reverse("admin:accounts_authenticator_delete", args=[device.pk]), {"post": "yes"})

    assert listing.status_code == 200 and str(member) in listing.content.decode()
    assert device.key not in listing.content.decode() and device.key not in change.content.decode()
    assert deleted.status_code == 302
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticDevice.objects.filter(user=member).exists()


def test_only_a_superuser_changes_the_sign_in_policy(admin_client, clock):
    staff = factories.UserFactory(username="staff.lee", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_signinpolicy", "change_signinpolicy"]))
    policy = SignInPolicy.current()
    url = reverse("admin:accounts_signinpolicy_change", args=[policy.pk])
    form = {"require_for_coordinators": "on"}

    staff_client = Client()
    staff_client.force_login(staff)
    assert staff_client.post(url, form).status_code == 403
    assert admin_client.post(url, form).status_code == 302
    assert SignInPolicy.current().require_for_coordinators


def test_the_api_refuses_a_session_until_its_code_is_given(member, clock):
    with_authenticator(member, clock)
    client = sign_in_client("member.park")

    refused = client.get(ME)
    basic = client.get(ME, HTTP_AUTHORIZATION="Basic bWVtYmVyLnBhcms6eA==")

    assert refused.status_code == 401
    assert refused.json()["code"] == "two_factor_required"
    assert basic.status_code == 401
    enter_code(client, code_of(authenticator(member)))
    assert client.get(ME).json()["username"] == "member.park"


def test_api_tokens_act_without_a_second_step(member, clock):
    with_authenticator(member, clock)
    _token, key = tokens.issue(member, name="script")

    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get(ME).status_code == 200
    # Even beside a half-finished sign-in: the token is what the API authenticates.
    client = sign_in_client("member.park")
    assert client.get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    assert client.get(ME, HTTP_AUTHORIZATION="Token not-a-key").status_code == 401


def test_a_password_alone_gets_no_api_token_for_a_user_with_two_factor_sign_in(member, coordinator, clock):
    with_authenticator(member, clock)
    require(require_for_coordinators=True)
    body = {"username": "member.park", "password": PASSWORD, "name": "script"}

    refused = Client().post("/api/v1/auth/token/", body, content_type="application/json")
    required = Client().post(
        "/api/v1/auth/token/", {**body, "username": coordinator.username}, content_type="application/json"
    )

    assert refused.status_code == 403 and refused.json()["code"] == "two_factor_required"
    assert required.status_code == 403 and required.json()["code"] == "two_factor_required"
    assert not member.api_tokens.exists() and not coordinator.api_tokens.exists()


# --- lockout ----------------------------------------------------------------------------------------


def test_repeated_wrong_codes_lock_the_sign_in_out_like_wrong_passwords(member, clock):
    with_authenticator(member, clock)
    client = sign_in_client("member.park")
    answers = []
    for _ in range(settings.AXES_FAILURE_LIMIT):
        answers.append(enter_code(client, wrong_code(authenticator(member))).status_code)
        clock.shift(datetime.timedelta(seconds=20))  # past django-otp's wait, so each code is checked

    assert answers == [400] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert client.get(CODE).url == reverse("login")  # the half-finished sign-in is over
    assert sign_in(Client()).status_code == 429  # and the right password is refused for the cool-off
    clock.shift(settings.AXES_COOLOFF_TIME)
    assert sign_in(Client()).status_code == 302


def test_the_lockout_page_is_the_sign_in_page_in_the_users_language(member, clock):
    member.language = "ja"
    member.save()
    with_authenticator(member, clock)
    client = sign_in_client("member.park")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        enter_code(client, wrong_code(authenticator(member)))
        clock.shift(datetime.timedelta(seconds=20))

    response = enter_code(client, wrong_code(authenticator(member)))

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert 'value="member.park"' in response.content.decode()


def test_typing_the_password_again_does_not_clear_the_count_of_wrong_codes(member, clock):
    with_authenticator(member, clock)
    client = sign_in_client("member.park")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        enter_code(client, wrong_code(authenticator(member)))
        clock.shift(datetime.timedelta(seconds=20))
    client.post(reverse("logout"))

    again = sign_in_client("member.park")
    clock.shift(datetime.timedelta(minutes=5))

    assert enter_code(again, wrong_code(authenticator(member))).status_code == 429


def test_a_complete_sign_in_clears_the_count(member, clock):
    with_authenticator(member, clock)
    client = sign_in_client("member.park")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        enter_code(client, wrong_code(authenticator(member)))
        clock.shift(datetime.timedelta(seconds=20))
    assert enter_code(client, code_of(authenticator(member))).status_code == 302
    client.post(reverse("logout"))

    again = sign_in_client("member.park")
    clock.shift(STEP)
    answers = [enter_code(again, wrong_code(authenticator(member))).status_code]

    assert answers == [400]


# --- recovering a user who lost their phone ---------------------------------------------------------


def test_two_factor_reset_command_lets_the_password_alone_sign_in_again(member, clock):
    with_authenticator(member, clock)
    out = io.StringIO()

    call_command("two_factor_reset", "member.park", stdout=out)

    assert "Removed" in out.getvalue()
    assert not Authenticator.objects.filter(user=member).exists()
    assert fully_signed_in(sign_in_client("member.park"))


# --- translations -----------------------------------------------------------------------------------


def test_the_code_step_speaks_the_users_language(member, clock, catalogues):
    member.language = "ko"
    member.save()
    with_authenticator(member, clock)
    client = sign_in_client("member.park")

    response = enter_code(client, wrong_code(authenticator(member)))

    page = response.content.decode()
    assert '<html lang="ko">' in page
    with translation.override("ko"):
        assert gettext("Two-factor sign-in") in page
        assert field_error(response) == gettext(
            "That code is not correct. Check the code your app shows now, or use a recovery code."
        )


def test_the_lockouts_record_of_a_wrong_code_does_not_keep_the_code(member, clock):
    codes = with_authenticator(member, clock)
    client = sign_in_client("member.park")
    enter_code(client, "not-a-code")  # a wrong recovery code: the next one is checked after a second
    enter_code(client, codes[0])  # a real one, refused while the user waits

    [attempt] = AccessAttempt.objects.filter(username="member.park")
    assert codes[0] not in attempt.post_data and "not-a-code" not in attempt.post_data
    assert StaticToken.objects.filter(token=codes[0]).exists()
