"""Discount limits under real concurrency (real PostgreSQL, committed data, one connection per
shopper's thread): 20 shoppers racing for a code limited to 10 uses get exactly 10 discounted
orders, the other 10 being refused at checkout (`discount-code-used-up`, nothing charged); one
email racing itself for a once-per-customer code gets it once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from stripe_sandbox.events import encode_event, sign_payload

from shop.checkout.models import CheckoutSnapshot
from shop.discounts.models import Discountcode, DiscountcodeUse
from shop.orders.models import Order, Orderdiscount
from tenants.context import tenant_context
from tenants.services import primary_host_for
from tests.fixtures.races import race
from tests.fixtures.shop import add_to_cart, make_discount_code, order_get, order_post, seeded_sku
from tests.shop.checkout.journey import CLIP, pay

SHOPPERS = 20
LIMIT = 10
RACE_TIMEOUT = 180  # seconds for each shopper's thread


@pytest.fixture
def racing_store(racing_store_for):
    return racing_store_for("discount-race")


def _shopper_with_code(host: str, tenant, code: str) -> Client:
    shopper = Client(HTTP_HOST=host)
    with tenant_context(tenant):
        clip = seeded_sku(CLIP)
    add_to_cart(shopper, clip, 1)
    order_get(shopper, "cart-shipping-methods")
    applied = order_post(shopper, "cart-apply-discount-code", discount_code_id=code)
    assert applied["cart_apply_discount_code"] == "success", applied
    return shopper


def _checkout(shopper: Client, email: str) -> Callable[[], tuple[int, dict]]:
    def call() -> tuple[int, dict]:
        response = shopper.post(
            "/order/create-checkout-session",
            {"agree_to_terms_of_sale": "true", "anonymous_email_address": email},
        )
        return response.status_code, response.json()

    return call


def _deliver(host: str, payload: bytes, secret: str) -> Callable[[], tuple[int, dict]]:
    def call() -> tuple[int, dict]:
        response = Client(HTTP_HOST=host).post(
            "/order/stripe-webhook",
            payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=sign_payload(payload, secret=secret),
        )
        return response.status_code, response.json()

    return call


def _assert_used_up(body: dict, code: str) -> None:
    assert body["create_checkout_session"] == "error"
    assert body["errors"]["error"] == "discount-code-used-up"
    assert code in body["errors"]["description"]
    assert body["discount_code"] == code


def test_twenty_shoppers_racing_for_ten_uses_get_exactly_ten_discounted_orders(
    racing_store, django_db_blocker, stripe_server
):
    tenant, account = racing_store
    host = primary_host_for(tenant.slug)
    with django_db_blocker.unblock():
        # given 20 carts holding a code limited to 10 uses
        with tenant_context(tenant):
            code = make_discount_code("TEN4ALL", amount="10")
            Discountcode.objects.filter(pk=code.pk).update(usage_limit=LIMIT)
        shoppers = [_shopper_with_code(host, tenant, "TEN4ALL") for _ in range(SHOPPERS)]

        # when all 20 check out at once
        answers = race(
            [_checkout(s, f"racer{i}@example.com") for i, s in enumerate(shoppers)],
            timeout=RACE_TIMEOUT,
        )

        # then 10 get a session and 10 are told the code is used up, before any session
        assert {status for status, _ in answers} == {200}  # the reference's errors are 200s
        opened = [body for _, body in answers if body["create_checkout_session"] == "success"]
        refused = [body for _, body in answers if body["create_checkout_session"] != "success"]
        assert len(opened) == LIMIT, answers
        for body in refused:
            _assert_used_up(body, "TEN4ALL")
        with tenant_context(tenant):
            assert CheckoutSnapshot.objects.count() == LIMIT  # refused drafts are gone
        assert len(account.sessions) == LIMIT  # the refused never reached Stripe

        # when the 10 pay, their webhooks arriving at once
        payloads = [encode_event(pay(stripe_server, body["session_id"])) for body in opened]
        paid = race(
            [_deliver(host, p, account.webhook_secret) for p in payloads], timeout=RACE_TIMEOUT
        )

        # then exactly 10 discounted orders, and the counters agree with them
        assert {status for status, _ in paid} == {200}, paid
        with tenant_context(tenant):
            assert Order.objects.count() == LIMIT
            discounted = Orderdiscount.objects.filter(code="TEN4ALL", applied=True)
            assert discounted.count() == LIMIT
            assert all(d.amount > 0 for d in discounted)
            code.refresh_from_db()
            assert code.times_used == LIMIT
            uses = DiscountcodeUse.objects.filter(discountcode=code)
            assert uses.filter(state=DiscountcodeUse.State.USED).count() == LIMIT
            assert uses.filter(order__isnull=False).count() == LIMIT
            assert not uses.exclude(state=DiscountcodeUse.State.USED).exists()
            assert not uses.filter(over_limit=True).exists()


def test_one_email_racing_itself_for_a_once_per_customer_code_gets_it_once(
    racing_store, django_db_blocker, stripe_server
):
    tenant, _ = racing_store
    host = primary_host_for(tenant.slug)
    with django_db_blocker.unblock():
        with tenant_context(tenant):
            code = make_discount_code("ONCE", amount="10")
            Discountcode.objects.filter(pk=code.pk).update(usage_limit_per_customer=1)
        first, second = (_shopper_with_code(host, tenant, "ONCE") for _ in range(2))

        # the same address, written two ways, from two carts at once
        answers = race(
            [_checkout(first, "twin@example.com"), _checkout(second, "Twin@Example.COM")],
            timeout=RACE_TIMEOUT,
        )

        outcomes = sorted(body["create_checkout_session"] for _, body in answers)
        assert outcomes == ["error", "success"], answers
        _assert_used_up(
            next(b for _, b in answers if b["create_checkout_session"] == "error"), "ONCE"
        )
        with tenant_context(tenant):
            [use] = DiscountcodeUse.objects.filter(discountcode=code)
            assert (use.state, use.email) == (DiscountcodeUse.State.RESERVED, "twin@example.com")
