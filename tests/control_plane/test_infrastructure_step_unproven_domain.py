"""The infrastructure step never routes a custom domain nobody proved: a signup job opens the
store on its platform hosts and leaves its custom domain to the proof, and a custom-domain job
for an unproven host (an old job re-run, say) adds no Domain row either."""

import pytest
from django.conf import settings

from control_plane.provisioning.models import ProvisioningJob
from control_plane.provisioning.services import StepLog, create_job
from control_plane.provisioning.steps import ensure_infrastructure
from tenants.models import Domain

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_a_signup_job_routes_only_the_platform_hosts(signed_up):
    job = signed_up("own-name", custom_domain="www.own.example")

    assert sorted(job.tenant.domains.values_list("domain", flat=True)) == [
        "own-name.localhost",
        f"own-name.{settings.PLATFORM_DOMAIN}",
    ]


def test_a_custom_domain_job_for_an_unproven_host_routes_nothing(signed_up):
    store = signed_up("own-name", custom_domain="www.own.example").tenant
    job = create_job(
        tenant=store, kind=ProvisioningJob.Kind.CUSTOM_DOMAIN, custom_domain="www.own.example"
    )
    log = StepLog()

    ensure_infrastructure(job, log)

    assert not Domain.objects.filter(domain="www.own.example").exists()
    assert "custom domain www.own.example: waiting for its owner to prove it" in log.text()
