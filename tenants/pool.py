"""A small warm pool of spare, fully built store schemas per database and starter catalog.

Replaying the captured DDL still costs PostgreSQL real work for every table and index
(~0.1-0.3 s at our size), and seeding a starter catalog about as much again. A spare schema
built and seeded ahead of time turns store creation into `ALTER SCHEMA ... RENAME`, which
touches one catalog row, and leaves the store's seed step nothing to do. The pool keeps
TENANT_SPARE_SCHEMAS spares of each catalog in TENANT_SPARE_CATALOGS on every database (none
listed: unseeded spares), seeded by TENANT_SPARE_SEEDER (shop.seed.seed_store: tenants never
imports the shop). It is topped up by a background task after each claim and by `migrate`;
when no spare of a catalog is left (a burst of signups), creation takes a spare of a catalog
the store can be seeded on top of (the empty one), an unseeded spare, or replays the template,
and the store is seeded in its job, so the pool only ever makes things faster.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils.module_loading import import_string
from django_tenants.utils import quote_schema_name

from tenants.context import schema_context
from tenants.locks import advisory_lock
from tenants.models import SpareSchema
from tenants.schema_template import (
    create_schema_from_template,
    drop_schema,
    get_template,
    migration_fingerprint,
)

log = logging.getLogger(__name__)

SPARE_PREFIX = "_spare_"
ORPHAN_AFTER_SECONDS = 600  # a spare schema without a row this old was abandoned mid-build
_TOP_UP_LOCK = 0x5F5F_7370  # pg advisory lock key: one top-up per database at a time
_WAITER_LOCK = 0x5F5F_7377  # one store at a time waits for the spare being built
_POLL_SECONDS = 0.02
# Whether someone holds the top-up lock (a spare is being built): pg_locks shows a one-bigint
# advisory key as classid = its high 32 bits, objid = its low ones, objsubid = 1.
_BUILDING_SQL = """
SELECT EXISTS (
    SELECT 1 FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND classid = 0 AND objid = %s
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
)
"""


@cache
def spare_fingerprint() -> str:
    """What a spare was built from: the migration state and the code of the seeder's package
    (TENANT_SPARE_SEEDER; its migrations are in the first already). A spare built under any
    other is stale: a deploy that changes how stores are seeded rebuilds the pool (a few
    seconds of background work) rather than hand founders the old seed."""
    seeder = settings.TENANT_SPARE_SEEDER
    root = Path(import_module(seeder.split(".", 1)[0]).__file__).parent
    digest = hashlib.sha256(migration_fingerprint().encode())
    for path in sorted(root.rglob("*.py")):
        if "migrations" not in path.parts:
            digest.update(f"{path.relative_to(root)}:".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def claim_spare_schema(schema_name: str, alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Rename an unseeded spare to `schema_name`; False if none is left (see claim_spare)."""
    return claim_spare(schema_name, alias) is not None


def claim_spare(
    schema_name: str,
    alias: str = DEFAULT_DB_ALIAS,
    *,
    catalog: str = "",
    fallbacks: Sequence[str] = (),
) -> SpareSchema | None:
    """Rename a spare of the current migration state to `schema_name`; None if none is left.

    With a `catalog`, a spare seeded with it is taken first, then one seeded with each of
    `fallbacks` in turn (catalogs the caller can seed `catalog` on top of), then an unseeded
    one; without, only an unseeded one (the caller seeds the store its own way, or not at
    all). The spare's row is locked with SKIP LOCKED in the same query that picks it, so
    concurrent signups never claim the same one. On the shared database the rename and the
    row's removal commit together. The returned row (deleted) says what the schema holds.
    """
    fingerprint = spare_fingerprint()
    preference = [*dict.fromkeys([catalog, *fallbacks] if catalog else []), ""]
    rank = Case(
        *(When(catalog=kind, then=Value(i)) for i, kind in enumerate(preference)),
        output_field=IntegerField(),
    )
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        spare = (
            SpareSchema.objects.select_for_update(skip_locked=True)
            .filter(placement=alias, fingerprint=fingerprint, catalog__in=preference)
            .order_by(rank, "created")
            .first()
        )
        if spare is None:
            return None
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            old, new = quote_schema_name(spare.name), quote_schema_name(schema_name)
            cursor.execute(f"ALTER SCHEMA {old} RENAME TO {new}")
        spare.delete()
    return spare


def claim_spare_or_wait(
    schema_name: str,
    alias: str = DEFAULT_DB_ALIAS,
    *,
    catalog: str = "",
    fallbacks: Sequence[str] = (),
    wait_ms: int | None = None,
) -> SpareSchema | None:
    """claim_spare; when none is left but a top-up is building one on `alias` right now, wait
    for that one (at most TENANT_SPARE_WAIT_MS). The build in flight ends sooner than a
    replay started now (~0.3 s of PostgreSQL catalog work, plus seeding), and two builds at
    once would slow each other on the same cores. Only one store per database waits at a
    time: a build serves one store, the others build their own schema at once."""
    spare = claim_spare(schema_name, alias, catalog=catalog, fallbacks=fallbacks)
    wait = (settings.TENANT_SPARE_WAIT_MS if wait_ms is None else wait_ms) / 1000
    if spare is not None or wait <= 0 or not _building(alias):
        return spare
    deadline = time.monotonic() + wait
    with advisory_lock(alias, _WAITER_LOCK) as waiting:
        while waiting and spare is None and time.monotonic() < deadline and _building(alias):
            time.sleep(_POLL_SECONDS)
            spare = claim_spare(schema_name, alias, catalog=catalog, fallbacks=fallbacks)
    return spare


def _building(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute(_BUILDING_SQL, [_TOP_UP_LOCK])
        return cursor.fetchone()[0]


def build_spare_schema(alias: str = DEFAULT_DB_ALIAS, catalog: str = "") -> SpareSchema:
    """A spare built from the template and, with a `catalog`, seeded with it, in one
    transaction: a spare has its row (and can be claimed) only once it is complete."""
    name = f"{SPARE_PREFIX}{int(time.time())}_{secrets.token_hex(6)}"
    get_template()  # captured first if need be: capturing runs migrations, never in a transaction
    with transaction.atomic(using=alias):
        create_schema_from_template(name, alias)
        if catalog:
            seed = import_string(settings.TENANT_SPARE_SEEDER)
            with schema_context(name, alias):
                seed(catalog=catalog)
    return SpareSchema.objects.create(
        name=name, placement=alias, fingerprint=spare_fingerprint(), catalog=catalog
    )


def _built_at(name: str) -> int:
    try:
        return int(name[len(SPARE_PREFIX) :].split("_", 1)[0])
    except ValueError:
        return 0


def discard_stale_spares(alias: str = DEFAULT_DB_ALIAS) -> int:
    """Drop spares built for an older migration state or seeder, and spare schemas without a
    row."""
    stale = list(
        SpareSchema.objects.filter(placement=alias).exclude(fingerprint=spare_fingerprint())
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
    # Held across the build's transactions; tenants.locks keeps it whole behind PgBouncer.
    with advisory_lock(alias, _TOP_UP_LOCK) as acquired:
        yield acquired


def top_up_pool(
    alias: str = DEFAULT_DB_ALIAS,
    size: int | None = None,
    catalogs: Sequence[str] | None = None,
    *,
    limit: int | None = None,
) -> int | None:
    """Build spares until `size` (TENANT_SPARE_SCHEMAS) of each of `catalogs`
    (TENANT_SPARE_CATALOGS; none: unseeded spares) of the current state are waiting; how
    many were built, or None when another process is topping this database up right now.

    The first short catalog in the order listed is built first, one spare at a time, counting
    again after each, so spares claimed while this runs are replaced in the same run; at most
    `limit` spares (default: twice the pool's size), so a steady stream of signups cannot
    keep one worker here for ever (the background task builds one at a time: tenants.tasks).
    """
    size = settings.TENANT_SPARE_SCHEMAS if size is None else size
    kinds = list(settings.TENANT_SPARE_CATALOGS if catalogs is None else catalogs) or [""]
    limit = 2 * size * len(kinds) if limit is None else limit
    built = 0
    with _exclusive(alias) as acquired:
        if not acquired:  # it re-counts once it is done (tenants.tasks)
            return None
        discard_stale_spares(alias)
        for _ in range(limit):
            catalog = _most_depleted(alias, size, kinds)
            if catalog is None:
                break
            build_spare_schema(alias, catalog)
            built += 1
    if built:
        log.info("built %d spare store schema(s) on %s", built, alias)
    return built


def is_short(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the pool of `alias` holds fewer spares than the settings ask for."""
    kinds = list(settings.TENANT_SPARE_CATALOGS) or [""]
    return _most_depleted(alias, settings.TENANT_SPARE_SCHEMAS, kinds) is not None


def _most_depleted(alias: str, size: int, kinds: list[str]) -> str | None:
    """The first of `kinds` (in the order listed) with fewer than `size` spares waiting;
    None if none is short. Listed first is refilled first: signups of another catalog fall
    back to the empty catalog's spares, so refilling the empty ones before theirs would spend
    the worker on spares that still need seeding when claimed."""
    waiting = Counter(
        SpareSchema.objects.filter(
            placement=alias, fingerprint=spare_fingerprint(), catalog__in=kinds
        ).values_list("catalog", flat=True)
    )
    return next((kind for kind in kinds if waiting[kind] < size), None)
