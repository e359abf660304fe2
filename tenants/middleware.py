"""Route every request by its Host header to the control plane or to one store."""

from __future__ import annotations

import logging

from core import health
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import set_urlconf
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.postgresql_backend.base import FakeTenant

from tenants import routing
from tenants.context import public_context, tenant_context
from tenants.models import Tenant

logger = logging.getLogger("storefleet.routing")


def _page(template: str, status: int, **context) -> HttpResponse:
    # Rendered without a request: these pages must never touch a store's data.
    response = HttpResponse(render_to_string(template, context), status=status)
    if status == 503:
        response["Retry-After"] = "30"
    return response


def _closed_store_page(request: HttpRequest, tenant: Tenant, template: str) -> HttpResponse:
    """The 503 of a store that is suspended or not yet open: expected, so logged at INFO with
    the store (django.request would log every such request at ERROR and trip error alarms)."""
    logger.info(
        "%s store %s answered 503 to %s %s",
        tenant.state,
        tenant.slug,
        request.method,
        request.path[:200],
        extra={"tenant": tenant.schema_name},
    )
    response = _page(template, 503, tenant=tenant)
    response._has_been_logged = True
    return response


class CachedTenantMiddleware(TenantMainMiddleware):
    """django-tenants' middleware with a cached Host -> tenant lookup, placement on another
    database, store states, and the previous schema restored after every request.

    It wraps the whole request in a context manager (rather than only setting the schema in
    process_request) so that a store on another database server gets its own connection
    switched and a thread never carries one store's schema into the next request.
    """

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return health.healthz_response()
        try:
            host = routing.normalize_host(request.get_host())
        except DisallowedHost:
            return _page("tenants/not_found.html", 404, host="")

        if routing.is_platform_host(host):
            request.tenant = FakeTenant(schema_name="public")
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
            set_urlconf(request.urlconf)
            with public_context():
                return self.get_response(request)

        tenant = self.get_tenant(None, host)
        if tenant is None or tenant.state == Tenant.State.FAILED:
            return _page("tenants/not_found.html", 404, host=host)
        if tenant.state == Tenant.State.SUSPENDED:
            return _closed_store_page(request, tenant, "tenants/suspended.html")
        if tenant.state == Tenant.State.PROVISIONING:
            return _closed_store_page(request, tenant, "tenants/provisioning.html")

        tenant.domain_url = host
        request.tenant = tenant
        request.urlconf = settings.ROOT_URLCONF
        set_urlconf(request.urlconf)
        with tenant_context(tenant):
            return self.get_response(request)

    def get_tenant(self, domain_model, hostname: str) -> Tenant | None:
        return routing.get_tenant_for_host(hostname)
