"""A pending claim blocks nobody: the store that proves a domain first gets it, every other
store's claim on it becomes `taken`, and nobody can claim a proven domain again (a form error
on the dashboard, a machine-readable JSON error at signup, never a 500)."""

import pytest

from control_plane.dashboard.permissions import Role
from control_plane.provisioning.domains import check_domain_claim, claim_custom_domain
from tenants.models import Domain, DomainClaim
from tests.control_plane.conftest import signup_data

pytestmark = pytest.mark.django_db(databases=["default", "second"])

HOST = "shop.victim-brand.example"


@pytest.fixture
def squatter_and_owner(signed_up):
    squatter = signed_up("squatter", custom_domain=HOST).tenant
    owner = signed_up("real-owner").tenant
    return squatter, owner


def test_a_squatters_pending_claim_does_not_stop_the_owner_who_proves_first(
    squatter_and_owner, dns_records, client_for, django_capture_on_commit_callbacks
):
    squatter, owner = squatter_and_owner
    assert client_for(HOST).get("/order/products").status_code == 404

    claim = claim_custom_domain(tenant=owner, host=HOST)
    dns_records.publish(claim.record_name, claim.record_value)
    with django_capture_on_commit_callbacks(execute=True):
        proven = check_domain_claim(claim=claim)

    squatters = DomainClaim.objects.get(tenant=squatter)
    assert proven.status == "verified"
    assert (squatters.status, squatters.last_error) == (
        "taken",
        f"Another store proved {HOST} first.",
    )
    assert Domain.objects.get(domain=HOST).tenant_id == owner.pk
    assert client_for(HOST).get("/order/products").status_code == 200
    # The squatter's own record, published later, changes nothing.
    dns_records.publish(squatters.record_name, squatters.record_value)
    assert check_domain_claim(claim=squatters).status == "taken"
    assert Domain.objects.get(domain=HOST).tenant_id == owner.pk


def test_a_proven_domain_cannot_be_claimed_again(
    squatter_and_owner, dns_records, staff_client, platform_client
):
    squatter, owner = squatter_and_owner
    claim = claim_custom_domain(tenant=owner, host=HOST)
    dns_records.publish(claim.record_name, claim.record_value)
    check_domain_claim(claim=claim)

    operator = staff_client(Role.OPERATOR)
    on_dashboard = operator.post("/dashboard/tenants/squatter/domains", {"custom_domain": HOST})
    at_signup = platform_client.post(
        "/signup/", signup_data("late-comer", custom_domain=HOST), HTTP_ACCEPT="application/json"
    )
    again_by_owner = operator.post("/dashboard/tenants/real-owner/domains", {"custom_domain": HOST})

    assert on_dashboard.status_code == 400
    assert f"{HOST} already serves a store" in on_dashboard.content.decode()
    assert at_signup.status_code == 400
    assert at_signup.json()["errors"]["custom_domain"] == [
        {"message": f"{HOST} already serves a store.", "code": "taken"}
    ]
    assert again_by_owner.status_code == 400
    assert f"{HOST} already serves this store" in again_by_owner.content.decode()
    assert DomainClaim.objects.filter(domain=HOST).count() == 2
