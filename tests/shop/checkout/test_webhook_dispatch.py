"""Verified events are recorded once per id and dispatched by type."""

import pytest
from stripe_sandbox.events import build_event

from shop.checkout.models import StripeEvent
from shop.orders.models import Order
from tenants.context import tenant_context
from tests.shop.checkout.journey import fill_cart, post_event, start_checkout

pytestmark = pytest.mark.django_db


def _events(store):
    with tenant_context(store):
        return list(
            StripeEvent.objects.order_by("id").values_list(
                "event_id", "type", "status", "deliveries", "handler_error"
            )
        )


def test_an_event_type_without_a_handler_is_acknowledged_and_recorded(
    store_a, alpha_payments, client_for
):
    event = build_event({"id": "cus_1", "object": "customer"}, type="customer.created")

    response = post_event(client_for(store_a), event, secret=alpha_payments.webhook_secret)

    assert response.status_code == 200
    assert response.json() == {"received": True, "order-api-version": "0.0.1"}
    assert _events(store_a) == [(event["id"], "customer.created", "succeeded", 1, None)]


def test_an_expired_session_is_logged_and_releases_nothing(
    store_a, alpha_payments, client_for, stripe_server, caplog
):
    # given an open session of a cart
    client = client_for(store_a)
    fill_cart(client, store_a)
    session_id = start_checkout(client)["session_id"]

    # when Stripe expires it and says so
    stripe_server.expire_session(session_id, deliver=False)
    event = stripe_server.session_event(session_id, type="checkout.session.expired")
    with caplog.at_level("INFO", logger="shop.checkout.webhooks"):
        response = post_event(client_for(store_a), event, secret=alpha_payments.webhook_secret)

    # then it is acknowledged, logged, and the cart is untouched
    assert (response.status_code, response.json()["received"]) == (200, True)
    assert f"checkout session {session_id} expired" in caplog.text
    assert _events(store_a) == [(event["id"], "checkout.session.expired", "succeeded", 1, None)]
    assert client.get("/order/cart-items").json()["cart_found"] is True
    with tenant_context(store_a):
        assert not Order.objects.exists()


def test_a_redelivered_event_is_one_row_counting_its_deliveries(
    store_a, alpha_payments, client_for
):
    event = build_event({"id": "cus_1", "object": "customer"}, type="customer.updated")
    for _ in range(3):
        post_event(client_for(store_a), event, secret=alpha_payments.webhook_secret)
    assert _events(store_a) == [(event["id"], "customer.updated", "succeeded", 3, None)]
