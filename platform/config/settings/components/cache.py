"""Redis when REDIS_URL is set (shared by every process), per-process memory otherwise."""

from config import env

REDIS_URL = env.get_str("REDIS_URL")

if REDIS_URL:
    # Django's RedisCache, with one client per pool instead of one per call (core.redis_cache).
    _backend = {"BACKEND": "core.redis_cache.RedisCache", "LOCATION": REDIS_URL}
else:
    _backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}

CACHES = {
    # Everything a store caches: keys carry the tenant's schema (tenants.cache.make_key).
    "default": {**_backend, "KEY_PREFIX": "sf", "KEY_FUNCTION": "tenants.cache.make_key"},
    # Host -> tenant routing: global keys, read before any tenant is known.
    "routing": {
        **_backend,
        "KEY_PREFIX": "sf-routing",
        "LOCATION": _backend.get("LOCATION", "routing"),
    },
    # Facts about a store named by its id, written from outside its schema (the platform's
    # own code: signup, provisioning, the dashboard), e.g. whether its Stripe keys are test keys.
    "platform": {
        **_backend,
        "KEY_PREFIX": "sf-platform",
        "LOCATION": _backend.get("LOCATION", "platform"),
    },
    # The stores' catalog reads (shop.catalog.cache): keys carry the schema explicitly, so a
    # version bump run after commit needs no tenant context.
    "catalog": {
        **_backend,
        "KEY_PREFIX": "sf-catalog",
        "LOCATION": _backend.get("LOCATION", "catalog"),
    },
}

# Catalog JSON and store-page catalog data built once per catalog version (shop.catalog.cache).
# On by default only with a shared Redis: a per-process cache could not see other processes'
# version bumps.
CATALOG_CACHE_ENABLED = env.get_bool("CATALOG_CACHE_ENABLED", default=bool(REDIS_URL))
# How long an entry lives (in Redis and in a process's memo): also the longest an entry can
# outlive a version bump that Redis missed (unreachable at that moment).
CATALOG_CACHE_SECONDS = env.get_int("CATALOG_CACHE_SECONDS", 600)
# Entries each process keeps in memory in front of Redis (least recently used go first).
CATALOG_CACHE_MEMO_ENTRIES = env.get_int("CATALOG_CACHE_MEMO_ENTRIES", 2000)
