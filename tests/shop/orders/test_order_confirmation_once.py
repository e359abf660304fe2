"""The confirmation task claims the order before mailing: a task delivered twice (a worker
lost mid-run, a broker redelivery) mails the shopper once."""

import pytest

from shop.orders.models import Order
from shop.orders.tasks import send_order_confirmation
from tenants.context import tenant_context

pytestmark = pytest.mark.django_db


def test_running_the_confirmation_again_sends_nothing_more(store_a, place_guest_order, smtp_server):
    placed = place_guest_order()
    smtp_server.wait_for(1)
    with tenant_context(store_a):
        order = Order.objects.get(identifier=placed.identifier)
        assert order.confirmation_claimed_date_time is not None

    send_order_confirmation.delay(store_a.pk, order.pk, None)
    send_order_confirmation.delay(store_a.pk, order.pk, 999_999)

    assert len(smtp_server.messages) == 1
