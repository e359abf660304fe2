"""Creating, suspending and placing stores: the only code that changes the fleet."""

from __future__ import annotations

import logging
import re
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, transaction

from tenants import schema_template
from tenants.models import SLUG_RE, Domain, Tenant

log = logging.getLogger(__name__)


class SchemaMethod(StrEnum):
    TEMPLATE = "template"  # replay the captured DDL: the fast path
    MIGRATE = "migrate"  # run every migration: the fallback and the yardstick


def schema_name_for(slug: str) -> str:
    return "store_" + slug.replace("-", "_")


def primary_host_for(slug: str) -> str:
    return f"{slug}.{settings.PLATFORM_DOMAIN}"


def create_tenant(
    *,
    slug: str,
    name: str,
    placement: str = DEFAULT_DB_ALIAS,
    method: SchemaMethod = SchemaMethod.TEMPLATE,
    activate: bool = True,
) -> Tenant:
    """A new store with its schema built and its primary domain `<slug>.<PLATFORM_DOMAIN>`.

    The row exists (state provisioning, which routing answers with a "being set up" page)
    before the schema; if building the schema fails, both are removed again, so nothing
    half-made is left reachable.
    """
    if not re.match(SLUG_RE, slug):
        raise ValidationError({"slug": "3-40 lowercase letters, digits and hyphens"})
    tenant = Tenant(slug=slug, name=name, placement=placement, schema_name=schema_name_for(slug))
    tenant.full_clean()
    tenant.save()
    try:
        build = (
            schema_template.create_schema_from_template
            if SchemaMethod(method) is SchemaMethod.TEMPLATE
            else schema_template.create_schema_by_migrating
        )
        build(tenant.schema_name, placement)
    except Exception:
        log.exception("building the schema of %s failed", slug)
        schema_template.drop_schema(tenant.schema_name, placement)
        tenant.delete()
        raise
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        Domain.objects.create(tenant=tenant, domain=primary_host_for(slug), is_primary=True)
        if activate:
            set_state(tenant, Tenant.State.ACTIVE)
    return tenant


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
