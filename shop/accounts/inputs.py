"""Reading the `/user` API's form fields. A missing field is None (then a field error),
never a 500."""

from __future__ import annotations

from django.http import HttpRequest

from shop.api import read_text

__all__ = ["read_bool", "read_password", "read_text"]

PASSWORD_READ_MAX = 1000  # longer is refused by the rules anyway; never hash megabytes


def read_password(request: HttpRequest, name: str) -> str | None:
    """A password as typed (not stripped); None when missing or empty."""
    value = request.POST.get(name)
    if not value or "\x00" in value:
        return None
    return value[:PASSWORD_READ_MAX]


def read_bool(request: HttpRequest, name: str) -> bool | None:
    """The reference's booleans: the strings 'true' and 'false'; None otherwise."""
    value = read_text(request, name)
    if value is None:
        return None
    return {"true": True, "false": False}.get(value.lower())
