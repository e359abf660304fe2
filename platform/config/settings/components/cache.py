"""Redis when REDIS_URL is set (shared by every process), per-process memory otherwise."""

from config import env

REDIS_URL = env.get_str("REDIS_URL")

if REDIS_URL:
    _backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
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
}
