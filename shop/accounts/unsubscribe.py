"""Unsubscribing from a mail link, without signing in. A link carries `token` (a member) or
`pr_token` (a prospect): the signature part of the recipient's unsubscribe string.

Errors (UnsubscribeError codes, the reference's): `token-required` (neither given),
`token-invalid` (not shaped like a token), `member-not-found` (no one in this store has it:
also a token of another store, or one that was rotated), `token-altered` (the stored value
and the token no longer verify together), `email-address-already-unsubscribed` (lookup and
confirm only). Confirming rotates the token: the link that was used stops working.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction

from shop.accounts import tokens
from shop.accounts.errors import UnsubscribeError
from shop.accounts.models import Member, Prospect
from shop.accounts.services import (
    UnsubscribeReasons,
    record_unsubscribe_reasons,
    rotate_unsubscribe_token,
)
from tenants.context import current_alias

_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,100}")


@dataclass(frozen=True)
class Recipient:
    member: Member | None
    prospect: Prospect | None

    @property
    def email(self) -> str:
        return self.member.user.email if self.member is not None else self.prospect.email

    @property
    def row(self) -> Member | Prospect:
        return self.member if self.member is not None else self.prospect

    @property
    def unsubscribed(self) -> bool:
        return self.row.email_unsubscribed


def mask_email(address: str) -> str:
    """The first 4 characters of the local part, the rest starred, the domain kept."""
    local, _, domain = address.partition("@")
    return f"{local[:4]}{'*' * max(len(local) - 4, 0)}@{domain}"


def find_recipient(*, token: str | None, pr_token: str | None, lock: bool = False) -> Recipient:
    if not token and not pr_token:
        raise UnsubscribeError("A token is required.", code="token-required")
    value = token or pr_token
    if not _TOKEN_RE.fullmatch(value):
        raise UnsubscribeError("That is not a token.", code="token-invalid")
    model = Member if token else Prospect
    rows = model.objects.select_for_update() if lock else model.objects
    if model is Member:
        rows = rows.select_related("user")
    row = rows.filter(email_unsubscribe_string_signed=value).first()
    if row is None:
        raise UnsubscribeError("No one has this token.", code="member-not-found")
    if not tokens.is_unsubscribe_token_intact(value=row.email_unsubscribe_string, token=value):
        raise UnsubscribeError("The token was altered.", code="token-altered")
    return Recipient(member=row if token else None, prospect=None if token else row)


def look_up_unsubscribe(*, token: str | None, pr_token: str | None) -> str:
    """The masked address the token unsubscribes."""
    recipient = find_recipient(token=token, pr_token=pr_token)
    if recipient.unsubscribed:
        raise UnsubscribeError(
            "This address is already unsubscribed.", code="email-address-already-unsubscribed"
        )
    return mask_email(recipient.email)


def unsubscribe_recipient(recipient: Recipient) -> str:
    """Unsubscribe (a member also leaves the newsletter) and rotate the token, so the link
    that was used stops working; the new token. The one rule for every unsubscribe link
    (this page's confirm and campaign mail's one-click). Call inside a transaction, with
    the recipient found by `find_recipient(..., lock=True)`."""
    row = recipient.row
    row.email_unsubscribed = True
    fields = ["email_unsubscribed"]
    if recipient.member is not None:
        row.newsletter_subscriber = False
        fields.append("newsletter_subscriber")
    row.save(update_fields=fields)
    return rotate_unsubscribe_token(member=recipient.member, prospect=recipient.prospect)


def confirm_unsubscribe(*, token: str | None, pr_token: str | None) -> tuple[str, str]:
    """Unsubscribe from a mail link's page; (masked address, new token)."""
    with transaction.atomic(using=current_alias()):
        recipient = find_recipient(token=token, pr_token=pr_token, lock=True)
        if recipient.unsubscribed:
            raise UnsubscribeError(
                "This address is already unsubscribed.",
                code="email-address-already-unsubscribed",
            )
        new_token = unsubscribe_recipient(recipient)
    return mask_email(recipient.email), new_token


def record_unsubscribe_why(
    *, token: str | None, pr_token: str | None, reasons: UnsubscribeReasons
) -> None:
    """Why they left (also after unsubscribing: the page asks with the rotated token)."""
    recipient = find_recipient(token=token, pr_token=pr_token)
    record_unsubscribe_reasons(
        reasons=reasons, member=recipient.member, prospect=recipient.prospect
    )
