"""Settings of the storefront benchmark's gunicorn servers (scripts/bench/storefront only).

The product's settings (config.settings.base) with three changes:
- SearchPathCountMiddleware in front, in both configurations (the X-Bench-Search-Path-Sets
  header: `SET search_path` statements issued during the request);
- with STOREFRONT_BENCH_TENANCY=off, CachedTenantMiddleware replaced in place by
  PinnedStoreMiddleware (one store's schema pinned once per process; see its module);
- ROOT_URLCONF = storefront_urls: the store urlconf plus `/bench/floor`, a constant JSON view
  (the floor every endpoint is compared with).
Everything else (the other middleware, databases, caches, DEBUG off) is the same for both, so
the difference in throughput is the tenant routing.
"""

import os

from config.settings.base import *  # noqa: F403
from config.settings.base import MIDDLEWARE as PRODUCT_MIDDLEWARE

TENANCY = os.environ.get("STOREFRONT_BENCH_TENANCY", "on")
if TENANCY not in ("on", "off"):
    raise ValueError(f"STOREFRONT_BENCH_TENANCY must be on or off, not {TENANCY!r}")

ROOT_URLCONF = "storefront_urls"

_ROUTING = "tenants.middleware.CachedTenantMiddleware"
_PINNED = "storefront_middleware.PinnedStoreMiddleware"

MIDDLEWARE = [
    "storefront_middleware.SearchPathCountMiddleware",
    *(_PINNED if (name == _ROUTING and TENANCY == "off") else name for name in PRODUCT_MIDDLEWARE),
]
