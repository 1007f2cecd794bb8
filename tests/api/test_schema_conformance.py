"""Schemathesis against the live schema with a token: no 5xx, and every answer conforms to the schema.

Each operation gets a bounded number of generated requests, so the run stays within a few minutes.
Runs inside one test database transaction per operation, against the real PostgreSQL.
"""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from accounts import tokens
from tests import factories
from tracker.wsgi import application

EXAMPLES_PER_OPERATION = 12
# What the answers must be: never a server error, and each status, header, content type and body as the
# schema documents it. (Whether a schema-valid value such as an unknown user name is accepted is the
# business of the endpoint tests, which check the 400 and its field.)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def keep_the_test_connection():
    """The app is called as WSGI, as in production; like Django's test client, the test's database
    connection (and its transaction) stays open across requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(world, keep_the_test_connection):
    # Some rows for the generated requests to find: milestones in each state, a reading, a comment.
    for status in ("planned", "in_progress", "submitted"):
        factories.MilestoneFactory(initiative=world.initiative, status=status, submitted_by=world.member)
    indicator = factories.IndicatorFactory(initiative=world.initiative)
    factories.IndicatorReadingFactory(indicator=indicator, recorded_by=world.member)
    factories.CommentFactory(initiative=world.initiative, author=world.member)
    _token, key = tokens.issue(world.coordinator, name="schemathesis")
    headers = {"Authorization": f"Token {key}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, headers=headers)
    return schema.include(path_regex=r"^/api/v1/(?!auth/token/)"), headers


@pytest.mark.slow
def test_every_operation_answers_within_its_schema(api_schema):
    schema, token = api_schema
    operations = [result.ok() for result in schema.get_all_operations()]
    answered: Counter[int] = Counter()
    assert len(operations) > 20, "the schema lists the API's operations"
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def answers_within_the_schema(case):
            response = case.call_and_validate(headers={**(case.headers or {}), **token}, checks=CHECKS)
            answered[response.status_code] += 1

        answers_within_the_schema()

    assert not [status for status in answered if status >= 500]
    assert answered[200] > 0 and answered[400] > 0, answered  # the token worked; bad input was tried
