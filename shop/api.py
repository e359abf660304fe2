"""The store's JSON APIs' plumbing: one decorator that turns a view's dict (or an
ApplicationError) into the reference's JSON, and small input readers that never raise
anything but ApplicationError. `order_endpoint` serves `/order` (`"order-api-version"`),
`user_endpoint` serves `/user` (`"user-api-version"`); both are `api_endpoint`.

Every response carries its API's version key, `"0.0.1"`. Anticipated errors keep the
reference's shape and HTTP 200 (its client reads the outcome from the body:
`{"<endpoint>": "error", "errors": {"error": "<code>"}}`, or `{"errors": {"<field>": [...]}}`
for field errors, or, for the codes an endpoint lists in `status_errors`, the code as the
status itself: `{"<endpoint>": "<code>"}`); a wrong HTTP method is a 405, an unparseable body
a 400 and a rate limit a 429 (with Retry-After), in the same shape. Nothing a client sends
can make a view raise anything else.

`describe_errors=True` adds a human sentence to every such error, next to its code:
`{"errors": {"error": "<code>", "description": "..."}}`. The reference's checkout endpoints
answer so, and its client shows `errors.description`.

A view may ask for changes to its response (a cookie to delete) with `on_response`, and may
return its answer already serialized (`Rendered(render_body(payload))`, e.g. from the catalog
cache): the same bytes the dict would have given.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from core.ratelimit import RateLimited
from django.core.exceptions import SuspiciousOperation
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date

from shop.cart.cookies import apply_cart_cookie
from shop.errors import ApplicationError, FieldErrors

API_VERSION = "0.0.1"
VERSION_KEY = "order-api-version"
USER_VERSION_KEY = "user-api-version"
ECHO_MAX = 100
_ID_RE = re.compile(r"[0-9]{1,18}")
_RESPONSE_HOOKS = "_api_response_hooks"
# What add_never_cache_headers gives a response that has no caching headers yet.
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"
# The sentences of the errors the plumbing itself answers (describe_errors).
METHOD_NOT_ALLOWED = "This request method is not allowed here."
MALFORMED_REQUEST = "The request body could not be read."


@dataclass(frozen=True)
class Rendered:
    """A successful answer's body, already serialized by `render_body` with the endpoint's
    version key."""

    body: bytes


View = Callable[..., dict[str, Any] | Rendered]
ResponseHook = Callable[[HttpResponse], HttpResponse | None]


def render(
    payload: dict[str, Any], *, status: int = 200, version_key: str = VERSION_KEY
) -> JsonResponse:
    response = JsonResponse({**payload, version_key: API_VERSION}, status=status)
    return never_cache(response)


def render_body(payload: dict[str, Any], *, version_key: str = VERSION_KEY) -> bytes:
    """The body `render(payload)` gives, byte for byte (JsonResponse's own serialization)."""
    return json.dumps({**payload, version_key: API_VERSION}, cls=DjangoJSONEncoder).encode()


def _render_rendered(rendered: Rendered) -> HttpResponse:
    return never_cache(HttpResponse(rendered.body, content_type="application/json"))


def never_cache(response: HttpResponse) -> HttpResponse:
    """add_never_cache_headers(response), without parsing and rebuilding Cache-Control for a
    response that has no caching headers yet (every answer of the APIs): the same headers."""
    if "Cache-Control" in response or "Expires" in response:
        add_never_cache_headers(response)
    else:
        response.headers["Expires"] = http_date()
        response.headers["Cache-Control"] = NEVER_CACHE
    return response


def on_response(request: HttpRequest, hook: ResponseHook) -> None:
    """Have `hook(response)` applied to this request's response (e.g. delete a cookie)."""
    hooks = getattr(request, _RESPONSE_HOOKS, None)
    if hooks is None:
        hooks = []
        setattr(request, _RESPONSE_HOOKS, hooks)
    hooks.append(hook)


def api_endpoint(
    key: str,
    *,
    version_key: str,
    methods: Iterable[str] = ("GET",),
    echo: Iterable[str] = (),
    status_errors: Iterable[str] = (),
    invalid_status: str = "error",
    describe_errors: bool = False,
) -> Callable[[View], Callable[..., HttpResponse]]:
    """Wrap a view that returns a dict. `key` is the endpoint's status key; `echo` names
    inputs (URL kwargs or request fields) repeated back in an error response; error codes
    in `status_errors` become the status itself; field errors get `invalid_status`;
    `describe_errors` puts a description beside each `errors.error` (see the module doc)."""
    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())
    echoed = tuple(echo)
    as_status = frozenset(status_errors)

    def answer(payload: dict[str, Any], status: int = 200) -> JsonResponse:
        return render(payload, status=status, version_key=version_key)

    def errors(code: str, description: str) -> dict[str, str]:
        return {"error": code, "description": description} if describe_errors else {"error": code}

    def decorate(view: View) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in allowed:
                response = answer(
                    {key: "error", "errors": errors("method-not-allowed", METHOD_NOT_ALLOWED)},
                    status=405,
                )
                response["Allow"] = ", ".join(sorted(allowed))
                return response
            if request.method == "POST" and not _body_is_readable(request):
                return answer(
                    {key: "error", "errors": errors("malformed-request", MALFORMED_REQUEST)},
                    status=400,
                )
            status = 200
            try:
                payload = view(request, *args, **kwargs)
            except RateLimited as error:
                response = answer(
                    {key: "error", "errors": errors(error.code, error.message)}, status=429
                )
                response["Retry-After"] = str(error.retry_after)
                return response
            except ApplicationError as error:
                if isinstance(error, FieldErrors):
                    payload = {key: invalid_status, "errors": error.fields}
                elif error.code in as_status:
                    payload = {key: error.code}
                else:
                    payload = {key: "error", "errors": errors(error.code, _description(error))}
                payload.update(_echo(request, kwargs, echoed))
                payload.update(error.extra)
            if isinstance(payload, Rendered):
                response = _render_rendered(payload)
            else:
                response = answer(payload, status)
            response = apply_cart_cookie(request, response)
            for hook in getattr(request, _RESPONSE_HOOKS, ()):
                response = hook(response) or response
            return response

        return wrapper

    return decorate


def order_endpoint(
    key: str,
    *,
    methods: Iterable[str] = ("GET",),
    echo: Iterable[str] = (),
    describe_errors: bool = False,
) -> Callable[[View], Callable[..., HttpResponse]]:
    """An `/order` endpoint (`"order-api-version"`)."""
    return api_endpoint(
        key,
        version_key=VERSION_KEY,
        methods=methods,
        echo=echo,
        describe_errors=describe_errors,
    )


def user_endpoint(
    key: str,
    *,
    methods: Iterable[str] = ("GET",),
    status_errors: Iterable[str] = (),
    invalid_status: str = "error",
) -> Callable[[View], Callable[..., HttpResponse]]:
    """A `/user` endpoint (`"user-api-version"`). `user_not_authenticated` is always a
    status (the reference's soft authentication)."""
    return api_endpoint(
        key,
        version_key=USER_VERSION_KEY,
        methods=methods,
        status_errors=("user_not_authenticated", *status_errors),
        invalid_status=invalid_status,
    )


def _description(error: ApplicationError) -> str:
    """The error's sentence for people: the one it carries for the client (a Stripe error's,
    a member address's link to log in), else its message."""
    description = error.extra.get("description")
    return description if isinstance(description, str) and description else error.message


def _body_is_readable(request: HttpRequest) -> bool:
    """Parse the form body once, here, where a broken one can still be answered in JSON."""
    try:
        request.POST  # noqa: B018
    except (MultiPartParserError, SuspiciousOperation, UnreadablePostError):
        return False
    return True


def _echo(request: HttpRequest, kwargs: dict[str, Any], names: tuple[str, ...]) -> dict:
    data = request.POST if request.method == "POST" else request.GET
    echoed = {}
    for name in names:
        value = kwargs.get(name, data.get(name))
        echoed[name] = value[:ECHO_MAX] if isinstance(value, str) else value
    return echoed


def read_text(request: HttpRequest, name: str) -> str | None:
    """A form field (POST for POST requests, else the query string), stripped; None when
    missing or blank. NUL characters, which PostgreSQL cannot store, count as blank."""
    data = request.POST if request.method == "POST" else request.GET
    value = data.get(name)
    if value is None:
        return None
    value = value.strip()
    return value if value and "\x00" not in value else None


def parse_id(value: str) -> int | None:
    """A database id: 1 to 18 ASCII digits, more than zero. Anything else is no id at all."""
    if not _ID_RE.fullmatch(value):
        return None
    number = int(value)
    return number if number > 0 else None
