"""The API reference (ReDoc) at /api/docs/redoc/: signed-in users only, same-origin assets, and it renders
under the site's Content-Security-Policy in Chromium without a violation or a console error.

The browser test uses the browser suite's Chromium and live server (tests/browser/conftest.py); its
fixtures are taken over here by name, for this module only.
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser import conftest as browser_suite
from tests.security.inline_code import inline_code
from tracker.api_docs import EMPTY_STYLE, PERFECT_SCROLLBAR_STYLE

browser_type_launch_args = browser_suite.browser_type_launch_args
browser_context_args = browser_suite.browser_context_args
base_url = browser_suite.base_url

SIDECAR_REDOC = "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"


@pytest.fixture
def signed_in(db) -> Client:
    client = Client()
    client.force_login(factories.UserFactory(username="reader.lee"))
    return client


class _Addresses(HTMLParser):
    """Every address a page's markup asks the browser for or links to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value or "" for name, value in attrs if name in {"src", "href", "data-spec-url", "action"}]


def addresses(html: str) -> list[str]:
    parser = _Addresses()
    parser.feed(html)
    parser.close()
    return parser.found


def policy(response) -> dict[str, list[str]]:
    directives = (part.split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def test_signed_in_user_gets_the_reference(signed_in):
    response = signed_in.get(reverse("api-redoc"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-spec-url="{reverse("api-schema")}"' in html
    assert f'src="{SIDECAR_REDOC}"' in html
    assert 'src="/static/js/redoc.js"' in html


def test_signed_out_visitor_is_sent_to_sign_in(db):
    response = Client().get(reverse("api-redoc"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('api-redoc')}"


def test_page_asks_only_its_own_site_and_runs_no_inline_code(signed_in):
    html = signed_in.get(reverse("api-redoc")).content.decode()
    assert re.findall(r"https?://", html) == []
    found = addresses(html)
    assert found, "the page loads its bundle, its script and its stylesheet"
    assert [address for address in found if not address.startswith("/") or address.startswith("//")] == []
    assert "fonts.googleapis.com" not in html
    assert inline_code(html) == []


def test_only_this_page_allows_what_redoc_writes_from_script(signed_in):
    redoc = policy(signed_in.get(reverse("api-redoc")))
    assert redoc["script-src"] == ["'self'"]
    assert sorted(redoc["style-src"]) == sorted(["'self'", EMPTY_STYLE, PERFECT_SCROLLBAR_STYLE])
    assert redoc["worker-src"] == ["blob:"]
    assert redoc["img-src"] == ["'self'", "data:"]
    swagger = policy(signed_in.get(reverse("api-docs")))
    assert swagger["style-src"] == ["'self'"]
    assert "worker-src" not in swagger


def test_swagger_ui_and_redoc_link_to_each_other(signed_in):
    assert f'href="{reverse("api-docs")}"' in signed_in.get(reverse("api-redoc")).content.decode()
    assert f'href="{reverse("api-redoc")}"' in signed_in.get(reverse("api-docs")).content.decode()


RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sourceFile);
});
"""


@pytest.mark.browser
def test_reference_renders_in_chromium_without_a_violation(page: Page, live_server, transactional_db):
    factories.UserFactory(username="coord.kim")
    problems: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.on(
        "request",
        lambda request: (
            problems.append(f"outside request: {request.url}")
            if not request.url.startswith((live_server.url, "blob:", "data:"))
            else None
        ),
    )
    browser_suite.login(page, "coord.kim")

    page.goto(reverse("api-redoc"))
    # ReDoc fetched the schema and rendered the initiatives list: its heading, description and address.
    operation = page.locator("[data-section-id='tag/v1/operation/v1_initiatives_list']")
    # ReDoc lays out the whole schema before it shows anything: a loaded machine takes a while.
    expect(operation.locator("h2")).to_have_text("v1_initiatives_list", timeout=30_000)
    expect(operation).to_contain_text("Initiatives the caller may read")
    expect(operation).to_contain_text("/api/v1/initiatives/")
    # The side menu's search runs in ReDoc's worker (the page's worker-src blob:).
    page.get_by_placeholder("Search...").fill("initiatives_list")
    results = page.locator("[data-role='search:results'] [role=menuitem]")
    expect(results.filter(has_text="v1_initiatives_list")).to_be_visible()
    assert page.evaluate("() => window.cspViolations") == []

    # Swagger UI and back.
    page.locator(f".api-docs-switch a[href='{reverse('api-docs')}']").click()
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=30_000)
    page.locator(f".api-docs-switch a[href='{reverse('api-redoc')}']").click()
    expect(page.locator("[data-section-id='tag/v1/operation/v1_initiatives_list'] h2")).to_be_visible(timeout=30_000)

    assert page.evaluate("() => window.cspViolations") == []
    assert problems == []
