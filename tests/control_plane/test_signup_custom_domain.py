"""A founder may give a custom domain at signup: the store opens on its platform address at
once, and the custom domain is claimed, serving nothing until its owner publishes the TXT
record the progress page shows. One that is malformed, numeric, the platform's own, or
already serving a store is refused with a machine-readable code."""

import pytest
from django.conf import settings

from control_plane.provisioning.models import ProvisioningJob
from tenants.models import Domain, DomainClaim, Tenant
from tenants.services import add_domain
from tests.control_plane.conftest import signup_data

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def _post(client, data):
    return client.post("/signup/", data, HTTP_ACCEPT="application/json")


def test_a_custom_domain_given_at_signup_waits_for_its_proof(
    platform_client, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(platform_client, signup_data("own-name", custom_domain="www.own.example"))

    assert response.status_code == 202
    store = Tenant.objects.get(slug="own-name")
    job = ProvisioningJob.objects.get(tenant=store)
    claim = DomainClaim.objects.get(tenant=store)
    assert (job.status, store.state) == ("succeeded", "active")
    assert (claim.domain, claim.status) == ("www.own.example", "pending-verification")
    assert not Domain.objects.filter(domain="www.own.example").exists()
    assert client_for("www.own.example").get("/order/products").status_code == 404
    assert (
        client_for(f"own-name.{settings.PLATFORM_DOMAIN}").get("/order/products").status_code == 200
    )
    assert "custom domain www.own.example: waiting for its owner to prove it" in (
        job.steps.get(name="infrastructure").log
    )


def test_the_progress_page_shows_the_record_to_publish_and_the_claims_state(
    signed_up, platform_client
):
    job = signed_up("own-name", custom_domain="www.own.example")
    claim = DomainClaim.objects.get(tenant=job.tenant)

    status = platform_client.get(f"/signup/jobs/{job.token}/status").json()
    page = platform_client.get(f"/signup/jobs/{job.token}/").content.decode()

    assert status["custom_domain"] == {
        "domain": "www.own.example",
        "status": "pending-verification",
        "status_label": "Waiting for the DNS record",
        "record": {
            "name": "_storefleet-challenge.www.own.example",
            "type": "TXT",
            "value": f"storefleet-verification={claim.token}",
        },
        "checked_at": None,
        "last_error": "",
    }
    assert '<code class="record-name">_storefleet-challenge.www.own.example</code>' in page
    assert '<code class="record-type">TXT</code>' in page
    assert f'<code class="record-value">storefleet-verification={claim.token}</code>' in page
    assert '<strong id="domain-claim-status">Waiting for the DNS record</strong>' in page


@pytest.mark.parametrize(
    ("host", "code"),
    [
        ("no dots", "invalid"),
        ("1.5", "invalid"),
        ("10.0.0.1", "invalid"),
        ("[::1]", "invalid"),
        ("123.example.com", "invalid"),
        (f"shop.{settings.PLATFORM_DOMAIN}", "invalid"),
        ("taken.example", "taken"),
    ],
)
def test_a_custom_domain_the_store_cannot_have_is_refused_at_signup(
    platform_client, store_a, host, code
):
    add_domain(store_a, "taken.example")

    response = _post(platform_client, signup_data("own-name", custom_domain=host))

    assert response.status_code == 400
    assert [e["code"] for e in response.json()["errors"]["custom_domain"]] == [code]
    assert not Tenant.objects.filter(slug="own-name").exists()
    assert not DomainClaim.objects.exists()


def test_the_signup_form_shows_a_refused_custom_domain_next_to_its_field(platform_client):
    response = platform_client.post("/signup/", signup_data("own-name", custom_domain="1.5"))

    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_custom_domain_error"' in page
    assert "not an IP address or a label of digits only" in page
