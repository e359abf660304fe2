"""Anticipated errors: a small typed hierarchy, turned into responses in one place per surface.

Domain code raises these; it never builds an HTTP response. Each surface has one adapter that
renders them (the store's `/order` API: `shop.api.order_endpoint`). `code` is the stable,
machine-readable string a client matches on; `message` is for people; `extra` carries fields
the client needs next to the code (for example the field errors of a form).

Anything that is not an ApplicationError is unanticipated: it is not caught, so it is logged
and answered by Django's own error handling.
"""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """An error the caller can act on: bad input, a missing thing, a refused action."""

    default_http_status = 400

    def __init__(
        self,
        message: str,
        *,
        code: str,
        http_status: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.http_status = http_status or self.default_http_status
        self.extra = dict(extra or {})

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class InvalidInput(ApplicationError):
    """The request itself is malformed: a field is missing, not a number, out of range."""


class NotFound(ApplicationError):
    default_http_status = 404


class Conflict(ApplicationError):
    """The request is well formed but clashes with the current state."""

    default_http_status = 409


class NotAllowed(ApplicationError):
    """The caller may not do this (allow-list, ownership, a state that forbids it)."""

    default_http_status = 403


class MethodNotAllowed(ApplicationError):
    default_http_status = 405
