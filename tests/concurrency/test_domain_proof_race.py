"""Stores proving the same custom domain at the same moment (real threads, real PostgreSQL):
exactly one wins the Domain row; every other claim ends `taken`, none half-done."""

from collections.abc import Callable

from tenants import domain_claims
from tenants.models import Domain, DomainClaim
from tests.fixtures.races import race

HOST = "shop.contested.example"


def test_stores_racing_to_prove_one_domain_give_it_to_exactly_one(
    committed_stores, dns_records, django_db_blocker
):
    stores = [committed_stores(f"racer-{n}") for n in range(3)]
    with django_db_blocker.unblock():
        claims = [domain_claims.claim_domain(tenant=store, host=HOST) for store in stores]
        for claim in claims:  # every store published its own record
            dns_records.publish(claim.record_name, claim.record_value)

        def prove(claim_id: int) -> Callable[[], tuple[int, str]]:
            return lambda: (claim_id, domain_claims.prove_claim(claim_id=claim_id).status)

        try:
            results = dict(race([prove(claim.pk) for claim in claims]))
            assert sorted(results.values()) == ["taken", "taken", "verified"]
            winner = next(pk for pk, status in results.items() if status == "verified")
            rows = list(Domain.objects.filter(domain=HOST).values_list("tenant_id", flat=True))
            assert rows == [DomainClaim.objects.get(pk=winner).tenant_id]
            statuses = dict(DomainClaim.objects.filter(domain=HOST).values_list("pk", "status"))
            assert statuses == results
        finally:
            Domain.objects.filter(domain=HOST).delete()
            DomainClaim.objects.filter(domain=HOST).delete()


def test_a_domain_row_made_another_way_wins_over_a_proof(
    committed_stores, dns_records, django_db_blocker
):
    owner, prover = committed_stores("holder"), committed_stores("prover")
    with django_db_blocker.unblock():
        claim = domain_claims.claim_domain(tenant=prover, host=HOST)
        dns_records.publish(claim.record_name, claim.record_value)
        Domain.objects.create(tenant=owner, domain=HOST, is_primary=False)
        try:
            proven = domain_claims.prove_claim(claim_id=claim.pk)

            assert (proven.status, proven.last_error) == (
                "taken",
                f"{HOST} already serves another store.",
            )
            assert list(Domain.objects.filter(domain=HOST).values_list("tenant_id", flat=True)) == [
                owner.pk
            ]
        finally:
            Domain.objects.filter(domain=HOST).delete()
            DomainClaim.objects.filter(domain=HOST).delete()
