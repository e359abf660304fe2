"""Reads for the operator dashboard: the fleet, scoped and filtered, and per-store facts
(order counts, Stripe keys masked) gathered with as few queries as the data allows."""

from __future__ import annotations

from collections import defaultdict

from core.secrets import SecretStoreError, get_secret_store
from django.db import connections
from django.db.models import Q, QuerySet

from control_plane.audit import OperatorAuditLog
from shop.orders.models import Order
from tenants.models import Tenant

# One query per database counts the orders of many stores: for each store schema that has
# an orders table, query_to_xml() runs a count in it. Schemas without the table (a store
# still being set up) are filtered out before the count runs.
_ORDER_COUNTS_SQL = """
SELECT n.nspname,
       (xpath('/row/c/text()',
              query_to_xml(format('SELECT count(*) AS c FROM %%I.%%I', n.nspname, %(table)s),
                           false, true, '')))[1]::text::bigint
FROM pg_namespace n
WHERE n.nspname = ANY(%(schemas)s)
  AND to_regclass(format('%%I.%%I', n.nspname, %(table)s)) IS NOT NULL
"""


def list_tenants(
    *, search: str = "", state: str = "", plan: str = "", placement: str = ""
) -> QuerySet[Tenant]:
    tenants = Tenant.objects.prefetch_related("domains").order_by("-created", "-id")
    if search:
        tenants = tenants.filter(
            Q(slug__icontains=search)
            | Q(name__icontains=search)
            | Q(domains__domain__icontains=search)
        ).distinct()
    if state:
        tenants = tenants.filter(state=state)
    if plan:
        tenants = tenants.filter(plan=plan)
    if placement:
        tenants = tenants.filter(placement=placement)
    return tenants


def count_orders(*, tenants: list[Tenant]) -> dict[int, int | None]:
    """Orders per store (None: no schema or no orders table yet); one query per database."""
    by_alias: dict[str, list[Tenant]] = defaultdict(list)
    for tenant in tenants:
        by_alias[tenant.placement].append(tenant)
    counts: dict[int, int | None] = {tenant.pk: None for tenant in tenants}
    for alias, group in by_alias.items():
        schema_to_id = {tenant.schema_name: tenant.pk for tenant in group}
        with connections[alias].cursor() as cursor:
            cursor.execute(
                _ORDER_COUNTS_SQL,
                {"table": Order._meta.db_table, "schemas": list(schema_to_id)},
            )
            for schema, count in cursor.fetchall():
                counts[schema_to_id[schema]] = count
    return counts


def get_masked_stripe_keys(*, tenant: Tenant) -> dict | None:
    """The store's keys as an operator may see them: masked, never in full."""
    try:
        keys = get_secret_store().get_tenant_stripe_keys(tenant.pk)
    except SecretStoreError as exc:
        return {"error": str(exc)}
    if keys is None:
        return None
    return {**keys.masked(), "placeholder": "placeholder" in keys.secret_key}


def list_audit_log(*, tenant: Tenant, limit: int = 50) -> list[OperatorAuditLog]:
    return list(OperatorAuditLog.objects.filter(tenant=tenant).order_by("-created", "-id")[:limit])


def get_tenant(*, slug: str) -> Tenant | None:
    return Tenant.objects.prefetch_related("domains").filter(slug=slug).first()
