"""50 simultaneous deliveries of one `checkout.session.completed` make exactly one order and
send one email (real PostgreSQL, committed data, one connection per delivering thread)."""

from __future__ import annotations

import pytest
from django.test import Client
from stripe_sandbox.events import encode_event

from shop.checkout.models import StripeEvent
from shop.emails.models import Emailsent
from shop.orders.models import Order, Orderpayment, Ordersku, Orderstatus
from tenants.context import tenant_context
from tenants.services import primary_host_for
from tests.fixtures.races import webhook_storm
from tests.fixtures.shop import add_to_cart, order_get, seeded_sku
from tests.shop.checkout.journey import CLIP, pay, start_checkout

DELIVERIES = 50


def event_order(tenant) -> str:
    with tenant_context(tenant):
        return Order.objects.get().identifier


@pytest.fixture
def racing_store(racing_store_for):
    return racing_store_for("orders-race")


def test_fifty_concurrent_deliveries_of_one_event_make_one_order_and_one_email(
    racing_store, django_db_blocker, stripe_server, smtp_server
):
    tenant, account = racing_store
    host = primary_host_for(tenant.slug)
    with django_db_blocker.unblock():
        # given a guest's paid checkout of the committed store
        shopper = Client(HTTP_HOST=host)
        with tenant_context(tenant):
            clip = seeded_sku(CLIP)
        add_to_cart(shopper, clip, 3)
        order_get(shopper, "cart-shipping-methods")
        started = start_checkout(shopper, anonymous_email_address="racer@example.com")
        payload = encode_event(pay(stripe_server, started["session_id"]))

        # when Stripe's event arrives 50 times at once, each on its own connection
        answers = webhook_storm(host, payload, account.webhook_secret, deliveries=DELIVERIES)

        # then every delivery is acknowledged; those that name an order name the single one
        # (a duplicate answered while the first was at work names none)
        assert len(answers) == DELIVERIES
        assert {status for status, _ in answers} == {200}
        identifiers = {body.get("order_identifier") for _, body in answers} - {None}
        assert len(identifiers) == 1
        with tenant_context(tenant):
            assert Order.objects.get().identifier == identifiers.pop()
            assert Orderpayment.objects.count() == 1
            assert Ordersku.objects.count() == 1
            assert Orderstatus.objects.count() == 1
            assert Emailsent.objects.count() == 1
            event = StripeEvent.objects.get()
        assert (event.status, event.deliveries) == (StripeEvent.Status.SUCCEEDED, DELIVERIES)
        assert event.result == {"received": True, "order_identifier": event_order(tenant)}
        assert (event.payload, event.claimed_until) == (None, None)

        # and the guest got one confirmation
        [mail] = smtp_server.wait_for(1)
        assert mail.rcpt_tos == ["racer@example.com"]
        assert len(smtp_server.messages) == 1
