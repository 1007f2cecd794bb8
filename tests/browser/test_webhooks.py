"""A coordinator connects their ministry's system: registers a webhook, sends a test event, reads the log."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from proposals.models import Webhook
from proposals.webhooks import signing
from tests.celery.conftest import wait_for
from tests.receiver import receiving

from .conftest import login

pytestmark = [pytest.mark.celery_delivery]


def test_coordinator_registers_a_webhook_and_the_test_event_arrives_signed(page: Page, world, tracker_worker):
    with receiving() as receiver:
        login(page, "coord.kim")
        page.goto(f"/groups/{world.group.slug}/")
        page.get_by_role("link", name="Webhooks").click()
        page.get_by_role("link", name="New webhook").click()

        page.get_by_label("Address (URL)").fill("ftp://ministry.example/hooks")
        page.get_by_label("Milestone approved").check()
        page.get_by_role("button", name="Add webhook").click()
        expect(page.locator(".errorlist")).to_contain_text("Only http and https")
        assert not Webhook.objects.exists()

        page.get_by_label("Address (URL)").fill(receiver.url)
        page.get_by_label("Comment added").check()
        page.get_by_role("button", name="Add webhook").click()
        expect(page.locator("h1")).to_have_text(receiver.url)
        page.get_by_text("Show signing secret").click()
        secret = page.locator("#secret").inner_text().strip()
        assert secret == Webhook.objects.get().secret

        page.get_by_role("button", name="Send test event").click()
        wait_for(lambda: len(receiver.received) == 1, "the test event to arrive")
        [ping] = receiver.received
        assert ping.json["event"] == "ping"
        assert signing.verify(secret, ping.headers["X-Tracker-Signature"], ping.body, now=int(time.time()))

        def logged() -> bool:
            page.reload()
            return page.locator("#log-h ~ table .badge.delivered").count() == 1

        wait_for(logged, "the delivery log to show the delivery")
        row = page.locator("#log-h ~ table tbody tr").first
        expect(row).to_contain_text("Test event")
        expect(row).to_contain_text(re.compile(r"HTTP 200 · \d+ ms"))
