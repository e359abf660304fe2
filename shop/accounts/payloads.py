"""The `/user` API's JSON payloads (the reference's keys)."""

from __future__ import annotations

from django.utils import timezone

from shop.accounts.models import Member
from shop.accounts.terms import get_latest_agreement
from shop.accounts.tokens import VERIFICATION_MAX_AGE


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def initials(member: Member) -> str:
    user = member.user
    letters = (user.first_name[:1] + user.last_name[:1]) or user.username[:1]
    return letters.upper()


def account_content(member: Member) -> dict:
    from shop.orders.selectors import list_member_orders  # the order app's one order rule

    user = member.user
    agreement = get_latest_agreement(member=member)
    requested = member.email_verification_requested_date_time
    recent = (
        requested is not None
        and (timezone.now() - requested).total_seconds() < VERIFICATION_MAX_AGE
    )
    orders = list_member_orders(member)
    return {
        "authenticated": "true",
        "personal_data": {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "newsletter_subscriber": member.newsletter_subscriber,
            "email_unsubscribed": member.email_unsubscribed,
            "joined_date_time": _iso(user.date_joined),
            "last_login_date_time": _iso(user.last_login),
            "terms_of_use_agreed_date_time": _iso(
                agreement.agreed_date_time if agreement else None
            ),
        },
        "email_data": {
            "email_address": user.email,
            "email_verified": member.email_verified,
            "verification_request_sent_within_24_hours": recent,
        },
        "orders_data": {
            str(number): {
                "order_id": order.pk,
                "identifier": order.identifier,
                "order_date_time": _iso(order.order_date_time),
                "sales_tax_amt": str(order.sales_tax_amt),
                "order_total": str(order.order_total),
            }
            for number, order in enumerate(orders, start=1)
        },
    }
