"""RFC 8058 one-click unsubscribe: the List-Unsubscribe URL of a campaign message names the
recipient by their unsubscribe token (`token` for a member, `pr_token` for a prospect, as in
the reference's links). The rule is the mail link page's (shop.accounts.unsubscribe): the
token rotates, so the old URL no longer works. Unlike that page, a second one-click from a
recipient already unsubscribed (by another link) succeeds: a mail provider only needs "done".
"""

from __future__ import annotations

from django.db import transaction

from shop.accounts.errors import UnsubscribeError
from shop.accounts.models import Member, Prospect
from shop.accounts.unsubscribe import find_recipient, unsubscribe_recipient
from shop.campaigns.errors import UnsubscribeFailed, UnsubscribeTokenInvalid
from tenants.context import current_alias

# find_recipient's codes for "no such token" become the one-click endpoint's 404.
_NOT_FOUND = frozenset({"token-invalid", "member-not-found"})


def unsubscribe_by_token(*, token: str, prospect: bool = False) -> Member | Prospect:
    """Unsubscribe the member (or prospect) whose current unsubscribe token is `token`."""
    try:
        with transaction.atomic(using=current_alias()):
            recipient = find_recipient(
                token=None if prospect else token, pr_token=token if prospect else None, lock=True
            )
            unsubscribe_recipient(recipient)
    except UnsubscribeError as error:
        if error.code in _NOT_FOUND:
            raise UnsubscribeTokenInvalid() from error
        raise UnsubscribeFailed(error.message, code=error.code) from error
    return recipient.row
