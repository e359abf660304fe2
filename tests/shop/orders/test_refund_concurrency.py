"""Two admins refund one order at once, together asking for more than is left: exactly what
is left is refunded (real PostgreSQL, committed data, one connection per thread)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from core.secrets import get_secret_store
from django.test import Client

from shop.orders.errors import RefundNotAllowed
from shop.orders.models import Order, Refund
from shop.orders.refunds import refund_order
from shop.seed import seed_store
from tenants.context import tenant_context
from tenants.services import primary_host_for
from tests.fixtures.races import race_after_setup
from tests.fixtures.shop import add_to_cart, order_get, seeded_sku
from tests.fixtures.stripe import keys_of
from tests.shop.checkout.journey import CLIP, pay, post_event, start_checkout

ATTEMPTS = 2


@pytest.fixture
def paid_order(django_db_setup, django_db_blocker, committed_stores, stripe_server,
               stripe_api_base):  # fmt: skip
    """A committed store with its own Stripe account and one paid guest order (3 clips)."""
    with django_db_blocker.unblock():
        tenant = committed_stores("refund-race")
        with tenant_context(tenant):
            seed_store()
            clip = seeded_sku(CLIP)
        account = stripe_server.add_account()
        get_secret_store().set_tenant_stripe_keys(tenant.pk, keys_of(account))
        shopper = Client(HTTP_HOST=primary_host_for(tenant.slug))
        add_to_cart(shopper, clip, 3)
        order_get(shopper, "cart-shipping-methods")
        started = start_checkout(shopper, anonymous_email_address="racer@example.com")
        response = post_event(shopper, pay(stripe_server, started["session_id"]),
                              secret=account.webhook_secret)  # fmt: skip
        assert response.status_code == 200, response.content
    yield tenant, account
    with django_db_blocker.unblock():
        get_secret_store().delete_tenant_stripe_keys(tenant.pk)


def test_two_concurrent_refunds_never_exceed_what_is_left(
    paid_order, django_db_blocker, stripe_server
):
    tenant, account = paid_order
    with django_db_blocker.unblock():
        with tenant_context(tenant):
            order = Order.objects.get()
        total = order.amount_charged  # 3 x 3.50 + 9.56 = 20.06
        each = Decimal("12.00")

        def attempt(go: Callable[[], None]) -> Refund | RefundNotAllowed:
            with tenant_context(tenant):
                go()
                try:
                    return refund_order(
                        order=order, amount=each, reason="race", by_user=None, restock=False
                    )
                except RefundNotAllowed as error:
                    return error

        outcomes = race_after_setup([attempt] * ATTEMPTS, timeout=60)

        made = [o for o in outcomes if isinstance(o, Refund)]
        refused = [o for o in outcomes if isinstance(o, RefundNotAllowed)]
        assert (len(made), len(refused)) == (1, 1)
        assert total == Decimal("20.06")
        with tenant_context(tenant):
            assert list(Refund.objects.values_list("amount", "status")) == [(each, "succeeded")]
            assert Order.objects.get().amount_refunded == each
        with stripe_server.lock:
            [charge] = account.charges.values()
            assert charge["amount_refunded"] == 1200
