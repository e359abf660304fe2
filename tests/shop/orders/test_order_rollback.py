"""Every row of an order is written in one transaction: when any single write fails, none of
them is kept, no email goes out, the cart stays, and Stripe's retry places the order."""

import pytest
from django.db import connection

from shop.accounts.models import Prospect
from shop.cart.models import Cart
from shop.checkout.models import StripeEvent
from shop.orders.models import (
    Order,
    Orderbillingaddress,
    Orderdiscount,
    Orderpayment,
    Ordershippingaddress,
    Ordershippingmethod,
    Ordersku,
    Orderstatus,
)
from tenants.context import tenant_context
from tests.fixtures.shop import order_post
from tests.shop.checkout.journey import fill_cart, pay, post_event, start_checkout

pytestmark = pytest.mark.django_db

ORDER_TABLES = [
    Orderpayment,
    Ordershippingaddress,
    Orderbillingaddress,
    Order,
    Ordersku,
    Orderdiscount,
    Orderstatus,
    Ordershippingmethod,
]

# (table, operation): each write place_order makes, in its order.
WRITES = [
    ("orders_orderpayment", "INSERT"),
    ("orders_ordershippingaddress", "INSERT"),
    ("orders_orderbillingaddress", "INSERT"),
    ("accounts_prospect", "INSERT"),
    ("orders_order", "INSERT"),
    ("orders_ordersku", "INSERT"),
    ("orders_orderdiscount", "INSERT"),
    ("orders_orderstatus", "INSERT"),
    ("orders_ordershippingmethod", "INSERT"),
    ("accounts_prospect", "UPDATE"),
]


def _fail_writes_to(table: str, operation: str) -> None:
    """A real database failure: a trigger (in the store's schema, inside the test's
    transaction) that raises on this write."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION fail_write() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'injected failure on %', TG_TABLE_NAME; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER fail_write BEFORE {operation} ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION fail_write()"
        )


def _heal(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER fail_write ON {table}")


def _counts():
    return {model.__name__: model.objects.count() for model in ORDER_TABLES}


@pytest.mark.parametrize(("table", "operation"), WRITES, ids=[f"{t}-{o}" for t, o in WRITES])
def test_a_failure_of_any_one_order_write_keeps_nothing_of_the_order(
    store_a,
    alpha_payments,
    client_for,
    stripe_server,
    smtp_server,
    django_capture_on_commit_callbacks,
    table,
    operation,
):
    # given a paid guest checkout with a discount code (so every write happens)
    client = client_for(store_a)
    fill_cart(client, store_a)
    order_post(client, "cart-apply-discount-code", discount_code_id="WELCOME10")
    if operation == "UPDATE":  # the guest is known already: the order updates the prospect
        order_post(
            client, "anonymous-email-address-payment-lookup", anonymous_email_address="new@ex.com"
        )
    started = start_checkout(client, anonymous_email_address="new@ex.com")
    event = pay(stripe_server, started["session_id"])
    with tenant_context(store_a):
        prospects_before = list(Prospect.objects.values_list("email", "swa_comment"))
        _fail_writes_to(table, operation)

    # when Stripe delivers the payment and this one write fails
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        failed = post_event(client_for(store_a), event, secret=alpha_payments.webhook_secret)

    # then the delivery fails with nothing kept, no email, and the cart intact
    assert failed.status_code == 500
    assert failed.json() == {"error": "processing-error", "order-api-version": "0.0.1"}
    assert callbacks == []
    assert smtp_server.messages == []
    with tenant_context(store_a):
        assert _counts() == {model.__name__: 0 for model in ORDER_TABLES}
        assert list(Prospect.objects.values_list("email", "swa_comment")) == prospects_before
        assert Cart.objects.count() == 1
        assert StripeEvent.objects.get().handler_error == {
            "code": "processing-error",
            "message": "The order could not be saved.",
        }

    # when the fault is gone and Stripe retries
    with tenant_context(store_a):
        _heal(table)
    with django_capture_on_commit_callbacks(execute=True):
        retried = post_event(client_for(store_a), event, secret=alpha_payments.webhook_secret)

    # then the whole order is there
    assert retried.status_code == 200
    with tenant_context(store_a):
        counts = _counts()
    assert counts == {
        "Orderpayment": 1,
        "Ordershippingaddress": 1,
        "Orderbillingaddress": 1,
        "Order": 1,
        "Ordersku": 2,
        "Orderdiscount": 1,
        "Orderstatus": 1,
        "Ordershippingmethod": 1,
    }
    assert len(smtp_server.wait_for(1)) == 1
