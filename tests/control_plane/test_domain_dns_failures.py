"""A lookup that fails leaves the claim pending with a reason a person can read: a name that
does not exist, a DNS server that never answers (within DOMAIN_VERIFICATION_TIMEOUT_SECONDS),
or none reachable. Nothing is routed."""

import socket
import time

import pytest

from control_plane.provisioning.domains import check_domain_claim, claim_custom_domain
from tenants.models import Domain

pytestmark = pytest.mark.django_db(databases=["default", "second"])


@pytest.fixture
def claim(signed_up):
    store = signed_up("branded").tenant
    return claim_custom_domain(tenant=store, host="shop.branded.example")


@pytest.fixture
def silent_dns_server():
    """A UDP port that receives queries and never answers them."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    yield f"127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


def test_a_dns_server_that_never_answers_times_out_quickly(claim, silent_dns_server, settings):
    settings.DOMAIN_VERIFICATION_NAMESERVERS = silent_dns_server
    settings.DOMAIN_VERIFICATION_TIMEOUT_SECONDS = 0.5

    started = time.monotonic()
    checked = check_domain_claim(claim=claim)

    assert time.monotonic() - started < 3
    assert checked.status == "pending-verification"
    assert checked.last_error == (
        "DNS did not answer for _storefleet-challenge.shop.branded.example within 0.5 s"
    )
    assert checked.checked_at is not None
    assert not Domain.objects.filter(domain="shop.branded.example").exists()


def test_no_reachable_dns_server_is_a_reason_too(claim, settings):
    settings.DOMAIN_VERIFICATION_NAMESERVERS = "127.0.0.1:9"  # nothing listens there

    checked = check_domain_claim(claim=claim)

    assert checked.status == "pending-verification"
    assert "_storefleet-challenge.shop.branded.example" in checked.last_error
    assert not Domain.objects.filter(domain="shop.branded.example").exists()


def test_a_name_that_does_not_exist(claim, dns_records):
    dns_records.publish("_storefleet-challenge.other.example", "storefleet-verification=x")

    checked = check_domain_claim(claim=claim)

    assert checked.last_error == (
        "no DNS record named _storefleet-challenge.shop.branded.example was found (NXDOMAIN)"
    )
