"""Migrating every store: skip what is already current without opening Django's migration
machinery, migrate the rest in parallel processes.

A schema is current when the list of migrations it has applied equals the list a schema
built from the current template holds: one query per database answers that for every store.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections
from django_tenants.utils import quote_schema_name

from tenants.models import Tenant
from tenants.schema_template import APPLIED_DIGEST_SQL, get_template, migrate_schema

log = logging.getLogger(__name__)

_CHUNK = 500  # schemas per catalog query


@dataclass
class FleetReport:
    current: list[str] = field(default_factory=list)
    migrated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # no schema yet, or failed
    failed: dict[str, str] = field(default_factory=dict)


def existing_schemas(alias: str, names: Iterable[str]) -> set[str]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", [list(names)])
        return {row[0] for row in cursor.fetchall()}


def applied_digests(alias: str, schemas: list[str]) -> dict[str, str | None]:
    """Each schema's digest of applied migrations, in one query per chunk of schemas."""
    digests: dict[str, str | None] = {}
    for start in range(0, len(schemas), _CHUNK):
        chunk = schemas[start : start + _CHUNK]
        parts = [
            f"SELECT %s, ({APPLIED_DIGEST_SQL.format(schema=quote_schema_name(name))})"
            for name in chunk
        ]
        with connections[alias].cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), chunk)
            digests.update(dict(cursor.fetchall()))
    return digests


def stale_schemas(alias: str, tenants: list[Tenant], target: str, report: FleetReport) -> list[str]:
    names = [tenant.schema_name for tenant in tenants]
    present = existing_schemas(alias, names)
    report.skipped += [name for name in names if name not in present]
    digests = applied_digests(alias, sorted(present))
    stale = []
    for name in sorted(present):
        (report.current if digests.get(name) == target else stale).append(name)
    return stale


def _migrate_one(job: tuple[str, str]) -> tuple[str, str | None]:
    schema, alias = job
    try:
        migrate_schema(schema, alias)
        return schema, None
    except Exception as exc:  # reported per schema; one bad store must not stop the fleet
        log.exception("migrating schema %s failed", schema)
        return schema, f"{exc.__class__.__name__}: {exc}"


def _migrate_in_child(job: tuple[str, str]) -> tuple[str, str | None]:
    try:
        return _migrate_one(job)
    finally:
        connections.close_all()


def migrate_fleet(
    *, processes: int | None = None, aliases: Iterable[str] | None = None
) -> FleetReport:
    """Bring every provisioned store's schema to the current migration state."""
    target = get_template().migrations_digest
    report = FleetReport()
    jobs: list[tuple[str, str]] = []
    tenants = Tenant.objects.exclude(state=Tenant.State.FAILED)
    report.skipped += list(
        Tenant.objects.filter(state=Tenant.State.FAILED).values_list("schema_name", flat=True)
    )
    for alias in aliases or settings.DATABASES:
        placed = list(tenants.filter(placement=alias))
        if placed:
            jobs += [(name, alias) for name in stale_schemas(alias, placed, target, report)]

    processes = processes or settings.TENANT_MIGRATION_PROCESSES
    if len(jobs) <= 1 or processes <= 1:
        results = [_migrate_one(job) for job in jobs]
    else:
        connections.close_all()  # forked children must not share the parent's sockets
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
            results = list(pool.map(_migrate_in_child, jobs))
    for schema, error in results:
        if error:
            report.failed[schema] = error
        else:
            report.migrated.append(schema)
    return report
