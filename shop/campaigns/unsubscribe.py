"""RFC 8058 one-click unsubscribe: the List-Unsubscribe URL of a campaign message names the
recipient by their unsubscribe token (`token` for a member, `pr_token` for a prospect, as in
the reference's links). Unsubscribing rotates the token, like email-unsubscribe-confirm: the
old URL no longer works.
"""

from __future__ import annotations

from django.db import transaction

from shop.accounts.models import Member, Prospect
from shop.accounts.tokens import is_unsubscribe_token_intact, new_unsubscribe_token
from shop.campaigns.errors import UnsubscribeFailed, UnsubscribeTokenInvalid
from tenants.context import current_alias

TOKEN_MAX_LENGTH = 200


def unsubscribe_by_token(*, token: str, prospect: bool = False) -> Member | Prospect:
    """Unsubscribe the member (or prospect) whose current unsubscribe token is `token`."""
    if not token:
        raise UnsubscribeFailed("The token is required.", code="token-required")
    if len(token) > TOKEN_MAX_LENGTH:
        raise UnsubscribeTokenInvalid()
    model = Prospect if prospect else Member
    with transaction.atomic(using=current_alias()):
        recipient = (
            model.objects.select_for_update().filter(email_unsubscribe_string_signed=token).first()
        )
        if recipient is None:
            raise UnsubscribeTokenInvalid()
        if not is_unsubscribe_token_intact(value=recipient.email_unsubscribe_string, token=token):
            raise UnsubscribeFailed("The token was altered.", code="token-altered")
        rotated = new_unsubscribe_token()
        recipient.email_unsubscribed = True
        recipient.email_unsubscribe_string = rotated.value
        recipient.email_unsubscribe_string_signed = rotated.token
        fields = [
            "email_unsubscribed",
            "email_unsubscribe_string",
            "email_unsubscribe_string_signed",
        ]
        if isinstance(recipient, Member):
            recipient.newsletter_subscriber = False
            fields.append("newsletter_subscriber")
        recipient.save(update_fields=fields)
    return recipient
