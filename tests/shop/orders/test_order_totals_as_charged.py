"""The order's totals come from the one pricing path and match what Stripe charged, even when
a discount code ends while the shopper is on Stripe's page; a cart changed after the session
was made keeps our totals, shows what Stripe charged, and is logged."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from infra_components.names import ORDER_AMOUNT_MISMATCH_MARKER

from shop.discounts.models import Discountcode
from shop.orders.models import Order
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


def test_a_cart_changed_after_the_session_keeps_our_totals_and_logs_the_mismatch(
    store_a,
    alpha_payments,
    client_for,
    stripe_server,
    django_capture_on_commit_callbacks,
    caplog,
):
    # given a session for 31.55, after which the shopper adds a clip in another tab
    client = client_for(store_a)
    clip, _ = fill_cart(client, store_a)
    started = start_checkout(client)
    add_to_cart(client, clip, 1)

    # when the old session is paid
    event = pay(stripe_server, started["session_id"])
    with caplog.at_level("WARNING", logger="shop.orders.services"):
        order = _deliver(
            client_for, store_a, alpha_payments, event, django_capture_on_commit_callbacks
        )

    # then the order shows both numbers, and the difference is logged for the store
    assert (order.order_total, order.amount_charged) == (Decimal("35.05"), Decimal("31.55"))
    assert ORDER_AMOUNT_MISMATCH_MARKER in caplog.text  # what the alarm's filter matches
    assert "ours=35.05 USD stripe=31.55 USD" in caplog.text
