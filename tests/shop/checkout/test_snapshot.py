"""What was paid is what is ordered: starting checkout freezes the priced cart into a
CheckoutSnapshot tied to the Stripe session; Stripe's line items and the order both come from
it, and a paid amount that differs from it makes no order (DESIGN §4)."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from infra_components.names import ORDER_AMOUNT_MISMATCH_MARKER

from shop.checkout.models import CheckoutSnapshot, StripeEvent
from shop.orders.models import Order, Orderdiscount, Ordersku
from tenants.context import tenant_context
from tests.fixtures.shop import add_to_cart, make_discount_code, order_post, set_price
from tests.shop.checkout.journey import fill_cart, pay, post_event, start_checkout

pytestmark = pytest.mark.django_db

D = Decimal


def _snapshot(store, session_id):
    with tenant_context(store):
        return CheckoutSnapshot.objects.prefetch_related("lines", "discounts").get(
            stripe_session_id=session_id
        )


def _frozen_lines(snapshot):
    return [(line.sku_id, line.quantity, line.unit_price) for line in snapshot.lines.all()]


def test_a_cart_changed_while_its_session_is_open_is_ordered_as_its_snapshot(
    store_a, alpha_payments, client_for, stripe_server, django_capture_on_commit_callbacks
):
    # given a session for 2 clips + 1 rubber bands (31.55)
    client = client_for(store_a)
    clip, bands = fill_cart(client, store_a)
    started = start_checkout(client)
    snapshot = _snapshot(store_a, started["session_id"])
    assert _frozen_lines(snapshot) == [(clip.pk, 2, D("3.50")), (bands.pk, 1, D("14.99"))]

    # when, on Stripe's page, the cart gets another clip and the bands a new price
    add_to_cart(client, clip, 1)
    with tenant_context(store_a):
        set_price(bands, "20.00")
    event = pay(stripe_server, started["session_id"])
    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(client_for(store_a), event, secret=alpha_payments.webhook_secret)

    # then the order is the snapshot: its lines, quantities, unit prices and totals
    assert response.status_code == 200, response.content
    with tenant_context(store_a):
        order = Order.objects.get(identifier=response.json()["order_identifier"])
        lines = list(
            Ordersku.objects.filter(order=order)
            .order_by("id")
            .values_list("sku_id", "quantity", "price_each")
        )
    assert lines == _frozen_lines(snapshot)
    assert (
        order.item_subtotal,
        order.item_discount_amt,
        order.shipping_amt,
        order.shipping_discount_amt,
        order.sales_tax_amt,
        order.order_total,
    ) == (
        snapshot.item_subtotal,
        snapshot.item_discount,
        snapshot.shipping_cost,
        snapshot.shipping_discount,
        snapshot.sales_tax,
        snapshot.total,
    )
    assert order.order_total == order.amount_charged == D("31.55")
    paid = _snapshot(store_a, started["session_id"])
    assert (paid.status, paid.amount_charged) == (CheckoutSnapshot.Status.PAID, D("31.55"))


def test_checkout_again_after_a_change_makes_a_new_snapshot_and_expires_the_old_session(
    store_a, alpha_payments, client_for, stripe_server
):
    client = client_for(store_a)
    clip, bands = fill_cart(client, store_a)
    first = start_checkout(client)["session_id"]

    add_to_cart(client, clip, 1)
    second = start_checkout(client)["session_id"]

    assert second != first
    assert stripe_server.get_session(first)["status"] == "expired"
    assert stripe_server.get_session(second)["status"] == "open"
    old, new = _snapshot(store_a, first), _snapshot(store_a, second)
    assert (old.status, new.status) == ("expired", "open")
    assert _frozen_lines(new) == [(clip.pk, 3, D("3.50")), (bands.pk, 1, D("14.99"))]
    assert new.total == D("35.05")
    # a double click on the unchanged cart keeps that one snapshot (no stray drafts)
    assert start_checkout(client)["session_id"] == second
    with tenant_context(store_a):
        assert CheckoutSnapshot.objects.count() == 2


def test_stripe_shows_the_snapshot(store_a, alpha_payments, client_for, stripe_server):
    # given a cart with a 10% code: items 21.99 - 2.20, shipping 9.56
    with tenant_context(store_a):
        make_discount_code("SPRING10", amount="10")
    client = client_for(store_a)
    fill_cart(client, store_a)
    order_post(client, "cart-apply-discount-code", discount_code_id="SPRING10")

    session_id = start_checkout(client)["session_id"]

    snapshot = _snapshot(store_a, session_id)
    # the sandbox's own record: its API returns each line's product as an id only
    items = stripe_server.account_for(session_id).line_items[session_id]
    shown = [
        (
            item["description"],
            item["price"]["product"]["description"],
            item["quantity"],
            item["price"]["unit_amount"],
        )
        for item in items
    ]
    assert [i["price"]["unit_amount"] for i in stripe_server.get_line_items(session_id)] == [
        i["price"]["unit_amount"] for i in items
    ]
    frozen = [
        (line.name, line.description or None, line.quantity, int(line.unit_price * 100))
        for line in snapshot.lines.all()
    ]
    assert shown == frozen
    session = stripe_server.get_session(session_id)
    assert session["total_details"]["amount_discount"] == int(snapshot.item_discount * 100) == 220
    assert session["shipping_cost"]["amount_total"] == int(snapshot.shipping_net * 100) == 956
    assert session["amount_total"] == int(snapshot.total * 100) == 2935
    assert [(d.code, d.applied, d.amount) for d in snapshot.discounts.all()] == [
        ("SPRING10", True, D("2.20"))
    ]


def test_stripe_expiring_a_session_expires_its_snapshot(
    store_a, alpha_payments, client_for, stripe_server
):
    client = client_for(store_a)
    fill_cart(client, store_a)
    session_id = start_checkout(client)["session_id"]
    stripe_server.expire_session(session_id, deliver=False)  # its 24 hours ran out
    event = stripe_server.session_event(session_id, type="checkout.session.expired")

    response = post_event(client_for(store_a), event, secret=alpha_payments.webhook_secret)

    assert response.status_code == 200
    assert _snapshot(store_a, session_id).status == "expired"


def test_a_paid_amount_in_another_currency_makes_no_order(
    store_a, alpha_payments, client_for, stripe_server, caplog
):
    client = client_for(store_a)
    fill_cart(client, store_a)
    session_id = start_checkout(client)["session_id"]
    event = pay(stripe_server, session_id)
    event["data"]["object"]["currency"] = "eur"  # same digits, other money

    with caplog.at_level("ERROR", logger="shop.orders.services"):
        response = post_event(client_for(store_a), event, secret=alpha_payments.webhook_secret)

    assert (response.status_code, response.json()["error"]) == (200, "order-amount-mismatch")
    assert "ours=31.55 USD stripe=31.55 EUR" in caplog.text
    assert _snapshot(store_a, session_id).status == "mismatched"
    with tenant_context(store_a):
        assert not Order.objects.exists()


def test_a_paid_amount_other_than_the_snapshot_makes_no_order_and_is_listed(
    store_a, alpha_payments, client_for, stripe_server, caplog
):
    # given a paid session of 31.55 whose event, correctly signed, claims 12.34 was charged
    client = client_for(store_a)
    fill_cart(client, store_a)
    session_id = start_checkout(client)["session_id"]
    other = client_for(store_a)
    fill_cart(other, store_a)
    open_one = start_checkout(other)["session_id"]
    event = pay(stripe_server, session_id)
    event["data"]["object"]["amount_total"] = 1234

    # when it is delivered, twice (Stripe's retry, or a replay by hand)
    with caplog.at_level("ERROR", logger="shop.orders.services"):
        answers = [
            post_event(client_for(store_a), event, secret=alpha_payments.webhook_secret)
            for _ in range(2)
        ]

    # then it is acknowledged (a retry cannot heal it), recorded as failed, and makes no order
    assert [(a.status_code, a.json()["error"]) for a in answers] == [
        (200, "order-amount-mismatch")
    ] * 2
    with tenant_context(store_a):
        assert not Order.objects.exists() and not Orderdiscount.objects.exists()
        record = StripeEvent.objects.get()
    assert (record.status, record.handler_error["code"], record.deliveries) == (
        "failed",
        "order-amount-mismatch",
        2,
    )
    # and the alarm's marker is logged with both amounts
    assert ORDER_AMOUNT_MISMATCH_MARKER in caplog.text
    assert "ours=31.55 USD stripe=12.34 USD" in caplog.text
    snapshot = _snapshot(store_a, session_id)
    assert (snapshot.status, snapshot.amount_charged) == ("mismatched", D("12.34"))

    # and the store admin lists it among the mismatched sessions, and only it
    admin = client_for(store_a)
    with tenant_context(store_a):
        admin.force_login(User.objects.create_superuser("owner7", "o7@example.com", "Own!pass7"))
    listed = admin.get("/admin/checkout/checkoutsnapshot/?status__exact=mismatched")
    assert listed.status_code == 200
    page = listed.content.decode()
    assert session_id in page and open_one not in page
    detail = admin.get(f"/admin/checkout/checkoutsnapshot/{snapshot.pk}/change/")
    assert detail.status_code == 200 and "Paper Clips" in detail.content.decode()
