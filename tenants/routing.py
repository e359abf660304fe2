"""Host -> tenant, cached, and cleared when a Domain or Tenant changes (models.py).

Two levels: the shared routing cache (Redis when REDIS_URL is set), and in front of it a tiny
per-process memo that lives TENANT_ROUTING_LOCAL_SECONDS (default 2 s). The memo saves a Redis
round trip on almost every request (the storefront benchmark measured that round trip as most
of the tenancy overhead); a change clears both levels in the process that makes it, and other
processes see it once their memo entry expires, so a suspension reaches every server within
those seconds. Unknown hosts and stores not yet live are never memoised: a new store answers
in every process as soon as it opens.
"""

from __future__ import annotations

import time

from core import metrics
from django.conf import settings
from django.core.cache import caches

from tenants.models import Domain, Tenant

_UNKNOWN = "unknown"
_FIELDS = ("id", "schema_name", "slug", "name", "state", "placement")


def normalize_host(host: str) -> str:
    """`Demo.Example.com.:8000` -> `demo.example.com`."""
    host = host.strip().lower()
    if host.startswith("["):  # IPv6 literal: keep as is, drop the port
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0].rstrip(".") if ":" in host else host.rstrip(".")


def is_platform_host(host: str) -> bool:
    return host in (settings.PLATFORM_DOMAIN, f"www.{settings.PLATFORM_DOMAIN}")


def _key(host: str) -> str:
    return f"host:{host}"


_memo: dict[str, tuple[float, dict | str]] = {}
_MEMO_MAX = 10_000
# Only settled stores are memoised. A host that is unknown, or whose store is still being set
# up (or failed), is about to change while a founder waits on it (the signup page polls until
# the store answers): other processes must see that change at once, from the shared cache.
_MEMO_STATES = frozenset({Tenant.State.ACTIVE, Tenant.State.SUSPENDED})


def _lookup(host: str) -> dict | str:
    now = time.monotonic()
    hit = _memo.get(host)
    if hit is not None and hit[0] > now:
        metrics.ROUTING_MEMO_HIT.inc()
        return hit[1]
    cached = _shared_lookup(host)
    if isinstance(cached, dict) and cached["state"] in _MEMO_STATES:
        if len(_memo) >= _MEMO_MAX:
            _memo.clear()
        _memo[host] = (now + settings.TENANT_ROUTING_LOCAL_SECONDS, cached)
    return cached


def _shared_lookup(host: str) -> dict | str:
    cache = caches["routing"]
    cached = cache.get(_key(host))
    if cached is None:
        metrics.ROUTING_MISS.inc()
        row = (
            Domain.objects.filter(domain=host)
            .values_list(*(f"tenant__{field}" for field in _FIELDS))
            .first()
        )
        cached = dict(zip(_FIELDS, row, strict=True)) if row else _UNKNOWN
        cache.set(_key(host), cached, settings.TENANT_ROUTING_CACHE_SECONDS)
    else:
        metrics.ROUTING_CACHE_HIT.inc()
    return cached


# The Tenant built from a memoised row, kept as long as that row (the same dict object) is:
# building a model instance was a measurable part of routing's cost on every request.
_built: dict[str, tuple[dict, Tenant]] = {}


def get_tenant_for_host(host: str) -> Tenant | None:
    """The store a host name serves, or None. No I/O at all on the hot path. A settled store's
    Tenant is shared by the requests of a process for the memo's few seconds: read it, never
    change it (write to a fresh row from the database instead)."""
    cached = _lookup(host)
    if cached == _UNKNOWN:
        return None
    built = _built.get(host)
    if built is not None and built[0] is cached:
        return built[1]
    tenant = Tenant(**cached)
    tenant._state.adding = False
    tenant._state.db = "default"
    if cached["state"] in _MEMO_STATES:
        if len(_built) >= _MEMO_MAX:
            _built.clear()
        _built[host] = (cached, tenant)
    return tenant


def forget_hosts(hosts: list[str]) -> None:
    for host in hosts:
        _memo.pop(host, None)
        _built.pop(host, None)
    caches["routing"].delete_many([_key(host) for host in hosts])
