"""The order's totals are the checkout snapshot's, frozen when the session was made, so they
match what Stripe charged even when a discount code ends, or the cart changes, while the
shopper is on Stripe's page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from infra_components.names import ORDER_AMOUNT_MISMATCH_MARKER

from shop.discounts.models import Discountcode
from shop.orders.models import Order, Ordersku
from tenants.context import tenant_context
from tests.fixtures.shop import add_to_cart, make_discount_code, order_post
from tests.shop.checkout.journey import fill_cart, pay, post_event, start_checkout

pytestmark = pytest.mark.django_db


def _deliver(client_for, store, account, event, capture):
    with capture(execute=True):
        response = post_event(client_for(store), event, secret=account.webhook_secret)
    assert response.status_code == 200, response.content
    with tenant_context(store):
        return Order.objects.get(identifier=response.json()["order_identifier"])


def test_a_code_that_ends_during_payment_still_counts_as_charged(
    store_a, alpha_payments, client_for, stripe_server, django_capture_on_commit_callbacks
):
    # given a checkout with a 10% code that started yesterday (21.99 - 2.20 + 9.56 = 29.35)
    with tenant_context(store_a):
        make_discount_code("SPRING10", amount="10")
    client = client_for(store_a)
    fill_cart(client, store_a)
    order_post(client, "cart-apply-discount-code", discount_code_id="SPRING10")
    started = start_checkout(client)

    # when the code ends before the payment's webhook arrives
    with tenant_context(store_a):
        Discountcode.objects.filter(code="SPRING10").update(
            end_date_time=timezone.now() - dt.timedelta(microseconds=1)
        )
    event = pay(stripe_server, started["session_id"])
    order = _deliver(client_for, store_a, alpha_payments, event, django_capture_on_commit_callbacks)

    # then the order keeps the discount Stripe charged with
    assert order.item_discount_amt == Decimal("2.20")
    assert order.order_total == order.amount_charged == Decimal("29.35")


def test_a_cart_changed_after_the_session_is_ordered_as_charged(
    store_a,
    alpha_payments,
    client_for,
    stripe_server,
    django_capture_on_commit_callbacks,
    caplog,
):
    # given a session for 31.55, after which the shopper adds a clip in another tab
    client = client_for(store_a)
    clip, bands = fill_cart(client, store_a)
    started = start_checkout(client)
    add_to_cart(client, clip, 1)

    # when the old session is paid
    event = pay(stripe_server, started["session_id"])
    with caplog.at_level("WARNING"):
        order = _deliver(
            client_for, store_a, alpha_payments, event, django_capture_on_commit_callbacks
        )

    # then the order is what was charged (the snapshot), not the cart as it is now
    assert order.order_total == order.amount_charged == Decimal("31.55")
    with tenant_context(store_a):
        lines = {line.sku_id: line.quantity for line in Ordersku.objects.filter(order=order)}
    assert lines == {clip.pk: 2, bands.pk: 1}
    assert ORDER_AMOUNT_MISMATCH_MARKER not in caplog.text
