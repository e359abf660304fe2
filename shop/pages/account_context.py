"""What every storefront page knows about the shopper's account: the signed-in member (for
the header's Account / Sign out) and, for a member who has not agreed to the store's latest
terms of use, that version (for the banner asking them to)."""

from __future__ import annotations

from shop.accounts.models import Member, Termsofuse
from shop.accounts.terms import has_agreed_to_latest_terms


def account_header_context(*, member: Member | None) -> dict[str, Member | Termsofuse | None]:
    terms_update = None
    if member is not None:
        agreed, latest = has_agreed_to_latest_terms(member=member)
        terms_update = None if agreed else latest
    return {"member": member, "terms_update": terms_update}
