"""Behind CloudFront and the ALB, the client is the viewer CloudFront names in
CloudFront-Viewer-Address, not the ALB (REMOTE_ADDR) nor anything in X-Forwarded-For."""

import pytest
from core.client_address import client_address
from core.ratelimit import client_ip
from django.test import RequestFactory

ALB = "10.20.1.17"  # the ALB's address in the VPC: REMOTE_ADDR of every request
CLOUDFRONT_EDGE = "130.176.12.34"  # the CloudFront edge server the ALB saw


@pytest.fixture(autouse=True)
def _behind_cloudfront(settings):
    settings.CLIENT_ADDRESS_SOURCE = "cloudfront-viewer-address"


def _through_cloudfront_and_alb(viewer_address: str, *, client_forwarded_for: str = ""):
    """A request as the app sees it: CloudFront appended the viewer to what the client sent,
    the ALB appended the edge server, and the ALB is the socket's peer."""
    viewer_ip = viewer_address.rpartition(":")[0]
    forwarded = ", ".join(
        part for part in (client_forwarded_for, viewer_ip, CLOUDFRONT_EDGE) if part
    )
    return RequestFactory().post(
        "/user/login",
        REMOTE_ADDR=ALB,
        HTTP_X_FORWARDED_FOR=forwarded,
        HTTP_CLOUDFRONT_VIEWER_ADDRESS=viewer_address,
    )


def test_the_viewer_address_is_the_client():
    request = _through_cloudfront_and_alb("198.51.100.7:53122")

    assert client_address(request) == "198.51.100.7"


def test_the_rate_limits_name_for_it_gives_the_same_address():
    request = _through_cloudfront_and_alb("198.51.100.7:53122")

    assert client_ip(request) == "198.51.100.7"


def test_an_ipv6_viewer_loses_only_its_port():
    request = _through_cloudfront_and_alb("2001:db8:cafe::17:46532")

    assert client_address(request) == "2001:db8:cafe::17"


def test_an_ipv6_viewer_is_counted_in_one_spelling():
    request = _through_cloudfront_and_alb("2001:DB8:CAFE:0:0:0:0:17:443")

    assert client_address(request) == "2001:db8:cafe::17"


def test_what_the_client_put_in_x_forwarded_for_is_not_read():
    request = _through_cloudfront_and_alb(
        "198.51.100.7:53122", client_forwarded_for="203.0.113.99, 192.0.2.1"
    )

    assert client_address(request) == "198.51.100.7"
