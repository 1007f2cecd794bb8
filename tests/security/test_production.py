"""The site as production runs it: collectstatic, then gunicorn (gunicorn.conf.py) under tracker.settings_production.

The server is a real gunicorn process on the test database, reached over plain HTTP as the
TLS-terminating proxy reaches it (X-Forwarded-Proto: https; SECURE_SSL_REDIRECT is off because no proxy
is in front). It listens on a socket this process binds to a free port and hands over, so a request
simply waits in the socket's queue until gunicorn is ready: nothing polls or sleeps.
"""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection

from tests import factories

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "production-test-secret-not-used-anywhere-else-0123456789abcdefghij"
PASSWORD = "correct horse battery staple"
# What the test process's own environment must not leak into the production processes.
SUITE_ONLY = {
    "SECRET_KEY",
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "CELERY_BROKER_URL",
    "REDIS_URL",
    "STATIC_ROOT",
}


def suite_database_url() -> str:
    """The suite's test database, as a DATABASE_URL for another process."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "postgres") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def production_env(static_root: Path) -> dict[str, str]:
    clean = {key: value for key, value in os.environ.items() if key not in SUITE_ONLY}
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "tracker.settings_production",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": suite_database_url(),
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(static_root),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Nothing here should publish a task; if something does, it fails fast and is logged, never queued
        # where a real worker would take it.
        "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
        "WEB_CONCURRENCY": "1",
    }


@pytest.fixture(scope="module")
def static_root(tmp_path_factory, django_db_setup) -> Path:
    """collectstatic under production settings into a fresh STATIC_ROOT; it must succeed."""
    root = tmp_path_factory.mktemp("static")
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=production_env(root),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return root


@dataclass
class Server:
    port: int
    log: Path

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@pytest.fixture(scope="module")
def server(static_root, tmp_path_factory) -> Iterator[Server]:
    """gunicorn with the repository's gunicorn.conf.py, on a socket bound here to a free port."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "tracker.wsgi:application",
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"fd://{listener.fileno()}",
            ],
            cwd=ROOT,
            env=production_env(static_root),
            stdout=output,
            stderr=subprocess.STDOUT,
            pass_fds=(listener.fileno(),),
        )
    try:
        yield Server(port=listener.getsockname()[1], log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
        listener.close()


@dataclass
class Visitor:
    """A browser's part over HTTP/1.1: keeps cookies and records every Set-Cookie header it receives.

    Cookies are kept by hand because a cookie jar rightly withholds Secure cookies from a plain-HTTP
    address, and the test speaks plain HTTP to gunicorn as the proxy does.
    """

    server: Server
    cookies: dict[str, str] = field(default_factory=dict)
    set_cookie_headers: list[str] = field(default_factory=list)

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[http.client.HTTPResponse, str]:
        origin = f"127.0.0.1:{self.server.port}"
        headers = {"Host": origin, "X-Forwarded-Proto": "https", "Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{origin}"
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        finally:
            conn.close()
        assert response.status < 500, f"{method} {path}: {response.status}\n{self.server.log_tail()}"
        for header in response.headers.get_all("Set-Cookie") or []:
            self.set_cookie_headers.append(header)
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response, text

    def csrf_token(self, html: str) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert match, "no CSRF token in the page"
        return match[1]


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
