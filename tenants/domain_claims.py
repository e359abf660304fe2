"""Custom domain claims and their proof: a store's custom domain is routed (gets its Domain
row, which tenants.routing routes by) only once the store proves it holds the domain's DNS.

    claim = claim_domain(tenant=store, host="shop.example.com")    # pending-verification
    # the owner publishes TXT claim.record_name = claim.record_value
    claim = prove_claim(claim_id=claim.pk)                         # verified, or still pending

Concurrency is left to PostgreSQL: the Domain row's unique domain decides between stores, and
the claims on one domain are locked in one order while a proof lands, so two stores proving
the same domain at once end with exactly one verified claim and one Domain row. A pending
claim blocks nobody; the store that proves first wins, the other claims become `taken`.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

from core.dns import DnsLookupFailed, lookup_txt, parse_nameservers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from tenants.models import Domain, DomainClaim, Tenant

log = logging.getLogger(__name__)

Status = DomainClaim.Status


def new_token() -> str:
    return secrets.token_urlsafe(24)


def claim_domain(*, tenant: Tenant, host: str) -> DomainClaim:
    """The store's claim on `host` (a cleaned host name), pending its proof; idempotent (a
    store's second claim on a host is its first one, token and all). A host that already
    serves a store is refused (ValidationError, code "taken")."""
    owner = Domain.objects.filter(domain=host).values_list("tenant_id", flat=True).first()
    if owner is not None:
        whose = "this" if owner == tenant.pk else "a"
        raise ValidationError(f"{host} already serves {whose} store.", code="taken")
    claim, created = DomainClaim.objects.get_or_create(
        tenant=tenant, domain=host, defaults={"token": new_token()}
    )
    if not created and claim.status != Status.PENDING:
        # Taken by, or proven for, a store whose Domain row is gone since: prove it again.
        DomainClaim.objects.filter(pk=claim.pk, status=claim.status).update(
            status=Status.PENDING, verified_at=None, last_error=""
        )
        claim.refresh_from_db()
    return claim


def prove_claim(
    *, claim_id: int, on_verified: Callable[[DomainClaim], None] | None = None
) -> DomainClaim:
    """Look the claim's TXT record up; found, route the domain to the store. A claim that is no
    longer pending is returned as it is. `on_verified(claim)` runs inside the transaction that
    routes the domain (e.g. to queue its certificate), so both happen or neither does."""
    claim = DomainClaim.objects.select_related("tenant").get(pk=claim_id)
    if claim.status != Status.PENDING:
        return claim
    try:  # outside any transaction: no lock is held while DNS answers
        values = lookup_txt(
            claim.record_name,
            nameservers=parse_nameservers(settings.DOMAIN_VERIFICATION_NAMESERVERS),
            timeout=settings.DOMAIN_VERIFICATION_TIMEOUT_SECONDS,
        )
    except DnsLookupFailed as exc:
        return _record_failed_check(claim, str(exc))
    if claim.record_value not in values:
        return _record_failed_check(
            claim, f"{claim.record_name} has TXT records, but none is {claim.record_value}"
        )
    return _route(claim_id, on_verified)


def _record_failed_check(claim: DomainClaim, reason: str) -> DomainClaim:
    DomainClaim.objects.filter(pk=claim.pk, status=Status.PENDING).update(
        checked_at=timezone.now(), last_error=reason[:500]
    )
    claim.refresh_from_db()
    return claim


def _route(claim_id: int, on_verified: Callable[[DomainClaim], None] | None) -> DomainClaim:
    now = timezone.now()
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        # Every claim on the domain, locked in one order: proofs of one domain take turns.
        domain = DomainClaim.objects.filter(pk=claim_id).values_list("domain", flat=True).get()
        claims = DomainClaim.objects.select_for_update().filter(domain=domain).order_by("pk")
        claim = next(c for c in claims if c.pk == claim_id)
        if claim.status != Status.PENDING:
            return claim  # another proof settled it while DNS answered
        claim.checked_at = now
        try:
            with transaction.atomic(using=DEFAULT_DB_ALIAS):
                Domain.objects.create(tenant_id=claim.tenant_id, domain=domain, is_primary=False)
        except IntegrityError:  # a Domain row made some other way holds the host
            claim.status = Status.TAKEN
            claim.last_error = f"{domain} already serves another store."
            claim.save(update_fields=["status", "checked_at", "last_error"])
            return claim
        claim.status = Status.VERIFIED
        claim.verified_at = now
        claim.last_error = ""
        claim.save(update_fields=["status", "checked_at", "verified_at", "last_error"])
        DomainClaim.objects.filter(domain=domain, status=Status.PENDING).exclude(
            pk=claim.pk
        ).update(
            status=Status.TAKEN,
            checked_at=now,
            last_error=f"Another store proved {domain} first.",
        )
        if on_verified is not None:
            on_verified(claim)
    log.info("custom domain %s proven by store %s", domain, claim.tenant_id)
    return claim


def list_claims_to_check(*, limit: int) -> list[DomainClaim]:
    """Pending claims, those never checked first, then the least recently checked."""
    return list(
        DomainClaim.objects.filter(status=Status.PENDING)
        .select_related("tenant")
        .order_by(F("checked_at").asc(nulls_first=True), "pk")[:limit]
    )
