"""GET /metrics on the platform host (config/urls_public.py; store hosts have no such route).

Readable with `Authorization: Bearer <METRICS_TOKEN>`, or from a client address in
METRICS_ALLOWED_ADDRESSES (read as CLIENT_ADDRESS_SOURCE says). Anyone else gets a 401, also
when neither is configured: the figures name routes, tasks and volumes, not for the public.
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from core import metrics
from core.client_address import client_address


def is_authorized(*, authorization: str, address: str) -> bool:
    """The bearer METRICS_TOKEN, or a client address in METRICS_ALLOWED_ADDRESSES."""
    token = settings.METRICS_TOKEN
    scheme, _, given = authorization.partition(" ")
    if token and scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token.encode()):
        return True
    networks = settings.METRICS_ALLOWED_NETWORKS
    if not networks:
        return False
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in networks)


def is_allowed(request: HttpRequest) -> bool:
    return is_authorized(
        authorization=request.headers.get("Authorization", ""), address=client_address(request)
    )


@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not is_allowed(request):
        response = HttpResponse("metrics need a token\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(metrics.render_latest(), content_type=CONTENT_TYPE_LATEST)
