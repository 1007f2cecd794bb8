"""The site as production runs it: collectstatic, then gunicorn (gunicorn.conf.py) under tracker.settings_production.

The server is a real gunicorn process on the test database, reached over plain HTTP as the
TLS-terminating proxy reaches it (X-Forwarded-Proto: https; SECURE_SSL_REDIRECT is off because no proxy
is in front). It listens on a socket this process binds to a free port and hands over, so a request
simply waits in the socket's queue until gunicorn is ready: nothing polls or sleeps.
"""

import json
import re
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher

from tests import factories
from tests.ops.processes import Server, Visitor, collected_static, gunicorn, production_env

pytestmark = pytest.mark.slow

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def static_root(tmp_path_factory, django_db_setup) -> Path:
    """collectstatic under production settings into a fresh STATIC_ROOT; it must succeed."""
    return collected_static(tmp_path_factory)


@pytest.fixture(scope="module")
def server(static_root, tmp_path_factory) -> Iterator[Server]:
    """gunicorn with the repository's gunicorn.conf.py, on a socket bound here to a free port."""
    with gunicorn(production_env(static_root), tmp_path_factory.mktemp("gunicorn") / "gunicorn.log") as running:
        yield running


def test_sign_in_page_and_a_static_asset_answer_200_under_production_settings(server, static_root):
    visitor = Visitor(server)
    response, html = visitor.request("GET", "/accounts/login/")
    assert response.status == 200
    stylesheet = re.search(r'<link rel="stylesheet" href="(/static/css/site\.[0-9a-f]{12}\.css)">', html)
    assert stylesheet, "the page does not name the hashed stylesheet"
    asset, css = visitor.request("GET", stylesheet[1])
    assert asset.status == 200
    assert asset.getheader("Content-Type").startswith("text/css")
    assert ".progress-bar" in css


def test_collectstatic_gathers_the_chart_library_and_its_source_map(static_root):
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    chart = manifest["vendor/chartjs/chart.umd.min.js"]
    source_map = manifest["vendor/chartjs/chart.umd.min.js.map"]
    assert f"sourceMappingURL={Path(source_map).name}" in (static_root / chart).read_text()


def test_pages_answer_with_the_security_headers_under_production_settings(server):
    response, _ = Visitor(server).request("GET", "/accounts/login/")
    assert "script-src 'self'" in response.getheader("Content-Security-Policy")
    assert "camera=()" in response.getheader("Permissions-Policy")
    assert response.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains; preload"
    assert response.getheader("X-Frame-Options") == "DENY"


def test_app_server_does_not_announce_its_version(server):
    response, _ = Visitor(server).request("GET", "/accounts/login/")
    banner = response.getheader("Server") or ""
    # gunicorn 27 always sends "Server: gunicorn"; no setting removes it, but no version goes with it.
    assert not re.search(r"\d", banner), banner
    assert "/" not in banner


@pytest.fixture
def reader(transactional_db):
    """A committed user the server can sign in, with a password hashed as production hashes it."""
    user = factories.UserFactory(username="reader.lee", language="en")
    hasher = Argon2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    return user, factories.WorkingGroupFactory(name="Economic Security", slug="economic-security")


def test_every_cookie_is_secure_and_http_only_under_production_settings(server, reader):
    """Sign in, follow a group (a message), read it, switch language, sign out: every cookie set or deleted."""
    user, group = reader
    visitor = Visitor(server)
    _, page = visitor.request("GET", "/accounts/login/")
    signed_in, _ = visitor.request(
        "POST",
        "/accounts/login/",
        {
            "csrfmiddlewaretoken": visitor.csrf_token(page),
            "username": user.username,
            "password": PASSWORD,
        },
    )
    assert signed_in.status == 302, visitor.server.log_tail()
    _, page = visitor.request("GET", "/")
    followed, _ = visitor.request(
        "POST", f"/groups/{group.slug}/follow/", {"csrfmiddlewaretoken": visitor.csrf_token(page), "follow": "1"}
    )
    assert followed.status == 302
    _, page = visitor.request("GET", followed.getheader("Location"))
    switched, _ = visitor.request(
        "POST",
        "/me/language/",
        {
            "csrfmiddlewaretoken": visitor.csrf_token(page),
            "language": "ja",
            "next": "/",
        },
    )
    assert switched.status == 302
    _, page = visitor.request("GET", "/")
    signed_out, _ = visitor.request("POST", "/accounts/logout/", {"csrfmiddlewaretoken": visitor.csrf_token(page)})
    assert signed_out.status == 302

    names = {SimpleCookie(header).popitem()[0] for header in visitor.set_cookie_headers}
    assert {"csrftoken", "sessionid", "messages", "django_language"} <= names
    for header in visitor.set_cookie_headers:
        flags = {part.strip().lower() for part in header.split(";")[1:]}
        assert "secure" in flags, header
        assert "httponly" in flags, header
