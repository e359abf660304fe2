"""A price that changes after the item went into the cart: the checkout charges the price of
the moment (the newest Skuprice), and the order keeps exactly what was charged."""

from decimal import Decimal

import pytest

from shop.orders.models import Order, Ordersku
from tenants.context import tenant_context
from tests.fixtures.shop import add_to_cart, order_get, set_price
from tests.shop.checkout.journey import pay, post_event, skus, start_checkout

pytestmark = pytest.mark.django_db


def test_a_price_raised_after_add_to_cart_is_charged_and_snapshotted(
    store_a, alpha_payments, client_for, stripe_server, django_capture_on_commit_callbacks
):
    # given rubber bands added to the cart at 14.99
    client = client_for(store_a)
    _, bands = skus(store_a)
    add_to_cart(client, bands, 2)
    order_get(client, "cart-shipping-methods")
    assert order_get(client, "cart-items")["item_data"]["product_sku_data"]["0"]["price"] == (
        "14.99"
    )

    # when the store raises the price before the shopper checks out
    with tenant_context(store_a):
        set_price(bands, "16.49")
    started = start_checkout(client)
    event = pay(stripe_server, started["session_id"])
    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(client_for(store_a), event, secret=alpha_payments.webhook_secret)

    # then Stripe charged the new price, and the order agrees with it to the cent
    [line] = stripe_server.get_line_items(started["session_id"])
    assert line["price"]["unit_amount"] == 1649
    assert stripe_server.get_session(started["session_id"])["amount_total"] == 2 * 1649 + 956
    with tenant_context(store_a):
        order = Order.objects.select_related("prospect").get(
            identifier=response.json()["order_identifier"]
        )
        price_each = Ordersku.objects.get(order=order).price_each
    assert price_each == Decimal("16.49")
    assert order.order_total == order.amount_charged == Decimal("42.54")

    # and a later price change does not touch the order
    with tenant_context(store_a):
        set_price(bands, "1.00")
        assert Ordersku.objects.get(order=order).price_each == Decimal("16.49")
    detail = order_get(client, order.identifier, pr_cd=order.prospect.pr_cd)
    assert detail["order_data"]["order_items"]["product_sku_data"]["0"]["price"] == "16.49"
