"""Custom domains of a store, from claim to certificate.

    claim = claim_custom_domain(tenant=store, host="Shop.Example.com.")   # pending-verification
    claim = check_domain_claim(claim=claim)          # the TXT record found: verified, routed

A custom domain given at signup or added by an operator is only claimed: it serves nothing
until its owner publishes the claim's TXT record `_storefleet-challenge.<domain>` and a check
finds it (the dashboard's "Check now", or beat's `check_pending_domain_claims`). Proof routes
the domain to the store (tenants.domain_claims) and, in the same transaction, queues a
CUSTOM_DOMAIN job whose infrastructure step has the provisioner set up its DNS and
certificate.
"""

from __future__ import annotations

import logging

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, transaction

from control_plane.audit import AuditAction, record_action
from control_plane.provisioning.models import ProvisioningJob
from control_plane.provisioning.services import clean_custom_domain, create_job, start_job
from tenants import domain_claims
from tenants.models import DomainClaim, Tenant

log = logging.getLogger(__name__)


def claim_custom_domain(*, tenant: Tenant, host: str) -> DomainClaim:
    """Clean `host` and claim it for the store; ValidationError keyed `custom_domain` (codes
    "invalid" and "taken") when the store may not have it."""
    host = clean_custom_domain(host)
    try:
        return domain_claims.claim_domain(tenant=tenant, host=host)
    except ValidationError as exc:
        raise ValidationError({"custom_domain": exc.error_list}) from exc


def check_domain_claim(*, claim: DomainClaim, requested_by: User | None = None) -> DomainClaim:
    """Look for the claim's TXT record now. Proven: the domain serves the store and a
    CUSTOM_DOMAIN job (started after commit) sets up its DNS and certificate; when an operator
    asked (`requested_by`), the proof is audited in the same transaction."""

    def set_up(proven: DomainClaim) -> None:
        if requested_by is not None:  # an operator's check routed the domain: audited with it
            record_action(
                actor=requested_by,
                action=AuditAction.PROVE_DOMAIN,
                tenant=proven.tenant,
                detail={"domain": proven.domain, "claim": proven.pk},
            )
        job = create_job(
            tenant=proven.tenant,
            kind=ProvisioningJob.Kind.CUSTOM_DOMAIN,
            custom_domain=proven.domain,
            requested_by=requested_by,
        )
        transaction.on_commit(lambda: start_job(job_id=job.pk), using=DEFAULT_DB_ALIAS)

    return domain_claims.prove_claim(claim_id=claim.pk, on_verified=set_up)


def check_pending_domain_claims(*, batch_size: int) -> dict[str, int]:
    """One periodic pass: check up to `batch_size` pending claims, least recently checked
    first; how many ended in each status."""
    outcome = {status: 0 for status in DomainClaim.Status.values}
    for claim in domain_claims.list_claims_to_check(limit=batch_size):
        try:
            checked = check_domain_claim(claim=claim)
        except DomainClaim.DoesNotExist:  # the store was deleted meanwhile
            continue
        outcome[checked.status] += 1
    if outcome[DomainClaim.Status.VERIFIED]:
        log.info("domain claims proven: %s", outcome[DomainClaim.Status.VERIFIED])
    return outcome
