"""Middleware of the storefront benchmark's settings (storefront_settings); never used by the
product.

- SearchPathCountMiddleware (outermost, in both configurations) counts the `SET search_path`
  statements the tenant backend issues while a request runs, and reports the number in the
  X-Bench-Search-Path-Sets response header.
- PinnedStoreMiddleware stands in for CachedTenantMiddleware in the "tenant middleware off"
  configuration: it enters one store's tenant_context once per worker process, on the first
  request, and never leaves it. Every later request runs the same views against the same
  schema and rows with no Host routing, no per-request schema switch and no
  `SET search_path` at all (the connection keeps the path it was given once). What the views
  remember for one tenant context (the catalog version: shop.catalog.cache reads it once per
  request) is forgotten before each request, as a new context would: otherwise "off" would
  read it once per process and skip work that production does on every request.
"""

from __future__ import annotations

import os
import threading
from contextlib import ExitStack

from django.http import HttpRequest, HttpResponse

HEADER = "X-Bench-Search-Path-Sets"
STORE_ENV = "STOREFRONT_BENCH_STORE"

_counter = threading.local()


def _sets_so_far() -> int:
    return getattr(_counter, "sets", 0)


def install_search_path_counter() -> None:
    """Count every call of the backend's search-path computation, which it makes exactly once
    per `SET search_path` it issues (as tests/fixtures/tenants.py counts them)."""
    from django_tenants.postgresql_backend.base import DatabaseWrapper

    original = DatabaseWrapper._get_cursor_search_paths
    if getattr(original, "counts_search_path_sets", False):
        return

    def counting(self):
        _counter.sets = _sets_so_far() + 1
        return original(self)

    counting.counts_search_path_sets = True
    DatabaseWrapper._get_cursor_search_paths = counting


class SearchPathCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        install_search_path_counter()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        before = _sets_so_far()
        response = self.get_response(request)
        response[HEADER] = str(_sets_so_far() - before)
        return response


def forget_context_memos() -> None:
    """What a new tenant_context starts without (see the module doc)."""
    from shop.catalog import cache

    cache._seen.set(None)


class PinnedStoreMiddleware:
    """The store named by STOREFRONT_BENCH_STORE (a slug), pinned for the process's life."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.tenant = None
        self._pinned = ExitStack()  # held open until the worker exits

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.tenant is None:
            self.tenant = self._pin()
        forget_context_memos()
        request.tenant = self.tenant
        return self.get_response(request)

    def _pin(self):
        from tenants.context import tenant_context
        from tenants.models import Tenant

        tenant = Tenant.objects.get(slug=os.environ[STORE_ENV])
        self._pinned.enter_context(tenant_context(tenant))
        return tenant
