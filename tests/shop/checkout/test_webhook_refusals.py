"""A verified checkout event that cannot become an order is refused with the reference's codes,
recorded as FAILED with its reason, and leaves no order behind."""

from decimal import Decimal

import pytest

from shop.checkout import stripe_api
from shop.checkout.models import StripeEvent
from shop.checkout.stripe_types import CheckoutLine
from shop.orders.models import Order, Orderpayment
from tenants.context import tenant_context
from tests.fixtures.stripe import keys_of
from tests.shop.checkout.journey import fill_cart, pay, post_event, start_checkout

pytestmark = pytest.mark.django_db


def _state(store):
    with tenant_context(store):
        return (
            Order.objects.count(),
            Orderpayment.objects.count(),
            list(StripeEvent.objects.values_list("status", "handler_error")),
        )


def _raw_session(account, metadata):
    """A session made straight on the store's Stripe account (not by our checkout)."""
    return stripe_api.create_checkout_session(
        keys=keys_of(account),
        lines=[CheckoutLine(name="Clips", unit_price=Decimal("3.50"), quantity=1)],
        shipping=None,
        item_discount=Decimal("0"),
        tax=Decimal("0"),
        total=Decimal("3.50"),
        currency="USD",
        success_url="http://alpha.platform.test/checkout/success",
        cancel_url="http://alpha.platform.test/checkout/confirm",
        idempotency_key=f"raw-{sorted(metadata.items())}",
        metadata=metadata,
    )


@pytest.mark.parametrize(
    ("metadata", "code"),
    [
        ({"tenant": "alpha"}, "no-cart-id"),
        ({"tenant": "alpha", "cart_id": "abc"}, "no-cart-id"),
        ({"tenant": "alpha", "cart_id": "-4"}, "no-cart-id"),
        ({"tenant": "alpha", "cart_id": "9" * 40}, "no-cart-id"),
        # made outside our checkout: no snapshot says what it bought
        ({"tenant": "alpha", "cart_id": "999999999"}, "invalid-session"),
        ({"tenant": "bravo", "cart_id": "1"}, "invalid-session"),
        ({"cart_id": "1"}, "invalid-session"),
    ],
)
def test_a_paid_session_without_a_cart_of_this_store_is_a_400(
    store_a, alpha_payments, client_for, stripe_server, metadata, code
):
    session = _raw_session(alpha_payments, metadata)
    event = pay(stripe_server, session.session_id)

    response = post_event(client_for(store_a), event, secret=alpha_payments.webhook_secret)

    assert (response.status_code, response.json()["error"]) == (400, code)
    orders, payments, events = _state(store_a)
    assert (orders, payments) == (0, 0)
    assert [(status, error["code"]) for status, error in events] == [("failed", code)]


def test_a_cart_deleted_after_paying_still_gets_its_order_from_the_snapshot(
    store_a, alpha_payments, client_for, stripe_server, django_capture_on_commit_callbacks
):
    client = client_for(store_a)
    fill_cart(client, store_a)
    session_id = start_checkout(client)["session_id"]
    event = pay(stripe_server, session_id)
    assert client.post("/order/cart-delete-cart").json()["cart_delete_cart"] == "success"

    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(client_for(store_a), event, secret=alpha_payments.webhook_secret)

    assert response.status_code == 200, response.content
    with tenant_context(store_a):
        order = Order.objects.get(identifier=response.json()["order_identifier"])
    assert order.order_total == order.amount_charged == Decimal("31.55")


def test_an_unpaid_session_is_refused_until_its_delayed_payment_succeeds(
    store_a, alpha_payments, client_for, stripe_server, django_capture_on_commit_callbacks
):
    # given a session completed with a delayed payment method: the event says unpaid
    client = client_for(store_a)
    fill_cart(client, store_a)
    session_id = start_checkout(client)["session_id"]
    unpaid = stripe_server.session_event(session_id)
    assert unpaid["data"]["object"]["payment_status"] == "unpaid"

    # when it is delivered
    first = post_event(client_for(store_a), unpaid, secret=alpha_payments.webhook_secret)

    # then no order yet
    assert (first.status_code, first.json()["error"]) == (400, "payment-not-completed")
    assert _state(store_a)[:2] == (0, 0)

    # when the payment succeeds later and Stripe says so
    stripe_server.complete_session(session_id, deliver=False)
    succeeded = stripe_server.session_event(
        session_id, type="checkout.session.async_payment_succeeded"
    )
    with django_capture_on_commit_callbacks(execute=True):
        second = post_event(client_for(store_a), succeeded, secret=alpha_payments.webhook_secret)
    # and Stripe retries the first event
    retried = post_event(client_for(store_a), unpaid, secret=alpha_payments.webhook_secret)

    # then there is one order, and the retry of the unpaid event finds it
    assert second.status_code == 200
    assert retried.status_code == 200
    assert retried.json()["order_identifier"] == second.json()["order_identifier"]
    orders, payments, events = _state(store_a)
    assert (orders, payments) == (1, 1)
    assert sorted(status for status, _ in events) == ["succeeded", "succeeded"]
