"""Helpers of the control-plane tests: waiting on real processes, a store's snapshot, and
removing a committed store with everything that was made for it."""

from __future__ import annotations

import time
from collections.abc import Callable

from core.secrets import get_secret_store
from django.contrib.auth.models import User
from django.db import connections

from control_plane.provisioning.models import ProvisioningJob
from tenants.context import tenant_context
from tenants.models import Tenant
from tenants.services import delete_tenant


def wait_for(predicate: Callable[[], object], *, timeout: float = 60.0, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise TimeoutError(f"still waiting after {timeout} s")


def step_states(job: ProvisioningJob) -> dict[str, tuple[str, int]]:
    return {s.name: (s.state, s.attempts) for s in job.steps.order_by("order")}


def store_snapshot(tenant: Tenant) -> dict:
    """What a provisioned store holds, independent of its slug: row counts of every table in
    its schema, its users, its domains (slug replaced), its keys' presence and its state."""
    tenant.refresh_from_db()
    with connections[tenant.placement].cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
            "AND table_type = 'BASE TABLE' ORDER BY 1",
            [tenant.schema_name],
        )
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{tenant.schema_name}"."{table}"')
            counts[table] = cursor.fetchone()[0]
    with tenant_context(tenant):
        users = [
            (u.username.replace(tenant.slug, "<slug>"), u.is_staff, u.is_superuser)
            for u in User.objects.order_by("username")
        ]
    return {
        "rows": counts,
        "users": users,
        "domains": sorted(
            (d.domain.replace(tenant.slug, "<slug>"), d.is_primary) for d in tenant.domains.all()
        ),
        "stripe_keys": get_secret_store().get_tenant_stripe_keys(tenant.pk) is not None,
        "state": tenant.state,
    }


def remove_store(slug: str) -> None:
    """Drop a committed store, its schema, jobs and secrets (real-worker tests)."""
    tenant = Tenant.objects.filter(slug=slug).first()
    if tenant is None:
        return
    get_secret_store().delete_tenant_stripe_keys(tenant.pk)
    delete_tenant(tenant)
