"""Where a webhook may point: refused at registration and again, by resolving the name, before each attempt."""

from __future__ import annotations

import http.server
import ssl
import subprocess
import threading

import pytest
from django.core.exceptions import ValidationError

from proposals import models as m
from proposals.webhooks import addresses, delivery
from tests.conftest import World

from .conftest import Receiver, register

REFUSED = [
    "http://127.0.0.1/hook",
    "http://127.8.9.10:8080/hook",
    "http://10.1.2.3/hook",
    "http://172.16.0.5/hook",
    "http://192.168.1.20/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/hook",
    "http://0.0.0.0/hook",
    "http://[::1]/hook",
    "http://[fe80::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://localhost/hook",  # a name that resolves to loopback
]


@pytest.fixture
def strict(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False


@pytest.mark.parametrize("url", REFUSED)
def test_private_loopback_and_link_local_addresses_are_refused_at_registration(world: World, strict, url):
    with pytest.raises(ValidationError) as refused:
        register(world, url)

    assert "url" in refused.value.error_dict
    assert "public addresses" in refused.value.error_dict["url"][0].messages[0]
    assert not m.Webhook.objects.exists()


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/hook", "javascript:alert(1)", "https://user:pw@example.org/hook", "https:///hook", ""],
)
def test_only_http_and_https_urls_without_credentials_are_taken(world: World, url):
    with pytest.raises(ValidationError) as refused:
        register(world, url)

    assert list(refused.value.error_dict) == ["url"]
    assert not m.Webhook.objects.exists()


def test_a_public_address_is_taken(world: World, strict):
    hook = register(world, "https://8.8.8.8/hooks")

    assert m.Webhook.objects.get().url == hook.url == "https://8.8.8.8/hooks"


def test_a_name_that_does_not_resolve_yet_is_taken_and_refused_when_delivering(world, strict):
    hook = register(world, "https://hooks.receiver.invalid/tracker")
    row = m.WebhookDelivery.objects.create(webhook=hook, event="ping", body="{}", next_attempt_at=hook.created_at)

    done = delivery.attempt(row.pk)

    assert done.status == m.WebhookDelivery.Status.FAILED and done.response_status is None
    assert "could not be resolved" in done.error


def test_a_name_that_turns_to_loopback_after_registration_is_refused_at_delivery(world, receiver: Receiver, settings):
    hook = register(world, receiver.url.replace("127.0.0.1", "localhost"))  # registered while allowed
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    row = m.WebhookDelivery.objects.create(webhook=hook, event="ping", body="{}", next_attempt_at=hook.created_at)

    done = delivery.attempt(row.pk)

    assert done.status == m.WebhookDelivery.Status.FAILED and "public addresses" in done.error
    assert receiver.received == [], "nothing reached the loopback receiver"


@pytest.mark.parametrize("target", ["127.0.0.1", "10.0.0.8", "169.254.169.254"])
def test_a_stored_private_address_is_never_contacted(world, settings, target):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    hook = m.Webhook.objects.create(
        working_group=world.group,
        url=f"http://{target}:9/",
        secret="x" * 20,
        events=["comment.added"],
        created_by=world.coordinator,
    )
    row = m.WebhookDelivery.objects.create(webhook=hook, event="ping", body="{}", next_attempt_at=hook.created_at)

    done = delivery.attempt(row.pk)

    assert done.response_ms is None and "public addresses" in done.error


def test_every_address_of_a_name_must_be_public(monkeypatch, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    # A name with one public and one private address (the resolver's answer, as DNS would give it).
    monkeypatch.setattr(addresses, "resolve", lambda host, port: ["93.184.215.14", "10.0.0.1"])

    with pytest.raises(addresses.RefusedAddress):
        addresses.address_for_delivery("https://mixed.example/hook")


def test_an_https_receiver_whose_certificate_cannot_be_verified_gets_nothing(world: World, tmp_path):
    """TLS is checked against the URL's host name even though the connection goes to the checked address."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        hook = register(world, f"https://localhost:{server.server_address[1]}/hook")
        row = m.WebhookDelivery.objects.create(webhook=hook, event="ping", body="{}", next_attempt_at=hook.created_at)

        done = delivery.attempt(row.pk)
    finally:
        server.shutdown()
        server.server_close()

    assert done.status == m.WebhookDelivery.Status.FAILED and done.response_status is None
    assert "CERTIFICATE_VERIFY_FAILED" in done.error
