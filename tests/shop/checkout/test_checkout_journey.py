"""A guest's whole checkout: cart, Checkout Session with the store's own keys, payment on the
fake Stripe page, a signed webhook to the store's host, the order's rows, the success page."""

from decimal import Decimal

import pytest

from shop.accounts.models import Prospect
from shop.cart.models import Cart
from shop.checkout.models import StripeEvent
from shop.orders.models import (
    Order,
    Orderdiscount,
    Orderemailfailure,
    Orderpayment,
    Ordersku,
    Orderstatus,
)
from tenants.context import tenant_context
from tests.fixtures.shop import order_get
from tests.shop.checkout.journey import fill_cart, pay, post_event, start_checkout

pytestmark = pytest.mark.django_db


def test_a_guest_checkout_makes_one_order_that_the_webhook_and_success_page_agree_on(
    seeded_stores,
    store_a,
    client_for,
    store_stripe,
    stripe_server,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    # given a guest's cart on store A, which has its own Stripe account
    account = store_stripe(store_a)
    client = client_for(store_a)
    clip, bands = fill_cart(client, store_a)

    # when the guest checks out, pays, and Stripe calls the store's webhook
    started = start_checkout(client, anonymous_email_address="guest@example.com", newsletter="true")
    session = stripe_server.get_session(started["session_id"])
    event = pay(stripe_server, started["session_id"], name="Jane Shopper")
    with django_capture_on_commit_callbacks(execute=True):
        delivered = post_event(client_for(store_a), event, secret=account.webhook_secret)

    # then the session charged exactly the cart, on the store's own host
    assert stripe_server.account_for(started["session_id"]) is account
    assert started["checkout_url"] == session["url"]
    assert session["amount_total"] == 3155
    assert session["customer_email"] == "guest@example.com"
    assert session["success_url"] == (
        "http://alpha.platform.test/checkout/success?session_id={CHECKOUT_SESSION_ID}"
    )
    assert session["cancel_url"] == "http://alpha.platform.test/checkout/confirm"
    with tenant_context(store_a):
        cart_id = Cart.objects.get().pk if Cart.objects.exists() else None
    assert session["metadata"] == {
        "cart_id": session["metadata"]["cart_id"],
        "tenant": "alpha",
        "checkout_attempt": "0",
        "agree_to_terms_of_sale": "true",
        "newsletter": "true",
    }
    assert cart_id is None  # deleted after the order

    # and the webhook answered with the order
    assert delivered.status_code == 200
    identifier = delivered.json()["order_identifier"]
    assert delivered.json() == {
        "received": True,
        "order_identifier": identifier,
        "order-api-version": "0.0.1",
    }

    with tenant_context(store_a):
        order = Order.objects.select_related(
            "payment", "shipping_address", "billing_address", "prospect", "ordershippingmethod"
        ).get()
        lines = list(
            Ordersku.objects.order_by("id").values_list("sku_id", "quantity", "price_each")
        )
        statuses = list(Orderstatus.objects.values_list("status__identifier", flat=True))
        prospect = Prospect.objects.get(email="guest@example.com")
        event_row = StripeEvent.objects.get()
        assert not Orderdiscount.objects.exists()
        assert not Orderemailfailure.objects.exists()
        payments = Orderpayment.objects.count()

    assert order.identifier == identifier
    assert (order.item_subtotal, order.shipping_amt, order.order_total) == (
        Decimal("21.99"),
        Decimal("9.56"),
        Decimal("31.55"),
    )
    assert order.amount_charged == Decimal("31.55")
    assert order.sales_tax_amt == Decimal("0.00")
    assert order.agreed_with_terms_of_sale is True
    assert order.member is None and order.prospect == prospect
    assert lines == [(clip.pk, 2, Decimal("3.50")), (bands.pk, 1, Decimal("14.99"))]
    assert statuses == ["accepted"]
    assert order.ordershippingmethod.identifier == "USPSRetailGround"
    assert order.ordershippingmethod.shipping_cost == Decimal("9.56")
    assert payments == 1
    assert order.payment.email == "guest@example.com"
    assert order.payment.payment_type == "card"
    assert order.payment.card_name == "Jane Shopper"
    assert order.payment.stripe_checkout_session_id == started["session_id"]
    assert order.payment.stripe_payment_intent_id == event["data"]["object"]["payment_intent"]
    assert (order.shipping_address.name, order.shipping_address.address_line1) == (
        "Jane Shopper",
        "1 Main Street",
    )
    assert (order.billing_address.city, order.billing_address.country_code) == (
        "Springfield",
        "US",
    )
    assert prospect.email_unsubscribed is False  # the guest ticked the newsletter box
    assert prospect.swa_comment.endswith(
        f"Captured from Stripe Checkout order identifier: {identifier}"
    )
    assert (event_row.event_id, event_row.status, event_row.handler_error) == (
        event["id"],
        StripeEvent.Status.SUCCEEDED,
        None,
    )

    # and one confirmation went to the guest, naming the order
    [mail] = smtp_server.wait_for(1)
    assert mail.rcpt_tos == ["guest@example.com"]
    assert identifier in mail.subject
    assert f"pr_cd={prospect.pr_cd}" in mail.text
    assert "None" not in mail.text

    # when the shopper's browser returns to the success page
    success = order_get(client, "checkout-session-success", session_id=started["session_id"])

    # then it names the same order, which this browser may now see
    assert success == {
        "checkout_session_success": "success",
        "order_identifier": identifier,
        "order-api-version": "0.0.1",
    }
    detail = order_get(client, identifier)
    assert detail["order_detail"] == "success"
    assert detail["order_data"]["order_totals"]["order_total"] == "31.55"
