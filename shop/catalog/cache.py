"""Catalog reads from a per-store cache (DESIGN §4): built once per catalog version.

    body = cached_catalog_json("product", identifier, build)   # bytes, or None if build says so
    bump_catalog_version()          # in a write's transaction: a new version after it commits

Each store has a catalog version in Redis (the `catalog` cache: `<schema>:<tenant id>:version`,
a random token). Whatever the catalog cache holds is keyed by the store (schema and tenant id:
ids are never reused, so a store opened later under a deleted store's name starts afresh),
that version and a format number (`<schema>:<tenant id>:<FORMAT>:<version>:<kind>:<key>`), so
no key of one store can be read by another, and a bump makes every earlier entry of the store
unreachable. In front of Redis sits a small per-process memo keyed the same way. A bare schema
(the template, a spare being built: no store yet) is never cached.

Nothing stale is served once a write has committed: every read learns the current version
from Redis (one GET per request: the version is remembered for the rest of the request's
tenant context, never across requests), and writers bump it in `transaction.on_commit` on the
store's database, so a rolled-back write bumps nothing. A bump SETs a fresh random token
rather than INCRementing: a version key evicted from Redis then starts again at a value that
no old entry carries. Entries expire after CATALOG_CACHE_SECONDS, which also bounds the life
of an entry whose bump was lost (Redis unreachable at that moment; logged).

Without Redis (unreachable, or CATALOG_CACHE_ENABLED off) every read is built afresh: slower,
never stale, never an error.

What bumps (exactly the writes that change what the cached reads show): the catalog's admin
pages (`CatalogAdminMixin`) and imports (`CatalogResource`), the store theme's admin, seeding,
and stock changes that move a SKU's inventory label (shop.catalog.stock); and, for the carts'
totals (shop.cart.totals_cache), discount codes and types, shipping methods and the order
configuration (the tax rate), through their admin pages and imports.

A part of a store may have a version of its own (a scope: one shopper's cart): an entry of
`cached_scoped_json` carries both versions, and `bump_scoped_versions` retires the scope's.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from datetime import datetime
from functools import partial
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from tenants.context import Active, current

try:  # the Redis client is only there when Redis is configured
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover
    RedisError = OSError  # type: ignore[misc, assignment]

log = logging.getLogger(__name__)

CACHE_ALIAS = "catalog"
# Change when the shape of anything cached changes: a deploy then never reads older entries.
FORMAT = 1
MAX_KEY_CHARS = 100  # Product.identifier's max_length
T = TypeVar("T")

Version = int | str  # str: a token written before versions were ints


def _new_token() -> int:
    """A version: random, so an evicted key starts again at a value no entry carries; an int,
    which Django's Redis serializer stores as its digits (read back with int(), where a str
    would be unpickled on every request's version read)."""
    return secrets.randbits(62)


# The version a tenant context (one request) has read: (its Active, the version).
_seen: ContextVar[tuple[Active, Version] | None] = ContextVar("catalog_version_seen", default=None)


def _enabled() -> bool:
    return getattr(settings, "CATALOG_CACHE_ENABLED", False)


def _store(active: Active) -> str | None:
    """The key part naming the store; None in a bare schema (no store)."""
    if active.tenant_id is None:
        return None
    return f"{active.schema_name}:{active.tenant_id}"


def _version_key(store: str) -> str:
    return f"{store}:version"


def _entry_key(store: str, version: Version, kind: str, key: str) -> str:
    return f"{store}:{FORMAT}:{version}:{kind}:{key}"


# Versions -------------------------------------------------------------------------------------


def catalog_version() -> Version | None:
    """The current store's catalog version, read from Redis once per tenant context (a
    request); None when the cache is off or cannot be reached, or no store is active."""
    active = current()
    store = _store(active)
    if not _enabled() or store is None:
        return None
    seen = _seen.get()
    if seen is not None and seen[0] is active:
        return seen[1]
    cache = caches[CACHE_ALIAS]
    name = _version_key(store)
    try:
        version = cache.get(name)
        if version is None:  # never bumped, or evicted: a fresh token no entry carries
            cache.add(name, _new_token(), timeout=None)
            version = cache.get(name)
    except (RedisError, OSError) as error:
        log.warning("catalog cache unavailable, building uncached: %s", error)
        return None
    if version is not None:
        _seen.set((active, version))
    return version


def bump_catalog_version() -> None:
    """Give the current store a new catalog version once the current transaction on its
    database commits (at once outside a transaction); a rollback bumps nothing."""
    active = current()
    store = _store(active)
    if store is not None:  # a bare schema has nothing cached
        transaction.on_commit(partial(_set_new_version, store), using=active.alias)


def _set_new_version(store: str) -> None:
    seen = _seen.get()
    if seen is not None and _store(seen[0]) == store:
        _seen.set(None)  # this context reads the new version from now on
    # Bumped even where the cache is off: other processes may have it on.
    try:
        caches[CACHE_ALIAS].set(_version_key(store), _new_token(), timeout=None)
    except (RedisError, OSError) as error:
        # Entries of the old version live on until CATALOG_CACHE_SECONDS pass.
        log.error("[CATALOG_VERSION_BUMP_FAILED] store=%s: %s", store, error)


# Versions of one part of a store (a shopper's cart) -----------------------------------------


def _scope_key(store: str, scope: str) -> str:
    return f"{store}:scope:{scope}"


def bump_scoped_versions(scopes: Iterable[str]) -> None:
    """New versions for these parts (`scope`s) of the current store once the current
    transaction on its database commits (at once outside one); a rollback bumps nothing."""
    active = current()
    store = _store(active)
    names = tuple(_scope_key(store, scope) for scope in scopes) if store else ()
    if names:
        transaction.on_commit(partial(_set_new_scoped_versions, store, names), using=active.alias)


def _set_new_scoped_versions(store: str, names: tuple[str, ...]) -> None:
    # A scope's version key expires (scopes are many: carts), and an expired one starts again
    # at a fresh token no entry carries, so the expiry never serves anything stale.
    try:
        caches[CACHE_ALIAS].set_many(
            {name: _new_token() for name in names}, timeout=settings.CATALOG_CACHE_SECONDS
        )
    except (RedisError, OSError) as error:
        log.error("[CATALOG_VERSION_BUMP_FAILED] store=%s %s: %s", store, names, error)


def _versions(store: str, scope: str) -> tuple[Version, Version] | None:
    """The store's catalog version and the scope's, in one round trip when both exist."""
    cache = caches[CACHE_ALIAS]
    names = (_version_key(store), _scope_key(store, scope))
    found = cache.get_many(names)
    if len(found) < 2:  # never bumped, or evicted: fresh tokens no entry carries
        cache.add(names[0], _new_token(), timeout=None)
        cache.add(names[1], _new_token(), timeout=settings.CATALOG_CACHE_SECONDS)
        found = cache.get_many(names)
    if len(found) < 2:
        return None
    return found[names[0]], found[names[1]]


def cached_scoped_json(
    kind: str, scope: str, build: Callable[[], tuple[bytes, datetime | None]]
) -> bytes:
    """A JSON body of one part of the current store (`scope`: a cart) that depends on the
    catalog too, built once per (catalog version, scope version). `build()` gives the body and
    the moment it may change by time alone (a discount's window opens or closes; None: never),
    after which it is built afresh. Versions are read before `build` reads the database, so
    an entry built from rows a concurrent write replaced is stored under a version that write's
    bump has already retired."""
    active = current()
    store = _store(active)
    if not _enabled() or store is None or len(scope) > MAX_KEY_CHARS:
        return build()[0]
    try:
        versions = _versions(store, scope)
    except (RedisError, OSError) as error:
        log.warning("catalog cache unavailable, building uncached: %s", error)
        return build()[0]
    if versions is None:
        return build()[0]
    name = f"{_entry_key(store, versions[0], kind, scope)}:{versions[1]}"
    now = time.time()
    found = _memo.get(name)
    if found is None:
        try:
            found = caches[CACHE_ALIAS].get(name)
        except (RedisError, OSError) as error:
            log.warning("catalog cache unavailable, building uncached: %s", error)
            return build()[0]
        if found is not None:
            _memo.put(name, found)
    if found is not None and (found[1] is None or now < found[1]):
        return found[0]
    body, changes = build()
    until = changes.timestamp() if changes is not None else None
    seconds = (
        settings.CATALOG_CACHE_SECONDS
        if until is None
        else min(settings.CATALOG_CACHE_SECONDS, int(until - now))
    )
    if seconds >= 1:
        try:
            caches[CACHE_ALIAS].set(name, (body, until), timeout=seconds)
        except (RedisError, OSError) as error:
            log.warning("catalog cache entry not stored: %s", error)
        _memo.put(name, (body, until))
    return body


class CatalogAdminMixin:
    """For a ModelAdmin of anything the cached reads show: every save (inlines included: they
    commit with it) and delete through the admin bumps the catalog version after commit."""

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        bump_catalog_version()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        bump_catalog_version()

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        bump_catalog_version()


# Cached reads ---------------------------------------------------------------------------------


def cached_catalog_json(kind: str, key: str, build: Callable[[], bytes | None]) -> bytes | None:
    """A JSON body (`build()`'s bytes) of the current store's catalog, built once per catalog
    version; a None from `build` (nothing found) is returned and never cached."""
    return cached_catalog_data(kind, key, build)


def cached_catalog_data(kind: str, key: str, build: Callable[[], T | None]) -> T | None:
    """Like cached_catalog_json for any picklable value. The same object may be handed to
    several requests of a process: give immutable values (frozen dataclasses, tuples)."""
    if len(key) > MAX_KEY_CHARS:  # no product has such an identifier: not worth a cache key
        return build()
    version = catalog_version()
    if version is None:
        return build()
    name = _entry_key(_store(current()), version, kind, key)
    found = _memo.get(name)
    if found is not None:
        return found
    cache = caches[CACHE_ALIAS]
    try:
        found = cache.get(name)
    except (RedisError, OSError) as error:
        log.warning("catalog cache unavailable, building uncached: %s", error)
        return build()
    if found is None:
        found = build()
        if found is None:
            return None
        try:
            cache.set(name, found, timeout=settings.CATALOG_CACHE_SECONDS)
        except (RedisError, OSError) as error:
            log.warning("catalog cache entry not stored: %s", error)
    _memo.put(name, found)
    return found


class _Memo:
    """A bounded, thread-safe, least-recently-used map whose entries expire with Redis's."""

    def __init__(self) -> None:
        self._entries: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, name: str):
        with self._lock:
            entry = self._entries.get(name)
            if entry is None:
                return None
            if entry[0] <= time.monotonic():
                del self._entries[name]
                return None
            self._entries.move_to_end(name)
            return entry[1]

    def put(self, name: str, value: object) -> None:
        expires = time.monotonic() + settings.CATALOG_CACHE_SECONDS
        with self._lock:
            self._entries[name] = (expires, value)
            self._entries.move_to_end(name)
            while len(self._entries) > settings.CATALOG_CACHE_MEMO_ENTRIES:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_memo = _Memo()


def clear_process_memo() -> None:
    """Forget this process's memo (tests; Redis keeps its entries)."""
    _memo.clear()
