"""An order placed by Stripe's signed webhook counts once in the orders and revenue by
currency, and each delivery's outcome is counted by event type; another event for the same
paid session adds no order."""

from decimal import Decimal

import pytest
from prometheus_client import REGISTRY

from shop.orders.models import Order
from tenants.context import tenant_context
from tests.shop.checkout import journey
from tests.shop.checkout.journey import post_event

pytestmark = pytest.mark.django_db

# The checkout tests' fixtures: a cart, a real sandbox Checkout Session, a signed delivery.
alpha_payments = journey.alpha_payments
place_guest_order = journey.place_guest_order

COMPLETED = "checkout.session.completed"


def _sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def _figures() -> tuple[float, float, float]:
    return (
        _sample("storefleet_orders_total", currency="USD"),
        _sample("storefleet_order_revenue_total", currency="USD"),
        _sample("storefleet_webhook_events_total", event_type=COMPLETED, outcome="succeeded"),
    )


def test_an_order_placed_by_the_webhook_counts_its_amount_once(
    place_guest_order, store_a, client_for, stripe_server
):
    orders, revenue, succeeded = _figures()

    placed = place_guest_order()  # 2 clips + 1 rubber bands + ground shipping = 31.55
    event = stripe_server.session_event(placed.session_id)
    again = post_event(client_for(store_a), event, secret=placed.account.webhook_secret)

    with tenant_context(store_a):
        order = Order.objects.get(identifier=placed.identifier)
    assert (order.amount_charged, order.currency) == (Decimal("31.55"), "USD")
    assert again.status_code == 200
    after = _figures()
    assert after[0] == orders + 1
    assert after[1] == pytest.approx(revenue + 31.55)
    assert after[2] == succeeded + 2
