"""The API's documentation shows an example of every request body and of every error it may answer."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import World


@pytest.fixture
def schema(world: World) -> dict:
    client = Client()
    client.force_login(world.coordinator)
    return client.get(reverse("api-schema"), HTTP_ACCEPT="application/json").json()


def operations(schema: dict):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if path.startswith("/api/v1/") and isinstance(operation, dict):
                yield f"{method.upper()} {path}", operation


def test_every_request_body_has_an_example(schema):
    missing = [
        name
        for name, operation in operations(schema)
        if "requestBody" in operation and "example" not in operation["requestBody"]["content"]["application/json"]
    ]
    assert missing == []


def test_every_error_answer_has_an_example_in_the_one_error_shape(schema):
    checked = 0
    for name, operation in operations(schema):
        for status, response in operation["responses"].items():
            if status[:1] != "4":
                continue
            example = response["content"]["application/json"]["example"]
            assert {"code", "message", "fields"} <= set(example), (name, status)
            checked += 1
    assert checked > 100
