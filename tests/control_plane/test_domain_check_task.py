"""Celery beat checks the pending claims every DOMAIN_VERIFICATION_CHECK_SECONDS: a claim whose
record is published is proven (and its certificate job runs), the others stay pending with the
reason and the time of the check; claims never checked go first."""

import pytest
from django.conf import settings

from control_plane.provisioning.tasks import check_pending_domain_claims
from tenants.models import Domain, DomainClaim

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_beat_runs_the_check_at_the_configured_interval():
    entry = settings.CELERY_BEAT_SCHEDULE["check-pending-domain-claims"]

    assert entry == {
        "task": "provisioning.check_pending_domain_claims",
        "schedule": float(settings.DOMAIN_VERIFICATION_CHECK_SECONDS),
    }


def test_the_periodic_check_proves_published_claims_and_notes_why_others_wait(
    signed_up, dns_records, client_for, django_capture_on_commit_callbacks
):
    published = signed_up("published", custom_domain="shop.published.example").tenant
    signed_up("unpublished", custom_domain="shop.unpublished.example")
    claim = DomainClaim.objects.get(tenant=published)
    dns_records.publish(claim.record_name, claim.record_value)

    with django_capture_on_commit_callbacks(execute=True):
        outcome = check_pending_domain_claims.delay().get()

    assert outcome == {"pending-verification": 1, "verified": 1, "taken": 0}
    claims = {c.domain: c for c in DomainClaim.objects.all()}
    assert claims["shop.published.example"].status == "verified"
    waiting = claims["shop.unpublished.example"]
    assert waiting.status == "pending-verification"
    assert waiting.checked_at is not None
    assert "(NXDOMAIN)" in waiting.last_error
    assert list(
        Domain.objects.filter(domain__startswith="shop.").values_list("domain", flat=True)
    ) == ["shop.published.example"]
    assert published.provisioning_jobs.get(kind="custom_domain").status == "succeeded"
    assert client_for("shop.published.example").get("/order/products").status_code == 200


def test_a_batch_checks_the_claims_never_checked_before_the_others(signed_up, dns_records):
    for slug in ("first-one", "second-one", "third-one"):
        signed_up(slug, custom_domain=f"shop.{slug}.example")
    check_pending_domain_claims(batch_size=2)

    check_pending_domain_claims(batch_size=1)

    checked = DomainClaim.objects.filter(checked_at__isnull=False).order_by("checked_at")
    assert [c.domain for c in checked][-1] == "shop.third-one.example"
    assert checked.count() == 3
