"""`/order/<order_identifier>`: one order, for the member who placed it or for the holder of
its confirmation email's link (identifier + `pr_cd`)."""

from __future__ import annotations

from django.http import HttpRequest

from shop.accounts.selectors import get_member_for_user
from shop.api import order_endpoint, read_text
from shop.orders import payloads
from shop.orders.grants import has_order_grant
from shop.orders.selectors import access_order


@order_endpoint("order_detail", echo=("order_identifier",))
def order_detail(request: HttpRequest, order_identifier: str) -> dict:
    order = access_order(
        identifier=order_identifier,
        member=get_member_for_user(getattr(request, "user", None)),
        prospect_code=read_text(request, "pr_cd"),
        granted=has_order_grant(request, order_identifier),
    )
    return {"order_detail": "success", "order_data": payloads.order_data(order)}
