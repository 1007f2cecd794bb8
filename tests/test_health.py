"""Health for orchestrators: /healthz answers without the database; /readyz checks the database, the
migrations and the broker, on the real services, and answers 503 naming what is not ready."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse


@pytest.fixture
def anonymous():
    return Client()


def test_healthz_answers_without_touching_the_database(anonymous):
    # No django_db mark: any database access in the request would raise.
    response = anonymous.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_ready_on_the_real_database_and_redis(anonymous):
    response = anonymous.get(reverse("readyz"))
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "broker": "ok"},
    }


@pytest.mark.django_db
def test_readyz_is_ready_on_rabbitmq(anonymous, settings):
    settings.CELERY_BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"
    response = anonymous.get(reverse("readyz"))
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["broker"] == "ok"


@pytest.mark.django_db
def test_readyz_says_the_broker_is_down(anonymous, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = anonymous.get(reverse("readyz"))
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["broker"].startswith("unreachable")
    assert (checks["database"], checks["migrations"]) == ("ok", "ok")
    assert "127.0.0.1:1" not in response.content.decode()  # the broker's address is not told


@pytest.mark.django_db
def test_readyz_says_a_migration_is_not_applied(anonymous):
    with connection.cursor() as cursor:  # undone when the test's transaction rolls back
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = 'proposals' AND name = "
            "(SELECT MAX(name) FROM django_migrations WHERE app = 'proposals')"
        )
    response = anonymous.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "1 migration(s) not applied"


def test_health_answers_only_reads(anonymous):
    assert anonymous.post(reverse("healthz")).status_code == 405
