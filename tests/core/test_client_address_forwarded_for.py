"""With CLIENT_ADDRESS_SOURCE=x-forwarded-for, the client is the entry CLIENT_ADDRESS_PROXY_HOPS
from the right of X-Forwarded-For: what the client itself sent further left is never read."""

import pytest
from core.client_address import client_address
from django.test import RequestFactory

ALB = "10.20.1.17"


def _request(forwarded_for: str, *, remote_addr: str = ALB):
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=forwarded_for)


@pytest.fixture
def hops(settings):
    def configure(count: int) -> None:
        settings.CLIENT_ADDRESS_SOURCE = "x-forwarded-for"
        settings.CLIENT_ADDRESS_PROXY_HOPS = count

    return configure


def test_behind_one_load_balancer_the_last_entry_is_the_client(hops):
    hops(1)

    assert client_address(_request("198.51.100.7")) == "198.51.100.7"


def test_a_spoofed_prefix_sent_by_the_client_is_ignored(hops):
    hops(1)

    assert client_address(_request("203.0.113.99, 10.0.0.1, 198.51.100.7")) == "198.51.100.7"


def test_behind_cloudfront_and_the_alb_two_hops_give_the_viewer(hops):
    hops(2)
    # client-sent, then CloudFront's viewer, then the ALB's edge server
    request = _request("203.0.113.99, 198.51.100.7, 130.176.12.34")

    assert client_address(request) == "198.51.100.7"


def test_an_ipv6_client_in_the_header(hops):
    hops(1)

    assert client_address(_request("203.0.113.99, 2001:DB8::1")) == "2001:db8::1"


def test_fewer_entries_than_hops_is_not_trusted(hops):
    hops(2)

    assert client_address(_request("203.0.113.99")) == ALB


def test_the_default_reads_remote_addr_only(settings):
    settings.CLIENT_ADDRESS_SOURCE = "remote-addr"

    assert client_address(_request("203.0.113.99", remote_addr="192.0.2.44")) == "192.0.2.44"
