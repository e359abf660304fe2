"""An operator adds a custom domain: it is only claimed (pending its owner's DNS proof), so it
serves nothing yet, and the store page shows the TXT record that proves it. Addresses under
the platform's own domain, malformed or numeric ones, and ones serving a store are refused."""

import pytest
from django.conf import settings

from control_plane.dashboard.permissions import Role
from control_plane.provisioning.models import ProvisioningJob
from tenants.models import Domain, DomainClaim
from tenants.services import add_domain

pytestmark = pytest.mark.django_db(databases=["default", "second"])


@pytest.fixture
def operator(staff_client):
    return staff_client(Role.OPERATOR)


def test_an_added_custom_domain_waits_for_its_proof_and_serves_nothing(
    signed_up, operator, client_for, django_capture_on_commit_callbacks
):
    store = signed_up("branded").tenant

    with django_capture_on_commit_callbacks(execute=True):
        response = operator.post(
            "/dashboard/tenants/branded/domains", {"custom_domain": "Shop.Branded.Example."}
        )

    claim = DomainClaim.objects.get(tenant=store)
    assert response.status_code == 302
    assert (claim.domain, claim.status, claim.verified_at) == (
        "shop.branded.example",
        "pending-verification",
        None,
    )
    assert claim.record_name == "_storefleet-challenge.shop.branded.example"
    assert claim.record_value == f"storefleet-verification={claim.token}"
    assert len(claim.token) >= 32
    assert not Domain.objects.filter(domain="shop.branded.example").exists()
    assert not ProvisioningJob.objects.filter(kind="custom_domain").exists()
    assert client_for("shop.branded.example").get("/order/products").status_code == 404
    page = operator.get("/dashboard/tenants/branded/").content.decode()
    assert "shop.branded.example is claimed." in page
    assert '<code class="record-name">_storefleet-challenge.shop.branded.example</code>' in page
    assert f'<code class="record-value">storefleet-verification={claim.token}</code>' in page
    assert "Check now" in page


def test_claiming_the_same_domain_twice_keeps_one_claim_and_its_token(signed_up, operator):
    store = signed_up("branded").tenant
    url = "/dashboard/tenants/branded/domains"

    operator.post(url, {"custom_domain": "shop.branded.example"})
    first = DomainClaim.objects.get(tenant=store).token
    operator.post(url, {"custom_domain": "SHOP.branded.example"})

    assert list(DomainClaim.objects.values_list("domain", "token")) == [
        ("shop.branded.example", first)
    ]


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        (f"other.{settings.PLATFORM_DOMAIN}", f"addresses under {settings.PLATFORM_DOMAIN}"),
        ("not a domain", "invalid custom domain"),
        ("1.5", "not an IP address or a label of digits only"),
        ("10.0.0.1", "not an IP address or a label of digits only"),
        ("[::1]", "invalid custom domain"),
        ("123.example.com", "not an IP address or a label of digits only"),
    ],
)
def test_a_custom_domain_the_store_may_not_take_is_refused(signed_up, operator, host, reason):
    signed_up("branded")

    response = operator.post("/dashboard/tenants/branded/domains", {"custom_domain": host})

    page = response.content.decode()
    assert response.status_code == 400
    assert reason in page
    field_errors = page[page.index('id="id_custom_domain_error"') :].split("</div>")[0]
    assert reason in field_errors
    assert not DomainClaim.objects.exists()


def test_a_domain_another_store_serves_is_refused(signed_up, operator, store_a):
    signed_up("branded")
    add_domain(store_a, "shop.alpha.example")

    response = operator.post(
        "/dashboard/tenants/branded/domains", {"custom_domain": "shop.alpha.example"}
    )

    assert response.status_code == 400
    assert "shop.alpha.example already serves a store" in response.content.decode()
    assert not DomainClaim.objects.exists()


def test_in_development_the_dashboard_tells_how_to_publish_the_record_in_the_dns_sandbox(
    signed_up, operator, settings
):
    store = signed_up("branded").tenant
    operator.post("/dashboard/tenants/branded/domains", {"custom_domain": "shop.branded.example"})
    claim = DomainClaim.objects.get(tenant=store)
    settings.DNS_SANDBOX_STATE_FILE = "/srv/dev/.data/dns-sandbox.json"

    settings.DEBUG = False
    in_production = operator.get("/dashboard/tenants/branded/").content.decode()
    settings.DEBUG = True
    in_development = operator.get("/dashboard/tenants/branded/").content.decode()

    command = (
        f".venv/bin/python -m dns_sandbox publish {claim.record_name} {claim.record_value} "
        "--state-file /srv/dev/.data/dns-sandbox.json"
    )
    assert command in in_development
    assert "dns_sandbox" not in in_production
