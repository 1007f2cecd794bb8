"""The API schema and its documentation are for signed-in users only."""

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories

from .inline_code import inline_code


@pytest.fixture
def signed_in(db) -> Client:
    client = Client()
    client.force_login(factories.UserFactory(username="reader.lee"))
    return client


def test_schema_refuses_a_signed_out_visitor(db):
    response = Client().get(reverse("api-schema"))
    assert response.status_code in (401, 403)
    assert b"openapi" not in response.content


def test_documentation_sends_a_signed_out_visitor_to_sign_in(db):
    response = Client().get(reverse("api-docs"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('api-docs')}"


def test_documentation_script_refuses_a_signed_out_visitor(db):
    response = Client().get(reverse("api-docs"), {"script": ""})
    assert response.status_code == 302
    assert b"SwaggerUIBundle" not in response.content


def test_signed_in_user_reads_the_schema(signed_in):
    response = signed_in.get(reverse("api-schema"))
    assert response.status_code == 200
    assert b"openapi" in response.content


def test_documentation_page_works_under_the_content_security_policy(signed_in):
    page = signed_in.get(reverse("api-docs"))
    assert page.status_code == 200
    assert inline_code(page.content.decode()) == []
    script = signed_in.get(reverse("api-docs"), {"script": ""})
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
