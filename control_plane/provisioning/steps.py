"""The steps that make a store, in order. Each one is idempotent: run twice (a retry, or a
job resumed after its worker died mid-step) it converges on the same result and duplicates
nothing. Each writes its log through `log(...)`; no log line ever holds a secret.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from core.secrets import StripeKeys, get_secret_store, sandbox_keys_usable
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, transaction
from stripe_sandbox.client import SandboxUnavailable

from control_plane.infra.provisioner import get_provisioner
from control_plane.provisioning.models import ProvisioningJob
from control_plane.sandbox_payments import ensure_sandbox_payments
from shop.catalog.models import Product
from shop.seed import get_seeded_catalog, get_spare_fallbacks, seed_store
from tenants import services as tenant_services
from tenants.context import tenant_context
from tenants.models import CHALLENGE_PREFIX, Domain, Tenant

Log = Callable[[str], None]


class StepError(Exception):
    """A step cannot succeed as things are (bad input, a conflict): retrying will not help."""


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    run: Callable[[ProvisioningJob, Log], None]


def create_schema(job: ProvisioningJob, log: Log) -> None:
    tenant = job.tenant
    source = tenant_services.ensure_schema(
        tenant=tenant, catalog=job.catalog, fallbacks=get_spare_fallbacks(job.catalog)
    )
    log(f"schema {tenant.schema_name} on database {tenant.placement}: {source}")


def load_catalog(job: ProvisioningJob, log: Log) -> None:
    """Seed the store, unless its schema was a spare seeded with the catalog ahead of time
    (tenants.pool) or a previous attempt seeded it: then there is nothing to do."""
    with tenant_context(job.tenant):
        seeded = get_seeded_catalog()
        if seeded == job.catalog:
            log(f"starter catalog {job.catalog!r} already seeded: nothing to do")
            return
        seed_store(catalog=job.catalog)
        products = Product.objects.count()
    on_top = f" (on top of {seeded!r})" if seeded else ""
    log(f"starter catalog {job.catalog!r}: {products} products{on_top}")


def create_founder_account(job: ProvisioningJob, log: Log) -> None:
    """The founder as a superuser of the store's own auth (the store's schema, not public)."""
    email = job.founder_email
    if not email:
        raise StepError("the job has no founder email")
    with tenant_context(job.tenant), transaction.atomic(using=job.tenant.placement):
        user = User.objects.select_for_update().filter(username=email).first()
        if user is None:
            if not job.founder_password_hash:
                raise StepError("the founder's password is no longer held by the job")
            User.objects.create(
                username=email,
                email=email,
                password=job.founder_password_hash,
                is_staff=True,
                is_superuser=True,
            )
            log(f"created the store superuser {email}")
            return
        user.is_staff = user.is_superuser = user.is_active = True
        if job.founder_password_hash:
            user.password = job.founder_password_hash
        user.save(update_fields=["is_staff", "is_superuser", "is_active", "password"])
        log(f"the store superuser {email} exists; checked its rights")


def placeholder_stripe_keys() -> StripeKeys:
    """Test-mode keys that reach no Stripe account; an operator replaces them."""
    return StripeKeys(
        publishable_key=f"pk_test_placeholder{secrets.token_hex(12)}",
        secret_key=f"sk_test_placeholder{secrets.token_hex(16)}",
        webhook_secret=f"whsec_placeholder{secrets.token_hex(16)}",
    )


def store_stripe_keys(job: ProvisioningJob, log: Log) -> None:
    """Keys given at signup are already in the secret store. Without them: in development,
    keys of the Stripe sandbox (the store takes test payments at once); else placeholders."""
    store = get_secret_store()
    keys = store.get_tenant_stripe_keys(job.tenant_id)
    if (keys is None or keys.is_sandbox) and sandbox_keys_usable():
        try:
            ensure_sandbox_payments(tenant=job.tenant)
        except SandboxUnavailable as exc:  # the store opens all the same
            log(f"the Stripe sandbox is not answering: {exc}")
        else:
            keys = store.get_tenant_stripe_keys(job.tenant_id)
            log(f"Stripe sandbox keys: secret key {keys.masked()['secret_key']}")
            return
        keys = store.get_tenant_stripe_keys(job.tenant_id)
    if keys is None:
        keys = placeholder_stripe_keys()
        store.set_tenant_stripe_keys(job.tenant_id, keys)
        log(f"stored test-mode placeholder keys: secret key {keys.masked()['secret_key']}")
    else:
        log(f"Stripe keys present: secret key {keys.masked()['secret_key']}")


def add_primary_domain(job: ProvisioningJob, log: Log) -> None:
    try:
        domain = tenant_services.ensure_primary_domain(tenant=job.tenant)
    except ValidationError as exc:
        raise StepError("; ".join(exc.messages)) from exc
    log(f"primary domain {domain.domain}")


def ensure_infrastructure(job: ProvisioningJob, log: Log) -> None:
    """DNS, certificate and (once proven) the custom domain through the provisioner, then a
    Domain row for each of the store's platform hosts it serves. A custom domain is routed by
    its proof alone (control_plane.provisioning.domains): an unproven one is left out here,
    and no Domain row is ever made for it."""
    tenant = job.tenant
    custom = job.custom_domain or None
    if custom and not Domain.objects.filter(tenant=tenant, domain=custom).exists():
        log(
            f"custom domain {custom}: waiting for its owner to prove it (TXT record "
            f"{CHALLENGE_PREFIX}.{custom}); its certificate is set up once proven"
        )
        custom = None
    result = get_provisioner().ensure_store_infrastructure(
        tenant.slug,
        tenant_id=tenant.pk,
        custom_domain=custom,
        on_output=log,
    )
    log(f"{result.provisioner} provisioner: certificate {result.certificate_status}")
    for record in result.validation_records:
        log(f"for {record.domain}, its owner publishes {record.type} {record.name} {record.value}")
    platform_hosts = {tenant_services.primary_host_for(tenant.slug), f"{tenant.slug}.localhost"}
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        for host in result.hosts:
            owner = Domain.objects.filter(domain=host).values_list("tenant_id", flat=True).first()
            if owner is None and host not in platform_hosts:
                log(f"{host} is not routed: its ownership is not proven")
            elif owner is None:
                tenant_services.add_domain(tenant, host)
                log(f"added domain {host}")
            elif owner != tenant.pk:
                raise StepError(f"{host} already serves another store")
            else:
                log(f"domain {host} serves the store")
        # What the dashboard shows of each host's certificate.
        for host in result.hosts:
            Domain.objects.filter(tenant=tenant, domain=host).update(
                certificate_status=result.certificate_status,
                validation_records=[
                    {"name": r.name, "type": r.type, "value": r.value}
                    for r in result.validation_records
                    if r.domain == host
                ],
            )


def open_store(job: ProvisioningJob, log: Log) -> None:
    tenant = Tenant.objects.get(pk=job.tenant_id)
    if tenant.state in (Tenant.State.PROVISIONING, Tenant.State.FAILED):
        tenant_services.set_state(tenant, Tenant.State.ACTIVE)
        log("the store is live")
    else:
        log(f"the store is {tenant.state}; left as it is")


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step("schema", "Create the store's database schema", create_schema),
        Step("seed", "Load the starter catalog", load_catalog),
        Step("admin_account", "Create the founder's admin account", create_founder_account),
        Step("stripe_keys", "Store the Stripe keys", store_stripe_keys),
        Step("primary_domain", "Add the store's address", add_primary_domain),
        Step("infrastructure", "Custom domain and certificate", ensure_infrastructure),
        Step("activate", "Open the store", open_store),
    )
}

PLANS: dict[str, tuple[str, ...]] = {
    ProvisioningJob.Kind.SIGNUP: tuple(STEPS),
    ProvisioningJob.Kind.CUSTOM_DOMAIN: ("infrastructure",),
}

# Steps that start a Celery task of their own (control_plane.provisioning.tasks): a retry
# boundary of their own for slow cloud work retried on its own schedule. Every other step runs
# in the task of the step before it, which saves the founder a broker hand-off per step.
OWN_TASK: frozenset[str] = frozenset({"infrastructure"})
