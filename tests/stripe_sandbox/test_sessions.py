"""The real stripe SDK creates and reads Checkout Sessions in the sandbox."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import stripe
from stripe_sandbox import handler

from tests.stripe_sandbox.checkout_params import line, session_params, shipping


@pytest.fixture
def client(stripe_server, stripe_account) -> stripe.StripeClient:
    return stripe.StripeClient(
        stripe_account.secret_key,
        base_addresses={"api": stripe_server.base_url},
        max_network_retries=0,
    )


def test_a_created_session_is_open_unpaid_and_has_a_hosted_page(client, stripe_server):
    session = client.v1.checkout.sessions.create(params=session_params())

    assert session.object == "checkout.session"
    assert session.id.startswith("cs_test_")
    assert session.url == f"{stripe_server.base_url}/c/pay/{session.id}"
    assert (session.status, session.payment_status, session.payment_intent) == (
        "open",
        "unpaid",
        None,
    )
    assert session.mode == "payment"
    assert session.currency == "usd"
    assert session.customer_email == "shopper@example.com"
    assert session.metadata.to_dict() == {"cart_id": "41"}
    assert session.billing_address_collection == "required"
    assert session.shipping_address_collection.allowed_countries == ["US", "CA"]
    assert session.phone_number_collection.enabled is True
    assert session.customer_details is None
    assert session.collected_information is None
    assert session.success_url.endswith("session_id={CHECKOUT_SESSION_ID}")
    assert session.expires_at - session.created == 24 * 3600


def test_amounts_are_line_items_times_quantity(client):
    session = client.v1.checkout.sessions.create(params=session_params())

    assert session.amount_subtotal == 435 * 3 + 115
    assert session.amount_total == 1420
    assert session.total_details.to_dict() == {
        "amount_discount": 0,
        "amount_shipping": 0,
        "amount_tax": 0,
    }


def test_a_shipping_option_is_added_to_the_total_and_reported(client):
    session = client.v1.checkout.sessions.create(
        params=session_params(shipping_options=shipping(599))
    )

    assert session.amount_subtotal == 1420
    assert session.amount_total == 2019
    assert session.total_details.amount_shipping == 599
    assert session.shipping_cost.amount_total == 599
    assert session.shipping_options[0].shipping_amount == 599
    assert session.shipping_options[0].shipping_rate.startswith("shr_")


def test_an_amount_off_coupon_reduces_the_items_but_not_shipping(client):
    coupon = client.v1.coupons.create(
        params={"amount_off": 250, "currency": "usd", "duration": "once"}
    )

    session = client.v1.checkout.sessions.create(
        params=session_params(discounts=[{"coupon": coupon.id}], shipping_options=shipping(599))
    )

    assert session.amount_subtotal == 1420
    assert session.total_details.amount_discount == 250
    assert session.amount_total == 1420 - 250 + 599
    assert [(d.coupon, d.promotion_code) for d in session.discounts] == [(coupon.id, None)]


def test_an_amount_off_coupon_larger_than_the_items_leaves_only_shipping(client):
    coupon = client.v1.coupons.create(params={"amount_off": 5000, "currency": "usd"})

    session = client.v1.checkout.sessions.create(
        params=session_params(discounts=[{"coupon": coupon.id}], shipping_options=shipping(599))
    )

    assert session.total_details.amount_discount == 1420
    assert session.amount_total == 599


def test_a_percent_off_coupon_is_rounded_per_line(client):
    coupon = client.v1.coupons.create(params={"percent_off": "15", "duration": "once"})

    session = client.v1.checkout.sessions.create(
        params=session_params(discounts=[{"coupon": coupon.id}])
    )

    # 15% of 1305 = 195.75 -> 196; 15% of 115 = 17.25 -> 17
    assert session.total_details.amount_discount == 213
    assert session.amount_total == 1420 - 213


def test_line_items_carry_their_share_of_the_discount(client):
    coupon = client.v1.coupons.create(params={"amount_off": 100, "currency": "usd"})
    session = client.v1.checkout.sessions.create(
        params=session_params(discounts=[{"coupon": coupon.id}])
    )

    items = client.v1.checkout.sessions.line_items.list(session.id)

    assert [
        (i.description, i.quantity, i.amount_subtotal, i.amount_discount, i.amount_total)
        for i in items.data
    ] == [("Paper", 3, 1305, 92, 1213), ("Pens", 1, 115, 8, 107)]
    assert items.data[0].price.unit_amount == 435
    assert items.data[0].price.product.startswith("prod_")


def test_a_session_is_retrieved_with_its_line_items_expanded(client):
    created = client.v1.checkout.sessions.create(params=session_params())

    session = client.v1.checkout.sessions.retrieve(
        created.id, params={"expand": ["line_items", "line_items.data.price.product"]}
    )

    assert session.id == created.id
    product = session.line_items.data[0].price.product
    assert (product.name, product.description, product.images) == (
        "Paper",
        "white - A4",
        ["https://cdn.test/p.png"],
    )
    assert "line_items" not in client.v1.checkout.sessions.retrieve(created.id)


def test_line_items_are_paginated_ten_at_a_time_like_stripe(client):
    params = session_params(line_items=[line(f"Item {n}", 100, 1) for n in range(23)])
    session = client.v1.checkout.sessions.create(params=params)

    first_page = client.v1.checkout.sessions.line_items.list(session.id)
    every_item = list(first_page.auto_paging_iter())

    assert (len(first_page.data), first_page.has_more) == (10, True)
    assert [item.description for item in every_item] == [f"Item {n}" for n in range(23)]


def test_a_session_of_another_account_is_not_found(client, stripe_server):
    session = client.v1.checkout.sessions.create(params=session_params())
    other = stripe.StripeClient(
        stripe_server.add_account().secret_key,
        base_addresses={"api": stripe_server.base_url},
        max_network_retries=0,
    )

    with pytest.raises(stripe.InvalidRequestError) as caught:
        other.v1.checkout.sessions.retrieve(session.id)

    assert caught.value.http_status == 404
    assert caught.value.code == "resource_missing"


def test_a_coupon_of_another_account_cannot_be_used(client, stripe_server):
    coupon = client.v1.coupons.create(params={"amount_off": 100, "currency": "usd"})
    other = stripe.StripeClient(
        stripe_server.add_account().secret_key,
        base_addresses={"api": stripe_server.base_url},
        max_network_retries=0,
    )

    with pytest.raises(stripe.InvalidRequestError) as caught:
        other.v1.checkout.sessions.create(params=session_params(discounts=[{"coupon": coupon.id}]))

    assert caught.value.param == "discounts[0][coupon]"
    assert str(caught.value.user_message) == f"No such coupon: '{coupon.id}'"


def test_the_same_idempotency_key_returns_the_first_session(client, stripe_server):
    first = client.v1.checkout.sessions.create(
        params=session_params(), options={"idempotency_key": "cart-41-attempt-1"}
    )
    again = client.v1.checkout.sessions.create(
        params=session_params(), options={"idempotency_key": "cart-41-attempt-1"}
    )

    assert again.id == first.id
    assert again.last_response.headers["Idempotent-Replayed"] == "true"


def test_an_idempotency_key_reused_with_other_parameters_is_refused(client):
    client.v1.checkout.sessions.create(params=session_params(), options={"idempotency_key": "k-1"})

    with pytest.raises(stripe.IdempotencyError, match="same parameters"):
        client.v1.checkout.sessions.create(
            params=session_params(customer_email="other@example.com"),
            options={"idempotency_key": "k-1"},
        )


def test_an_open_session_can_be_expired_through_the_api(client):
    session = client.v1.checkout.sessions.create(params=session_params())

    expired = client.v1.checkout.sessions.expire(session.id)

    assert expired.status == "expired"
    with pytest.raises(stripe.InvalidRequestError, match="status in"):
        client.v1.checkout.sessions.expire(session.id)


def test_coupons_are_created_retrieved_and_deleted(client):
    coupon = client.v1.coupons.create(
        params={
            "amount_off": 185,
            "currency": "usd",
            "duration": "once",
            "name": "SAVE10",
            "max_redemptions": 1,
        }
    )

    fetched = client.v1.coupons.retrieve(coupon.id)
    deleted = client.v1.coupons.delete(coupon.id)

    assert (fetched.amount_off, fetched.currency, fetched.duration, fetched.name) == (
        185,
        "usd",
        "once",
        "SAVE10",
    )
    assert (fetched.percent_off, fetched.times_redeemed, fetched.valid) == (None, 0, True)
    assert deleted.deleted is True
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.coupons.retrieve(coupon.id)


def test_concurrent_creates_with_one_idempotency_key_make_one(
    stripe_server, stripe_account, monkeypatch
):
    real_build = handler.build_session

    def slow_build(params, **kwargs):
        time.sleep(0.3)  # the first request is still running when the others arrive
        return real_build(params, **kwargs)

    monkeypatch.setattr(handler, "build_session", slow_build)
    client = stripe.StripeClient(
        stripe_account.secret_key,
        base_addresses={"api": stripe_server.base_url},
        max_network_retries=5,  # Stripe answers 409 while the first request runs; the SDK retries
    )

    def create(_):
        return client.v1.checkout.sessions.create(
            params=session_params(), options={"idempotency_key": "double-click"}
        ).id

    with ThreadPoolExecutor(max_workers=4) as pool:
        ids = set(pool.map(create, range(4)))

    assert len(ids) == 1
    assert list(stripe_account.sessions) == list(ids)
    statuses = [r.status for r in stripe_server.requests if r.idempotency_key == "double-click"]
    assert 409 in statuses
