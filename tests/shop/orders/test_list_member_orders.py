"""`list_member_orders` (what `/user/account-content` lists): the member's own orders, newest
first."""

import datetime as dt

import pytest

from shop.orders.models import Order
from shop.orders.selectors import list_member_orders
from tenants.context import tenant_context
from tests.fixtures.shop import make_member

pytestmark = pytest.mark.django_db


def test_a_member_sees_their_orders_newest_first_and_nobody_else(
    store_a, place_guest_order, member_client
):
    with tenant_context(store_a):
        member = make_member("lister1", email="lister1@example.com")
        other = make_member("lister2", email="lister2@example.com")
    older = place_guest_order(client=member_client(store_a, member))
    newer = place_guest_order(client=member_client(store_a, member))
    place_guest_order(client=member_client(store_a, other))
    place_guest_order()
    with tenant_context(store_a):
        Order.objects.filter(identifier=older.identifier).update(
            order_date_time=Order.objects.get(identifier=newer.identifier).order_date_time
            - dt.timedelta(days=1)
        )
        listed = list(list_member_orders(member).values_list("identifier", flat=True))
    assert listed == [newer.identifier, older.identifier]
