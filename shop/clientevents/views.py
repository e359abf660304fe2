"""`/clientevent/*`: GET only, no authentication, always the JSON string "thank you".
A row is written only when `url` is present (the reference's contract); no version key."""

from __future__ import annotations

from collections.abc import Callable

from core.ratelimit import client_ip
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from shop.clientevents import services

THANK_YOU = "thank you"


def _thank_you() -> JsonResponse:
    response = JsonResponse(THANK_YOU, safe=False)
    add_never_cache_headers(response)
    return response


def _event(record: Callable[[HttpRequest, dict[str, str | None], str], object]):
    @require_safe
    def view(request: HttpRequest) -> HttpResponse:
        params = {name: request.GET.get(name) for name in request.GET}
        url = (params.get("url") or "").strip()
        if url:
            record(request, params, url)
        return _thank_you()

    view.__name__ = record.__name__
    return view


@_event
def pageview(request, params, url):
    services.record_pageview(
        client_event_id=params.get("client_event_id"),
        anonymous_id=params.get("anonymous_id"),
        url=url,
        page_width=params.get("pageWidth"),
        remote_addr=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT"),
    )


@_event
def ajaxerror(request, params, url):
    services.record_ajax_error(
        client_event_id=params.get("client_event_id"),
        anonymous_id=params.get("anonymous_id"),
        url=url,
        error_id=params.get("error_id"),
    )


@_event
def buttonclick(request, params, url):
    services.record_button_click(
        client_event_id=params.get("client_event_id"),
        anonymous_id=params.get("anonymous_id"),
        url=url,
        button_id=params.get("button_id"),
    )


@_event
def linkevent(request, params, url):
    services.record_link_event(
        mb_cd=params.get("mb_cd"),
        pr_cd=params.get("pr_cd"),
        em_cd=params.get("em_cd"),
        ad_cd=params.get("ad_cd"),
        anonymous_id=params.get("anonymous_id"),
        url=url,
    )


def index(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        "Hello, you're at the clientevent API (version 0.0.1) root. Nothing to see here...",
        content_type="text/plain; charset=utf-8",
    )
    add_never_cache_headers(response)
    return response
