"""Tasks that belong to one store take it explicitly and run inside its schema and database."""

from __future__ import annotations

import functools
import platform
from collections.abc import Callable

from celery import shared_task
from django.db import connections

from tenants.context import current, tenant_context
from tenants.models import Tenant


def tenant_task(*task_args, **task_kwargs) -> Callable:
    """Declare a task whose first argument is a tenant id.

    The body receives the Tenant and runs inside `tenant_context(tenant)`: the schema and the
    database are set before it starts and restored after, whoever calls it (a worker, or the
    caller's own thread when tasks run eagerly inside another store's request).
    """

    def decorator(func: Callable) -> Callable:
        @functools.wraps(func)
        def run(tenant_id: int, *args, **kwargs):
            tenant = Tenant.objects.get(pk=tenant_id)
            with tenant_context(tenant):
                return func(tenant, *args, **kwargs)

        return shared_task(*task_args, **task_kwargs)(run)

    return decorator


def queue_for_active_stores(task, *, has_work: Callable[[], bool]) -> int:
    """Queue `task` (a tenant_task) for every active store where `has_work()` (asked inside
    the store's schema) is true; return how many were queued. The fleet-wide half of a
    periodic sweep: the per-store half runs where the store's schema is set."""
    queued = 0
    for tenant in Tenant.objects.filter(state=Tenant.State.ACTIVE).order_by("pk"):
        with tenant_context(tenant):
            if not has_work():
                continue
        task.delay(tenant.pk)
        queued += 1
    return queued


@shared_task(name="tenants.top_up_spare_schemas")
def top_up_spare_schemas(placement: str = "default") -> int:
    """Build one spare store schema the pool of one database is short of, then queue this
    task again while it is still short: one spare per task, so the jobs of signups queued
    meanwhile run between two builds. A task that finds another one building returns; the
    builder counts again after it lets go, so a spare claimed meanwhile is never left out."""
    from tenants import pool

    built = pool.top_up_pool(placement, limit=1)
    if built is not None and pool.is_short(placement):
        top_up_spare_schemas.delay(placement)
    return built or 0


@tenant_task(name="tenants.probe", ignore_result=False)
def probe(tenant: Tenant) -> dict:
    """Where a store's task really runs: for operators, and for the tests that prove it."""
    active = current()
    with connections[active.alias].cursor() as cursor:
        cursor.execute("SELECT current_schema(), current_database()")
        schema, database = cursor.fetchone()
    return {
        "tenant": tenant.slug,
        "schema": schema,
        "database": database,
        "alias": active.alias,
        "python_platform": platform.system(),
    }
