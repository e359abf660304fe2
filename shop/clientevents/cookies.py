"""The `anonymousclientevent` cookie: a signed random id naming an anonymous visitor in
client events, bound to one store (the salt names the schema), valid for a year."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from shop.codes import new_code
from tenants.context import current

COOKIE_NAME = "anonymousclientevent"
SALT = "clienteventanonymousclienteventoccurrence"
MAX_AGE = 365 * 24 * 60 * 60


def _salt() -> str:
    return f"{SALT}:{current().schema_name}"


def read_anonymous_id(request: HttpRequest) -> str | None:
    value = request.get_signed_cookie(COOKIE_NAME, default=None, salt=_salt())
    return value if value and len(value) <= 100 else None


def set_new_anonymous_id(response: HttpResponse) -> HttpResponse:
    response.set_signed_cookie(
        COOKIE_NAME, new_code(), salt=_salt(), max_age=MAX_AGE, path="/", samesite="Lax"
    )
    return response
