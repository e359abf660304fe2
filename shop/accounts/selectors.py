"""Reads about the store's customers."""

from __future__ import annotations

from shop.accounts.models import Member


def get_member_for_user(user) -> Member | None:
    """The Member of an authenticated user, or None (anonymous, or a User without a Member,
    such as a `createsuperuser` account: defect 14)."""
    if user is None or not user.is_authenticated:
        return None
    return Member.objects.filter(user_id=user.pk).first()
