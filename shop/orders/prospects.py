"""The guest of an order, as a Prospect (shop.accounts.prospects): never on the marketing list
unless the guest ticked the newsletter box at checkout (defects 10 and 11), always with an
unsubscribe token."""

from __future__ import annotations

from shop.accounts import tokens
from shop.accounts.models import Prospect
from shop.accounts.prospects import get_or_create_prospect

COMMENT_MAX = 5000


def ensure_order_prospect(*, email: str, name: str = "") -> Prospect:
    """The prospect with this address (any case), created unsubscribed if new, named after
    the customer Stripe collected when it has no name yet."""
    prospect = get_or_create_prospect(email=email.strip(), swa_comment="")
    if name.strip() and not (prospect.first_name or prospect.last_name):
        first, _, last = name.strip().partition(" ")
        prospect.first_name, prospect.last_name = first[:30], last.strip()[:150]
        prospect.save(update_fields=["first_name", "last_name"])
    return prospect


def note_prospect_order(prospect: Prospect, *, identifier: str, newsletter: bool) -> None:
    """Record the order on the prospect and, only if the guest opted in, subscribe it."""
    note = f"Captured from Stripe Checkout order identifier: {identifier}"
    comment = f"{prospect.swa_comment}\n{note}" if prospect.swa_comment else note
    prospect.swa_comment = comment[-COMMENT_MAX:]
    fields = ["swa_comment"]
    if newsletter:
        prospect.email_unsubscribed = False
        fields.append("email_unsubscribed")
    if not prospect.email_unsubscribe_string:
        unsubscribe = tokens.new_unsubscribe_token()
        prospect.email_unsubscribe_string = unsubscribe.value
        prospect.email_unsubscribe_string_signed = unsubscribe.token
        fields += ["email_unsubscribe_string", "email_unsubscribe_string_signed"]
    prospect.save(update_fields=fields)
