"""Operator actions on a store. Each one changes the store and writes its OperatorAuditLog
row in the same transaction (control_plane.audit); keyword-only, the operator explicit."""

from __future__ import annotations

from core.secrets import StripeKeys, get_secret_store
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, transaction

from control_plane.audit import AuditAction, record_action
from control_plane.provisioning import domains
from control_plane.provisioning import services as provisioning
from control_plane.provisioning.models import ProvisioningJob, ProvisioningStep
from tenants import services as tenant_services
from tenants.models import DomainClaim, Tenant


def _locked(tenant: Tenant) -> Tenant:
    return Tenant.objects.select_for_update().get(pk=tenant.pk)


def suspend_store(*, tenant: Tenant, acting_operator: User) -> Tenant:
    """A live store answers 503 "suspended" from now on."""
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        tenant = _locked(tenant)
        if tenant.state != Tenant.State.ACTIVE:
            raise ValidationError(
                f"only a live store can be suspended (this one is {tenant.state})"
            )
        tenant_services.suspend_tenant(tenant)
        record_action(actor=acting_operator, action=AuditAction.SUSPEND, tenant=tenant)
    return tenant


def resume_store(*, tenant: Tenant, acting_operator: User) -> Tenant:
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        tenant = _locked(tenant)
        if tenant.state != Tenant.State.SUSPENDED:
            raise ValidationError(
                f"only a suspended store can be resumed (this one is {tenant.state})"
            )
        tenant_services.resume_tenant(tenant)
        record_action(actor=acting_operator, action=AuditAction.RESUME, tenant=tenant)
    return tenant


def change_plan(*, tenant: Tenant, plan: str, acting_operator: User) -> Tenant:
    if plan not in Tenant.Plan.values:
        raise ValidationError(f"unknown plan {plan!r}")
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        tenant = _locked(tenant)
        previous = tenant.plan
        tenant.plan = plan
        tenant.save(update_fields=["plan", "updated"])
        record_action(
            actor=acting_operator,
            action=AuditAction.CHANGE_PLAN,
            tenant=tenant,
            detail={"from": previous, "to": plan},
        )
    return tenant


def add_custom_domain(*, tenant: Tenant, host: str, acting_operator: User) -> DomainClaim:
    """Claim a custom domain for the store. It serves nothing until its owner publishes the
    claim's TXT record and a check finds it; then a job sets up its DNS and certificate
    (control_plane.provisioning.domains)."""
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        tenant = _locked(tenant)
        claim = domains.claim_custom_domain(tenant=tenant, host=host)
        record_action(
            actor=acting_operator,
            action=AuditAction.ADD_DOMAIN,
            tenant=tenant,
            detail={"domain": claim.domain, "claim": claim.pk},
        )
    return claim


def check_custom_domain(*, tenant: Tenant, claim_id: int, acting_operator: User) -> DomainClaim:
    """Look for a pending claim's TXT record now ("Check now"); proven, the domain serves the
    store and its certificate job starts, and the proof is audited (the operator routed a
    domain). A check that proves nothing changes nothing else, so it is not audited (a claim
    records when it was last checked and why it is still pending)."""
    claim = DomainClaim.objects.filter(pk=claim_id, tenant=tenant).first()
    if claim is None:
        raise ValidationError("no such domain claim for this store")
    if claim.status != DomainClaim.Status.PENDING:
        raise ValidationError(
            f"{claim.domain} is {claim.get_status_display().lower()}: nothing to check"
        )
    return domains.check_domain_claim(claim=claim, requested_by=acting_operator)


def set_stripe_keys(*, tenant: Tenant, keys: StripeKeys, acting_operator: User) -> None:
    """Set or rotate the store's keys. The audit row holds them masked. The secret is written
    last inside the transaction: if writing it fails, the audit row is rolled back too."""
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        tenant = _locked(tenant)
        store = get_secret_store()
        previous = store.get_tenant_stripe_keys(tenant.pk)
        record_action(
            actor=acting_operator,
            action=AuditAction.SET_STRIPE_KEYS,
            tenant=tenant,
            detail={
                "secret_key": keys.masked()["secret_key"],
                "publishable_key": keys.masked()["publishable_key"],
                "rotated": previous is not None,
            },
        )
        store.set_tenant_stripe_keys(tenant.pk, keys)


def rerun_step(*, step: ProvisioningStep, acting_operator: User) -> None:
    """Run a failed step again, then the rest of its job."""
    provisioning.resume_job(job=step.job, step_name=step.name, acting_operator=acting_operator)


def resume_stalled_job(*, job: ProvisioningJob, acting_operator: User) -> None:
    """Resume a job whose worker died: it carries on from its first unfinished step."""
    provisioning.resume_job(job=job, acting_operator=acting_operator)
