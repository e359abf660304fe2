"""Which store the current code serves, as the Tenant row (for log lines, Stripe metadata and
task arguments). Set by tenants.context.tenant_context: requests and tenant tasks have one."""

from __future__ import annotations

from django.db import connections

from tenants.context import current
from tenants.models import Tenant


def current_store() -> Tenant:
    tenant = connections[current().alias].tenant
    if not isinstance(tenant, Tenant):
        raise RuntimeError("no store is active (wrap the call in tenant_context)")
    return tenant
