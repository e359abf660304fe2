"""A missing, malformed or spoof-shaped value falls back to REMOTE_ADDR (never a 500, never a
client-chosen value), and says so once per process at WARNING, later at DEBUG only."""

import logging

import pytest
from core import client_address as module
from core.client_address import client_address
from django.test import RequestFactory

ALB = "10.20.1.17"


@pytest.fixture(autouse=True)
def _fresh_warnings(monkeypatch):
    monkeypatch.setattr(module, "_warned", set())


@pytest.mark.parametrize(
    "header",
    [
        "",
        "198.51.100.7",  # no port
        "2001:db8::1",  # no port: "2001:db8:" is no address
        "198.51.100.7:",
        "198.51.100.7:http",
        "198.51.100.7:99999",
        "not-an-address:443",
        "198.51.100.7:443, 203.0.113.9:443",  # two values: not what CloudFront sends
        "203.0.113.9 , 198.51.100.7:443",
        "198.51.100.7 :443",
        "[2001:db8::1]x:443",
        "1.2.3.4.5:443",
        "x" * 300 + ":443",
        "١٢٣.1.1.1:443",
        "198.51.100.7:٤٤٣",
    ],
)
def test_a_bad_viewer_address_falls_back_to_remote_addr(settings, header):
    settings.CLIENT_ADDRESS_SOURCE = "cloudfront-viewer-address"
    request = RequestFactory().get("/", REMOTE_ADDR=ALB, HTTP_CLOUDFRONT_VIEWER_ADDRESS=header)

    assert client_address(request) == ALB


@pytest.mark.parametrize(
    "header",
    ["", " , ", "203.0.113.99, unknown", "203.0.113.99, 198.51.100.7:443", "203.0.113.99,"],
)
def test_a_bad_forwarded_for_entry_falls_back_to_remote_addr(settings, header):
    settings.CLIENT_ADDRESS_SOURCE = "x-forwarded-for"
    settings.CLIENT_ADDRESS_PROXY_HOPS = 1
    request = RequestFactory().get("/", REMOTE_ADDR=ALB, HTTP_X_FORWARDED_FOR=header)

    assert client_address(request) == ALB


def test_an_unknown_source_set_at_run_time_falls_back_too(settings):
    settings.CLIENT_ADDRESS_SOURCE = "true-client-ip"
    request = RequestFactory().get("/", REMOTE_ADDR=ALB, HTTP_X_FORWARDED_FOR="203.0.113.99")

    assert client_address(request) == ALB


def test_the_fallback_warns_once_per_process_then_logs_at_debug(settings, caplog):
    settings.CLIENT_ADDRESS_SOURCE = "cloudfront-viewer-address"
    request = RequestFactory().get("/", REMOTE_ADDR=ALB)

    with caplog.at_level(logging.DEBUG, logger="core.client_address"):
        for _ in range(3):
            client_address(request)

    levels = [record.levelno for record in caplog.records]
    assert levels == [logging.WARNING, logging.DEBUG, logging.DEBUG]
    assert "no CloudFront-Viewer-Address header" in caplog.records[0].getMessage()


def test_the_client_chosen_value_never_reaches_the_log(settings, caplog):
    settings.CLIENT_ADDRESS_SOURCE = "cloudfront-viewer-address"
    request = RequestFactory().get(
        "/", REMOTE_ADDR=ALB, HTTP_CLOUDFRONT_VIEWER_ADDRESS="evil\nforged-line:443"
    )

    with caplog.at_level(logging.DEBUG, logger="core.client_address"):
        client_address(request)

    assert "evil" not in caplog.text


def test_remote_addr_without_an_address_is_kept_short():
    request = RequestFactory().get("/", REMOTE_ADDR="x" * 200)

    assert client_address(request) == "x" * 64
