"""A small warm pool of spare, fully built store schemas per database.

Replaying the captured DDL still costs PostgreSQL real work for every table and index
(~0.1-0.3 s at our size). A spare schema built ahead of time turns store creation into
`ALTER SCHEMA ... RENAME`, which touches one catalog row. The pool is topped up by a
background task after each claim and by `migrate`; when it is empty, creation falls back
to replaying the template, so the pool only ever makes things faster.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django_tenants.utils import quote_schema_name

from tenants.models import SpareSchema
from tenants.schema_template import create_schema_from_template, drop_schema, migration_fingerprint

log = logging.getLogger(__name__)

SPARE_PREFIX = "_spare_"
ORPHAN_AFTER_SECONDS = 600  # a spare schema without a row this old was abandoned mid-build
_TOP_UP_LOCK = 0x5F5F_7370  # pg advisory lock key: one top-up per database at a time


def claim_spare_schema(schema_name: str, alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Rename a spare of the current migration state to `schema_name`; False if none is left.

    The spare's row is locked with SKIP LOCKED, so concurrent signups never claim the same
    one. On the shared database the rename and the row's removal commit together.
    """
    fingerprint = migration_fingerprint()
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        spare = (
            SpareSchema.objects.select_for_update(skip_locked=True)
            .filter(placement=alias, fingerprint=fingerprint)
            .order_by("created")
            .first()
        )
        if spare is None:
            return False
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            old, new = quote_schema_name(spare.name), quote_schema_name(schema_name)
            cursor.execute(f"ALTER SCHEMA {old} RENAME TO {new}")
        spare.delete()
    return True


def build_spare_schema(alias: str = DEFAULT_DB_ALIAS) -> SpareSchema:
    name = f"{SPARE_PREFIX}{int(time.time())}_{secrets.token_hex(6)}"
    create_schema_from_template(name, alias)
    return SpareSchema.objects.create(
        name=name, placement=alias, fingerprint=migration_fingerprint()
    )


def _built_at(name: str) -> int:
    try:
        return int(name[len(SPARE_PREFIX) :].split("_", 1)[0])
    except ValueError:
        return 0


def discard_stale_spares(alias: str = DEFAULT_DB_ALIAS) -> int:
    """Drop spares built for an older migration state, and spare schemas without a row."""
    stale = list(
        SpareSchema.objects.filter(placement=alias).exclude(fingerprint=migration_fingerprint())
    )
    for spare in stale:
        drop_schema(spare.name, alias)
        spare.delete()
    known = set(SpareSchema.objects.filter(placement=alias).values_list("name", flat=True))
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", [SPARE_PREFIX + "%"]
        )
        orphans = [row[0] for row in cursor.fetchall() if row[0] not in known]
    # A build that died between its schema and its row; young ones may still be finishing.
    abandoned = [name for name in orphans if time.time() - _built_at(name) > ORPHAN_AFTER_SECONDS]
    for name in abandoned:
        drop_schema(name, alias)
    return len(stale) + len(abandoned)


@contextmanager
def _exclusive(alias: str) -> Iterator[bool]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_TOP_UP_LOCK])
        (acquired,) = cursor.fetchone()
    try:
        yield acquired
    finally:
        if acquired:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_TOP_UP_LOCK])


def top_up_pool(alias: str = DEFAULT_DB_ALIAS, size: int | None = None) -> int:
    """Build spares until `size` (TENANT_SPARE_SCHEMAS) of the current state are waiting."""
    size = settings.TENANT_SPARE_SCHEMAS if size is None else size
    built = 0
    with _exclusive(alias) as acquired:
        if not acquired:  # another process is topping this database up right now
            return 0
        discard_stale_spares(alias)
        current = SpareSchema.objects.filter(placement=alias, fingerprint=migration_fingerprint())
        for _ in range(max(0, size - current.count())):
            build_spare_schema(alias)
            built += 1
    if built:
        log.info("built %d spare store schema(s) on %s", built, alias)
    return built
