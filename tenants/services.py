"""Creating, suspending and placing stores: the only code that changes the fleet."""

from __future__ import annotations

import logging
import re
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, transaction

from tenants import fleet, pool, schema_template
from tenants.models import SLUG_RE, Domain, SpareSchema, Tenant

log = logging.getLogger(__name__)


class SchemaMethod(StrEnum):
    POOL = "pool"  # rename a spare, prebuilt schema; replay the template when none is left
    TEMPLATE = "template"  # replay the captured DDL
    MIGRATE = "migrate"  # run every migration: the fallback and the yardstick


def schema_name_for(slug: str) -> str:
    return "store_" + slug.replace("-", "_")


def primary_host_for(slug: str) -> str:
    return f"{slug}.{settings.PLATFORM_DOMAIN}"


def public_url_for(host: str) -> str:
    """The base URL a browser reaches `host` at: https, or http in development (DEBUG), with
    PUBLIC_PORT when one is set."""
    scheme = "http" if settings.DEBUG else "https"
    port = f":{settings.PUBLIC_PORT}" if settings.PUBLIC_PORT else ""
    return f"{scheme}://{host}{port}"


def register_tenant(
    *,
    slug: str,
    name: str,
    placement: str = DEFAULT_DB_ALIAS,
    plan: str = Tenant.Plan.FREE,
) -> Tenant:
    """The store's row, in state provisioning (routing answers "being set up"); no schema yet."""
    if not re.match(SLUG_RE, slug):
        raise ValidationError({"slug": "3-40 lowercase letters, digits and hyphens"})
    tenant = Tenant(
        slug=slug, name=name, placement=placement, plan=plan, schema_name=schema_name_for(slug)
    )
    tenant.full_clean()
    tenant.save()
    return tenant


def create_tenant(
    *,
    slug: str,
    name: str,
    placement: str = DEFAULT_DB_ALIAS,
    method: SchemaMethod = SchemaMethod.POOL,
    activate: bool = True,
) -> Tenant:
    """A new store with its schema built and its primary domain `<slug>.<PLATFORM_DOMAIN>`.

    The row exists (state provisioning, which routing answers with a "being set up" page)
    before the schema; if building the schema fails, both are removed again, so nothing
    half-made is left reachable. (The control plane's provisioning pipeline runs the same
    steps one by one, resumably: control_plane.provisioning.)
    """
    tenant = register_tenant(slug=slug, name=name, placement=placement)
    try:
        claimed = build_schema(tenant.schema_name, placement, SchemaMethod(method))
    except Exception:
        log.exception("building the schema of %s failed", slug)
        schema_template.drop_schema(tenant.schema_name, placement)
        tenant.delete()
        raise
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        ensure_primary_domain(tenant=tenant)
        if activate:
            set_state(tenant, Tenant.State.ACTIVE)
    if claimed is not None:  # build the next spare in the background, never on the founder's time
        schedule_pool_top_up(placement)
    return tenant


def schema_is_current(schema_name: str, placement: str) -> bool | None:
    """None: no such schema; True: built at the code's migration state; False: behind."""
    if schema_name not in fleet.existing_schemas(placement, [schema_name]):
        return None
    digest = fleet.applied_digests(placement, [schema_name]).get(schema_name)
    return digest == schema_template.get_template().migrations_digest


def ensure_schema(
    *,
    tenant: Tenant,
    method: SchemaMethod = SchemaMethod.POOL,
    catalog: str = "",
    fallbacks: tuple[str, ...] = (),
) -> str:
    """Build the store's schema unless it exists; idempotent, so a resumed step is safe.

    Returns where the schema came from: "existing", "pool" (a spare seeded with `catalog`:
    or one of `fallbacks`: "pool, seeded with <catalog>"), "template", "migrate", or
    "migrated" (it existed but was
    behind, e.g. a migrate-built schema cut off mid-way, or code deployed between two
    attempts: migrating never drops anything).
    """
    state = schema_is_current(tenant.schema_name, tenant.placement)
    if state is True:
        return "existing"
    if state is False:
        schema_template.migrate_schema(tenant.schema_name, tenant.placement)
        return "migrated"
    method = SchemaMethod(method)
    spare = build_schema(
        tenant.schema_name, tenant.placement, method, catalog=catalog, fallbacks=fallbacks
    )
    if spare is not None:
        schedule_pool_top_up(tenant.placement)
        return f"pool, seeded with {spare.catalog}" if spare.catalog else "pool"
    return "migrate" if method is SchemaMethod.MIGRATE else "template"


def ensure_primary_domain(*, tenant: Tenant) -> Domain:
    """`<slug>.<PLATFORM_DOMAIN>` for the store; idempotent. A host another store holds is an
    error (ValidationError), never taken over."""
    host = primary_host_for(tenant.slug)
    domain = Domain.objects.filter(domain=host).first()
    if domain is None:
        return Domain.objects.create(tenant=tenant, domain=host, is_primary=True)
    if domain.tenant_id != tenant.pk:
        raise ValidationError({"domain": f"{host} already serves another store"})
    return domain


def build_schema(
    schema_name: str,
    placement: str,
    method: SchemaMethod,
    *,
    catalog: str = "",
    fallbacks: tuple[str, ...] = (),
) -> SpareSchema | None:
    """Build a store schema; the spare it was, when it came from the warm pool (preferring
    one seeded with `catalog`, then with `fallbacks`; without a catalog, only an unseeded
    spare: pool.claim_spare), else None."""
    if method is SchemaMethod.POOL:
        spare = pool.claim_spare_or_wait(
            schema_name, placement, catalog=catalog, fallbacks=fallbacks
        )
        if spare is not None:
            return spare
    if method is SchemaMethod.MIGRATE:
        schema_template.create_schema_by_migrating(schema_name, placement)
    else:
        schema_template.create_schema_from_template(schema_name, placement)
    return None


def schedule_pool_top_up(placement: str) -> None:
    """After commit, ask a worker to build the spare schema the pool is now short of."""
    transaction.on_commit(lambda: _top_up_later(placement), using=DEFAULT_DB_ALIAS)


def _top_up_later(placement: str) -> None:
    from tenants.tasks import top_up_spare_schemas

    top_up_spare_schemas.delay(placement)


def set_state(tenant: Tenant, state: Tenant.State) -> Tenant:
    tenant.state = state
    tenant.save(update_fields=["state", "updated"])
    return tenant


def suspend_tenant(tenant: Tenant) -> Tenant:
    return set_state(tenant, Tenant.State.SUSPENDED)


def resume_tenant(tenant: Tenant) -> Tenant:
    return set_state(tenant, Tenant.State.ACTIVE)


def add_domain(tenant: Tenant, host: str, *, is_primary: bool = False) -> Domain:
    return Domain.objects.create(tenant=tenant, domain=host, is_primary=is_primary)


def move_domain(domain: Domain, to_tenant: Tenant) -> Domain:
    domain.tenant = to_tenant
    domain.is_primary = False
    domain.save()
    return domain


def delete_tenant(tenant: Tenant) -> None:
    """Remove a store and its schema (tests, benchmarks, aborted signups)."""
    schema_template.drop_schema(tenant.schema_name, tenant.placement)
    tenant.delete()
