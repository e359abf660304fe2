"""An operator's "Check now" proves a custom domain by its TXT record, looked up over real
DNS (the DNS sandbox): without the record the claim stays pending with the reason; with it
the domain serves the store and a job sets up its DNS and certificate."""

import pytest

from control_plane.dashboard.permissions import Role
from tenants.models import Domain, DomainClaim

pytestmark = pytest.mark.django_db(databases=["default", "second"])


@pytest.fixture
def claimed(signed_up, staff_client):
    signed_up("branded")
    operator = staff_client(Role.OPERATOR)
    operator.post("/dashboard/tenants/branded/domains", {"custom_domain": "shop.branded.example"})
    return operator, DomainClaim.objects.get(domain="shop.branded.example")


def _check(operator, claim, capture):
    with capture(execute=True):
        response = operator.post(f"/dashboard/tenants/branded/domains/{claim.pk}/check")
    claim.refresh_from_db()
    return response


def test_without_the_record_the_claim_stays_pending_with_the_reason(
    claimed, dns_records, client_for, django_capture_on_commit_callbacks
):
    operator, claim = claimed

    response = _check(operator, claim, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert claim.status == "pending-verification"
    assert claim.checked_at is not None
    assert claim.last_error == (
        "no DNS record named _storefleet-challenge.shop.branded.example was found (NXDOMAIN)"
    )
    assert not Domain.objects.filter(domain="shop.branded.example").exists()
    assert client_for("shop.branded.example").get("/order/products").status_code == 404
    page = operator.get("/dashboard/tenants/branded/").content.decode()
    assert "shop.branded.example is not proven yet: no DNS record named" in page
    assert '<span class="claim-error">no DNS record named' in page


def test_a_record_with_another_value_proves_nothing(
    claimed, dns_records, django_capture_on_commit_callbacks
):
    operator, claim = claimed
    dns_records.publish(claim.record_name, "storefleet-verification=someone-elses-token")

    _check(operator, claim, django_capture_on_commit_callbacks)

    assert claim.status == "pending-verification"
    assert claim.last_error == (
        f"{claim.record_name} has TXT records, but none is {claim.record_value}"
    )
    assert not Domain.objects.filter(domain="shop.branded.example").exists()


def test_the_published_record_proves_the_domain_which_then_serves_the_store(
    claimed, dns_records, client_for, django_capture_on_commit_callbacks
):
    operator, claim = claimed
    dns_records.publish(claim.record_name, "v=spf1 -all")  # other TXT records do not matter
    dns_records.publish(claim.record_name, claim.record_value)

    response = _check(operator, claim, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert (claim.status, claim.last_error) == ("verified", "")
    assert claim.verified_at is not None
    domain = Domain.objects.get(domain="shop.branded.example")
    assert (domain.tenant_id, domain.is_primary) == (claim.tenant_id, False)
    job = claim.tenant.provisioning_jobs.get(kind="custom_domain")
    assert (job.status, job.custom_domain, job.requested_by) == (
        "succeeded",
        "shop.branded.example",
        operator.user,
    )
    log = job.steps.get(name="infrastructure").log
    assert "served by the app's host routing at" in log and "shop.branded.example" in log
    assert "domain shop.branded.example serves the store" in log
    domain.refresh_from_db()
    assert domain.certificate_status == "not_needed"
    assert client_for("shop.branded.example").get("/order/products").status_code == 200
    page = operator.get("/dashboard/tenants/branded/").content.decode()
    assert "shop.branded.example is proven: it serves the store now" in page


def test_a_proven_claim_has_nothing_left_to_check(
    claimed, dns_records, django_capture_on_commit_callbacks
):
    operator, claim = claimed
    dns_records.publish(claim.record_name, claim.record_value)
    _check(operator, claim, django_capture_on_commit_callbacks)

    response = _check(operator, claim, django_capture_on_commit_callbacks)

    assert response.status_code == 400
    assert "shop.branded.example is verified: nothing to check" in response.content.decode()
    assert claim.tenant.provisioning_jobs.filter(kind="custom_domain").count() == 1


def test_another_stores_claim_cannot_be_checked_from_this_stores_page(
    claimed, signed_up, staff_client
):
    operator, claim = claimed
    signed_up("other-shop")

    response = operator.post(f"/dashboard/tenants/other-shop/domains/{claim.pk}/check")

    assert response.status_code == 400
    assert "no such domain claim for this store" in response.content.decode()


def test_an_operators_proof_is_audited_and_a_check_that_proves_nothing_is_not(
    claimed, dns_records, django_capture_on_commit_callbacks
):
    operator, claim = claimed
    _check(operator, claim, django_capture_on_commit_callbacks)  # no record yet
    unproven = list(claim.tenant.audit_log.filter(action="prove_domain"))
    dns_records.publish(claim.record_name, claim.record_value)

    _check(operator, claim, django_capture_on_commit_callbacks)

    (entry,) = claim.tenant.audit_log.filter(action="prove_domain")
    assert unproven == []
    assert (entry.actor, entry.detail) == (
        operator.user,
        {"domain": "shop.branded.example", "claim": claim.pk},
    )
