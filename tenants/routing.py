"""Host -> tenant, cached, and cleared when a Domain or Tenant changes (models.py)."""

from __future__ import annotations

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


def get_tenant_for_host(host: str) -> Tenant | None:
    """The store a host name serves, or None. One cache read on the hot path."""
    cache = caches["routing"]
    cached = cache.get(_key(host))
    if cached is None:
        row = (
            Domain.objects.filter(domain=host)
            .values_list(*(f"tenant__{field}" for field in _FIELDS))
            .first()
        )
        cached = dict(zip(_FIELDS, row, strict=True)) if row else _UNKNOWN
        cache.set(_key(host), cached, settings.TENANT_ROUTING_CACHE_SECONDS)
    if cached == _UNKNOWN:
        return None
    tenant = Tenant(**cached)
    tenant._state.adding = False
    tenant._state.db = "default"
    return tenant


def forget_hosts(hosts: list[str]) -> None:
    caches["routing"].delete_many([_key(host) for host in hosts])
