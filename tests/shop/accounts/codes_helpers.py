"""Codes as the store would mail them, made at a chosen time (for expiry tests)."""

from __future__ import annotations

import time

from django.core.signing import TimestampSigner, b62_encode

from shop.accounts import tokens
from shop.accounts.models import Member
from shop.codes import new_code


class _SignerAt(TimestampSigner):
    def __init__(self, *, at: float, **kwargs) -> None:
        super().__init__(**kwargs)
        self._at = at

    def timestamp(self) -> str:
        return b62_encode(int(self._at))


def code_issued(member: Member, *, purpose: str, seconds_ago: int = 0) -> str:
    """A code for `member` as if mailed `seconds_ago`, stored as the member's current one."""
    signer = _SignerAt(at=time.time() - seconds_ago, salt=tokens._salt(purpose))
    code = signer.sign(new_code())
    field = (
        "email_verification_string_signed"
        if purpose == tokens.VERIFICATION
        else "reset_password_string_signed"
    )
    setattr(member, field, tokens.digest(code))
    member.save(update_fields=[field])
    return code
