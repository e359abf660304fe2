"""Codes mailed to members and the unsubscribe tokens of mail links. All random parts come
from `secrets` (shop.codes); every signature's salt names the store's schema, so a code or
token made by one store never verifies in another.

- Email verification and password reset: a TimestampSigner-signed random string. The member
  row keeps only its SHA-256 (`*_string_signed`). Checking a code: a bad signature is
  `signature-invalid`, an old one `signature-expired` (checked first: the reference's
  SignatureExpired was swallowed by BadSignature, defect 1), one that is not the member's
  current code `code-doesnt-match`. Verification codes last 24 hours, reset codes 1 hour
  (what the mail says).
- Unsubscribe: a random string signed with Signer; only the signature is the URL token
  (the reference's scheme), checked by rebuilding `value:signature`.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.core.signing import BadSignature, SignatureExpired, Signer, TimestampSigner

from shop.accounts.errors import CodeError
from shop.codes import new_code
from tenants.context import current

VERIFICATION = "email_verification"
RESET = "reset_email"
UNSUBSCRIBE = "email_unsubscribe"

VERIFICATION_MAX_AGE = 24 * 60 * 60
RESET_MAX_AGE = 60 * 60
CODE_MAX_LENGTH = 200


def _salt(purpose: str) -> str:
    return f"{purpose}:{current().schema_name}"


def digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedCode:
    code: str  # goes into the mail link, never stored
    digest: str  # stored on the member


def issue_code(*, purpose: str) -> IssuedCode:
    code = TimestampSigner(salt=_salt(purpose)).sign(new_code())
    return IssuedCode(code=code, digest=digest(code))


def check_code(*, code: str, stored_digest: str, purpose: str, max_age: int) -> None:
    """Raise CodeError unless `code` is the member's current, intact, fresh code."""
    if len(code) > CODE_MAX_LENGTH:
        raise CodeError("The code is not valid.", code="signature-invalid")
    try:
        TimestampSigner(salt=_salt(purpose)).unsign(code, max_age=max_age)
    except SignatureExpired:
        raise CodeError("The code has expired.", code="signature-expired") from None
    except BadSignature:
        raise CodeError("The code is not valid.", code="signature-invalid") from None
    if not stored_digest or not hmac.compare_digest(digest(code), stored_digest):
        raise CodeError("The code is not the current one.", code="code-doesnt-match")


@dataclass(frozen=True)
class UnsubscribeToken:
    value: str  # stored in `email_unsubscribe_string`
    token: str  # the signature: stored in `email_unsubscribe_string_signed`, sent in links


def new_unsubscribe_token() -> UnsubscribeToken:
    value = new_code()
    signed = Signer(salt=_salt(UNSUBSCRIBE)).sign(value)
    return UnsubscribeToken(value=value, token=signed.rsplit(":", 1)[1])


def is_unsubscribe_token_intact(*, value: str, token: str) -> bool:
    try:
        Signer(salt=_salt(UNSUBSCRIBE)).unsign(f"{value}:{token}")
    except BadSignature:
        return False
    return True
