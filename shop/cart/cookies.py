"""The anonymous cart cookie `an_ct`: a signed anonymous_cart_id, bound to one store.

The signature's salt names the store's schema, so a cookie signed by store A does not verify
on store B (it is treated as absent). The value is set once, when an anonymous cart is
created, and never rotated on later adds (defect 21), so the checkout allow-list of cookie
values keeps working.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from tenants.context import current

COOKIE_NAME = "an_ct"
SALT = "anonymouscartcookieisthis"
MAX_AGE = 365 * 24 * 60 * 60
_PENDING = "_an_ct_to_set"
_UNSEEN = object()
_VERIFIED_MAX = 10_000  # cookies remembered per process (then forgotten all at once)
_verified: dict[tuple[str, str], str | None] = {}


def _salt() -> str:
    return f"{SALT}:{current().schema_name}"


def read_cart_cookie(request: HttpRequest) -> str | None:
    """The verified anonymous cart id from the request, or None (absent, forged, other store)."""
    raw = request.COOKIES.get(COOKIE_NAME)
    if raw is None:
        return None
    salt = _salt()
    # The answer depends only on (store, cookie, secret): verified once per process.
    found = _verified.get((salt, raw), _UNSEEN)
    if found is _UNSEEN:
        value = request.get_signed_cookie(COOKIE_NAME, default=None, salt=salt)
        found = None if not value or len(value) > 100 or "\x00" in value else value
        if len(_verified) >= _VERIFIED_MAX:
            _verified.clear()
        _verified[(salt, raw)] = found
    return found


def remember_cart_cookie(request: HttpRequest, anonymous_cart_id: str) -> None:
    """Ask for the cookie to be set on this request's response (by `apply_cart_cookie`)."""
    setattr(request, _PENDING, anonymous_cart_id)


def apply_cart_cookie(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    value = getattr(request, _PENDING, None)
    if value:
        response.set_signed_cookie(
            COOKIE_NAME,
            value,
            salt=_salt(),
            max_age=MAX_AGE,
            path="/",
            httponly=True,
            # Secure whenever the session cookie is (DEBUG off): the cart id is a bearer token.
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )
    return response


def delete_cart_cookie(response: HttpResponse) -> HttpResponse:
    """For login (the anonymous cart is merged into the member's) and logout."""
    response.delete_cookie(COOKIE_NAME, path="/", samesite="Lax")
    return response
