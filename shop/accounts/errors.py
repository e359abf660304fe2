"""Anticipated errors of the `/user` API; `code` is the reference's status or error string."""

from __future__ import annotations

from core.errors import ApplicationError, InvalidInput, NotAllowed, NotFound


class NotAuthenticated(NotAllowed):
    """Soft authentication: the endpoint answers `{<key>: "user_not_authenticated"}`."""

    def __init__(self) -> None:
        super().__init__("Sign in first.", code="user_not_authenticated")


class CodeError(InvalidInput):
    """A verification or reset code that is not the current one, altered, or too old.
    `code` is `code-doesnt-match`, `signature-invalid` or `signature-expired`."""


def required(name: str) -> InvalidInput:
    return InvalidInput(f"{name} is required.", code=f"{name.replace('_', '-')}-required")


class UnsubscribeError(ApplicationError):
    """`token-required`, `token-invalid`, `token-altered`, `member-not-found` or
    `email-address-already-unsubscribed`."""


class TermsError(ApplicationError):
    """`version-required`, `version-not-found`, `version-provided-not-most-recent` or
    `version-already-agreed`."""


class UsernameNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            "No account with that username could be found.",
            code="username-not-found",
            extra={"error": "No account with that username could be found."},
        )
