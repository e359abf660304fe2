"""The store page lists each domain with its certificate's state, as the infrastructure
provisioner reported it on the Domain row (records to publish included), or the state of the
job still setting it up (a custom domain's, once its owner proved it)."""

import re

import pytest

from control_plane.dashboard.permissions import Role
from control_plane.dashboard.services import add_custom_domain
from control_plane.provisioning.domains import check_domain_claim

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def certificates(html: str) -> dict[str, str]:
    rows = re.findall(
        r'<tr data-domain="([^"]+)">.*?<td data-label="Certificate">(.*?)</td>', html, flags=re.S
    )
    return {domain: re.sub(r"<[^>]+>", "", cell).strip() for domain, cell in rows}


def test_each_domain_shows_its_certificate_state(signed_up, staff_client, settings, dns_records):
    store = signed_up("certified").tenant
    operator = staff_client(Role.OPERATOR)
    claim = add_custom_domain(
        tenant=store, host="shop.certified.example", acting_operator=operator.user
    )
    dns_records.publish(claim.record_name, claim.record_value)
    # Proven: the domain is routed, and its certificate job waits for the commit to start.
    check_domain_claim(claim=claim, requested_by=operator.user)

    html = staff_client(Role.VIEWER, "looker").get("/dashboard/tenants/certified/").content.decode()

    not_needed = "Not needed (served by the platform, no cloud)"
    assert certificates(html) == {
        "certified.localhost": not_needed,
        f"certified.{settings.PLATFORM_DOMAIN}": not_needed,
        "shop.certified.example": "Being set up",
    }


def test_the_infrastructure_step_records_each_hosts_certificate_on_its_domain(signed_up):
    store = signed_up("recorded").tenant

    states = dict(store.domains.values_list("domain", "certificate_status"))

    assert set(states.values()) == {"not_needed"}  # the local provisioner: no cloud, no TLS
    assert all(
        records == [] for records in store.domains.values_list("validation_records", flat=True)
    )


def test_a_domain_waiting_for_validation_shows_the_records_to_publish(signed_up, staff_client):
    store = signed_up("waiting").tenant
    store.domains.create(
        domain="shop.waiting.example",
        is_primary=False,
        certificate_status="pending_validation",
        validation_records=[
            {
                "name": "_x1.shop.waiting.example.",
                "type": "CNAME",
                "value": "_y1.acm-validations.aws.",
            }
        ],
    )

    html = staff_client(Role.VIEWER, "watcher").get("/dashboard/tenants/waiting/").content.decode()

    assert certificates(html)["shop.waiting.example"].split("\n") == [
        "Waiting for DNS validation",
        "Publish: CNAME _x1.shop.waiting.example. _y1.acm-validations.aws.",
    ]
