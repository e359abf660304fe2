from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

from shop.api import API_VERSION


@never_cache
def order_index(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        f"Hello, you're at the order API (version {API_VERSION}) root. Nothing to see here...",
        content_type="text/plain; charset=utf-8",
    )
