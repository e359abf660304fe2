"""An order starts in the store's configured initial status; a configuration naming no order
state places no order (500 processing-error: Stripe retries once it is fixed)."""

import pytest

from shop.orders.models import Order, Orderconfiguration
from tenants.context import tenant_context
from tests.fixtures.shop import set_config
from tests.shop.checkout.journey import fill_cart, pay, post_event, start_checkout

pytestmark = pytest.mark.django_db

KEY = Orderconfiguration.Key.INITIAL_ORDER_STATUS


def test_the_configured_initial_status_is_the_first_history_row(store_a, place_guest_order):
    with tenant_context(store_a):
        set_config(KEY, string_value="manufacturing")
    placed = place_guest_order()
    with tenant_context(store_a):
        order = Order.objects.get(identifier=placed.identifier)
        assert list(order.orderstatuses.values_list("status__identifier", flat=True)) == [
            "manufacturing"
        ]


@pytest.mark.parametrize("initial", ["nonsense", "cancelled", ""])
def test_an_initial_status_that_is_no_order_state_places_no_order(
    store_a, alpha_payments, client_for, stripe_server, initial
):
    with tenant_context(store_a):
        set_config(KEY, string_value=initial)
    client = client_for(store_a)
    fill_cart(client, store_a)
    event = pay(stripe_server, start_checkout(client)["session_id"])

    response = post_event(client_for(store_a), event, secret=alpha_payments.webhook_secret)

    assert (response.status_code, response.json()["error"]) == (500, "processing-error")
    with tenant_context(store_a):
        assert not Order.objects.exists()
