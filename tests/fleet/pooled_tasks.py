"""A task for the PgBouncer test's Celery worker (loaded with `celery worker -I`): it reads
its store's marker row, in autocommit and in a transaction, the way store tasks read."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from tenants.tasks import tenant_task
from tests.fixtures.pgbouncer import MARKER


@tenant_task(name="tests.fleet.read_store_marker", ignore_result=False)
def read_store_marker(tenant, rounds: int) -> list[str]:
    """Schema names of the marker rows the task read, one per read."""
    seen: list[str] = []
    for _ in range(rounds):
        seen.append(User.objects.get(username=MARKER).first_name)
        with transaction.atomic():
            seen.append(User.objects.select_for_update().get(username=MARKER).first_name)
    return seen
