"""Discount codes travel to Stripe so that Stripe charges exactly our total, and the order
records the codes with what each took off."""

from decimal import Decimal

import pytest

from shop.orders.models import Order, Orderdiscount, Orderpayment, Ordersku
from tenants.context import tenant_context
from tests.fixtures.shop import make_discount_code, order_get, order_post
from tests.shop.checkout.journey import fill_cart, pay, post_event, start_checkout

pytestmark = pytest.mark.django_db

D = Decimal


def _apply(client, code):
    body = order_post(client, "cart-apply-discount-code", discount_code_id=code)
    assert body["cart_apply_discount_code"] == "success", body


def _place(client_for, store, account, stripe_server, capture, codes, method=None):
    client = client_for(store)
    fill_cart(client, store)  # items 21.99, USPSRetailGround 9.56
    if method:
        order_post(client, "cart-update-shipping-method", shipping_method_identifier=method)
    for code in codes:
        _apply(client, code)
    started = start_checkout(client)
    session = stripe_server.get_session(started["session_id"])
    event = pay(stripe_server, started["session_id"])
    with capture(execute=True):
        response = post_event(client_for(store), event, secret=account.webhook_secret)
    assert response.status_code == 200, response.content
    with tenant_context(store):
        order = Order.objects.get(identifier=response.json()["order_identifier"])
        discounts = list(
            Orderdiscount.objects.filter(order=order)
            .order_by("id")
            .values_list("code", "applied", "amount")
        )
        shares = list(Ordersku.objects.filter(order=order).values_list("discount_amt", flat=True))
    return session, order, discounts, shares


@pytest.mark.parametrize(
    ("codes", "method", "charged", "item_off", "ship_off", "recorded"),
    [
        (["WELCOME10"], None, 2935, D("2.20"), D("0.00"), [("WELCOME10", True, D("2.20"))]),
        (
            ["SAVE10", "FREESHIPPING"],
            None,
            1199,
            D("10.00"),
            D("9.56"),
            [("SAVE10", True, D("10.00")), ("FREESHIPPING", True, D("9.56"))],
        ),
        (
            ["FREESHIPPING"],
            "FedExGround",
            3284,
            D("0.00"),
            D("0.00"),
            [("FREESHIPPING", False, D("0.00"))],
        ),
    ],
    ids=["percent-off", "amount-off-and-free-shipping", "free-shipping-on-another-method"],
)
def test_stripe_charges_the_discounted_total_and_the_order_records_each_code(
    store_a,
    alpha_payments,
    client_for,
    stripe_server,
    django_capture_on_commit_callbacks,
    codes,
    method,
    charged,
    item_off,
    ship_off,
    recorded,
):
    session, order, discounts, shares = _place(
        client_for,
        store_a,
        alpha_payments,
        stripe_server,
        django_capture_on_commit_callbacks,
        codes,
        method,
    )

    assert session["amount_total"] == charged
    assert session["total_details"]["amount_discount"] == int(item_off * 100)
    assert order.amount_charged == order.order_total == D(charged) / 100
    assert (order.item_discount_amt, order.shipping_discount_amt) == (item_off, ship_off)
    assert discounts == recorded
    assert sum(shares) == item_off


def test_a_fully_discounted_cart_needs_no_payment_and_is_placed_once(
    store_a, alpha_payments, client_for, stripe_server, django_capture_on_commit_callbacks
):
    # given a cart whose codes take everything off: Stripe asks for no payment
    with tenant_context(store_a):
        make_discount_code("ALLFREE", amount="100")
    client = client_for(store_a)
    fill_cart(client, store_a)
    _apply(client, "ALLFREE")
    _apply(client, "FREESHIPPING")
    started = start_checkout(client)
    event = pay(stripe_server, started["session_id"])
    assert event["data"]["object"]["payment_status"] == "no_payment_required"
    assert event["data"]["object"]["payment_intent"] is None

    # when the event and the success page both arrive, twice
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            post_event(client_for(store_a), event, secret=alpha_payments.webhook_secret).json()[
                "order_identifier"
            ]
            for _ in range(2)
        ]
        answers.append(
            order_get(client, "checkout-session-success", session_id=started["session_id"])[
                "order_identifier"
            ]
        )

    # then one order, keyed by its session (there is no payment intent)
    with tenant_context(store_a):
        payment = Orderpayment.objects.get()
        order = Order.objects.get()
    assert answers == [order.identifier] * 3
    assert (payment.stripe_payment_intent_id, payment.payment_type) == (
        None,
        "no_payment_required",
    )
    assert payment.stripe_checkout_session_id == started["session_id"]
    assert order.order_total == order.amount_charged == D("0.00")
