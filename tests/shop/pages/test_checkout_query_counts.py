"""The checkout and order pages read the database a fixed number of times, however many
lines a cart or an order has and however many orders a member has placed."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from shop.orders.models import Ordersku
from tenants.context import tenant_context
from tests.fixtures.shop import add_to_cart, make_member, make_product, make_sku
from tests.shop.checkout import journey

pytestmark = pytest.mark.django_db

# The checkout tests' fixtures: a Stripe account for store A, and a placed order.
alpha_payments = journey.alpha_payments
place_guest_order = journey.place_guest_order


def _queries(client, path: str) -> int:
    client.get(path)  # the first visit may assign the default shipping method
    with CaptureQueriesContext(connections["default"]) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def _add_skus(client, count: int) -> None:
    with tenant_context(client.store):
        product = make_product(title="Many Options", image_url="/img/product/many.jpg")
        skus = [make_sku(product=product) for _ in range(count)]
    for sku in skus:
        add_to_cart(client, sku)


def test_the_confirm_page_does_not_read_more_for_a_bigger_cart(store_a, seeded_stores, client_for):
    client = client_for(store_a)
    client.store = store_a
    _add_skus(client, 1)
    before = _queries(client, "/checkout/confirm")

    _add_skus(client, 5)

    assert _queries(client, "/checkout/confirm") == before


def test_order_pages_do_not_read_more_for_more_lines_or_orders(
    store_a, member_client, place_guest_order
):
    with tenant_context(store_a):
        member = make_member("counted1", email="counted1@example.com")
    client = member_client(store_a, member)
    client.store = store_a
    small = place_guest_order(client=client)
    before = [
        _queries(client, "/account/orders"),
        _queries(client, f"/account/order?identifier={small.identifier}"),
        _queries(client, f"/checkout/success?session_id={small.session_id}"),
    ]

    _add_skus(client, 4)
    big = place_guest_order(client=client)
    place_guest_order(client=client)

    with tenant_context(store_a):
        lines = Ordersku.objects.filter(order__identifier=big.identifier).count()
    assert lines == 6
    assert [
        _queries(client, "/account/orders"),
        _queries(client, f"/account/order?identifier={big.identifier}"),
        _queries(client, f"/checkout/success?session_id={big.session_id}"),
    ] == before
