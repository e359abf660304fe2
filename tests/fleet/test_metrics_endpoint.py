"""/metrics answers on the platform host only, to a caller with the token or from an allowed
address; everyone else is refused, and a store's host has no such page."""

import ipaddress

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

TOKEN = "metrics-test-token"  # noqa: S105


@pytest.fixture
def platform() -> Client:
    return Client(HTTP_HOST=settings.PLATFORM_DOMAIN)


@pytest.fixture(autouse=True)
def metrics_token(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_NETWORKS = []


def test_metrics_without_the_token_are_refused(platform):
    response = platform.get("/metrics")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert b"storefleet_" not in response.content


def test_metrics_with_a_wrong_token_are_refused(platform):
    response = platform.get("/metrics", HTTP_AUTHORIZATION="Bearer not-the-token")

    assert response.status_code == 401


def test_metrics_are_refused_to_everyone_when_nothing_is_configured(platform, settings):
    settings.METRICS_TOKEN = ""

    response = platform.get("/metrics", HTTP_AUTHORIZATION="Bearer ")

    assert response.status_code == 401


def test_metrics_with_the_token_are_served(platform):
    platform.get("/")  # a request for the counters to show

    response = platform.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    body = response.content.decode()
    assert 'storefleet_http_requests_total{route="home",status="200"}' in body
    assert "# TYPE storefleet_spare_schemas gauge" in body


def test_metrics_from_an_allowed_address_are_served_without_the_token(platform, settings):
    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("127.0.0.0/8")]

    assert platform.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert platform.get("/metrics", REMOTE_ADDR="198.51.100.7").status_code == 401


def test_a_store_host_has_no_metrics_even_with_the_token(store_a, client_for):
    response = client_for(store_a).get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    assert response.status_code == 404
    assert b"storefleet_" not in response.content
