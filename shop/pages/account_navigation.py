"""Where the sign-in page may send a shopper afterwards: `?next=` is only ever a path on this
same store, never another site (`//evil.example`, `http://…`, `/\\evil`)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

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
