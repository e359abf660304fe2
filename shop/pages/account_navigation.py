"""Where the sign-in page may send a shopper afterwards: `?next=` is only ever a path on this
same store, never another site (`//evil.example`, `http://…`, `/\\evil`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

from django.utils.http import url_has_allowed_host_and_scheme

ACCOUNT_PATH = "/account"
# A signed-in member sent back to a sign-in page would be sent on again, forever.
_SIGN_IN_PATHS = {"/login", "/create-account"}
# The reference's pages also sent `next=account/order` without the leading slash.
_BARE_PATH_RE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_/-]*")


def safe_next(value: str | None, *, default: str = ACCOUNT_PATH) -> str:
    """`value` when it is a same-site relative path (with its query), else `default`."""
    if not value:
        return default
    value = value.strip()
    if _BARE_PATH_RE.fullmatch(value):
        value = f"/{value}"
    if (
        not value.startswith("/")
        or value.startswith(("//", "/\\"))
        or any(ord(character) < 0x20 or character == "\\" for character in value)
        or len(value) > 2000
    ):
        return default
    # Relative URLs only: no host is allowed, so any scheme or netloc fails this.
    if not url_has_allowed_host_and_scheme(value, allowed_hosts=set(), require_https=False):
        return default
    if urlsplit(value).path.rstrip("/") in _SIGN_IN_PATHS:
        return default
    return value


# The reference's order page sent a signed-out shopper to
# `/login?next=account/order&order_identifier=<id>`: the order comes back as `identifier`.
_ORDER_PATH = "/account/order"
_IDENTIFIER_RE = re.compile(r"[A-Za-z0-9]{1,100}")


def next_after_sign_in(params: Mapping[str, str], *, default: str = ACCOUNT_PATH) -> str:
    """Where the sign-in and create-account pages send the shopper afterwards, from their
    query: `next` made safe, the reference's `order_identifier` carried to the order page."""
    path = safe_next(params.get("next"), default=default)
    identifier = params.get("order_identifier") or ""
    if path == _ORDER_PATH and _IDENTIFIER_RE.fullmatch(identifier):
        return f"{_ORDER_PATH}?{urlencode({'identifier': identifier})}"
    return path
