"""GET /healthz answers on every host with the state of the databases and Redis."""

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

pytestmark = pytest.mark.django_db(databases=["default", "second"])


@pytest.mark.parametrize(
    "host", ["platform.test", "alpha.platform.test", "unknown.example.org", "10.0.0.7"]
)
def test_healthz_answers_json_on_every_host(store_a, host):
    response = Client(HTTP_HOST=host).get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["databases"] == {alias: "ok" for alias in settings.DATABASES}


def test_healthz_reports_redis_when_configured():
    body = Client().get("/healthz").json()

    assert body["redis"] == ("ok" if settings.REDIS_URL else "not configured")


def test_healthz_is_503_when_redis_is_down(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json()["redis"] == "error: ConnectionError"


def test_healthz_is_503_when_a_database_is_down():
    second = connections["second"]
    second.close()
    real_port = second.settings_dict["PORT"]
    second.settings_dict["PORT"] = "1"
    try:
        response = Client().get("/healthz")
    finally:
        second.close()
        second.settings_dict["PORT"] = real_port

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["databases"]["default"] == "ok"
    assert body["databases"]["second"] == "error: OperationalError"
