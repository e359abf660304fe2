"""storefront_profile's stand-in for CachedTenantMiddleware: the store named by
STOREFRONT_BENCH_STORE entered with tenant_context on every request, without Host routing
(what routing itself costs is CachedTenantMiddleware's cost minus this one's)."""

from __future__ import annotations

import os

from django.http import HttpRequest, HttpResponse


class FixedStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.tenant = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from tenants.context import tenant_context
        from tenants.models import Tenant

        if self.tenant is None:
            self.tenant = Tenant.objects.get(slug=os.environ["STOREFRONT_BENCH_STORE"])
        request.tenant = self.tenant
        with tenant_context(self.tenant):
            return self.get_response(request)
