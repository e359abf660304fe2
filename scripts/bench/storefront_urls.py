"""The storefront benchmark's urlconf (storefront_settings.ROOT_URLCONF): the store's own
urlconf plus `/bench/floor`, a constant JSON answer served by the same server and the full
middleware stack on the store's host. What an endpoint costs above the floor is its own work
(views, queries, serialization); the floor is what every request costs before any view.
"""

from config.urls_tenant import handler400, handler500
from config.urls_tenant import urlpatterns as store_urlpatterns
from django.http import HttpRequest, HttpResponse
from django.urls import path

FLOOR_PATH = "/bench/floor"
FLOOR_BODY = b'{"floor": "success", "order-api-version": "0.0.1"}'


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(FLOOR_BODY, content_type="application/json")


urlpatterns = [path(FLOOR_PATH.lstrip("/"), floor, name="bench-floor"), *store_urlpatterns]

__all__ = ["FLOOR_BODY", "FLOOR_PATH", "handler400", "handler500", "urlpatterns"]
