"""Discount limits (issue 11.3): a use is reserved when checkout starts, released when the
session expires, consumed by the order; a used-up code is refused when applied and at
checkout; an order whose use broke a limit meanwhile keeps its discount and says so."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest

from shop.checkout.models import CheckoutSnapshot
from shop.discounts.limits import DISCOUNT_LIMIT_EXCEEDED_MARKER
from shop.discounts.models import Discountcode, DiscountcodeUse
from shop.orders.models import Order, Orderdiscount
from tenants.context import tenant_context
from tests.fixtures.shop import add_to_cart, make_discount_code, order_post
from tests.shop.checkout.journey import fill_cart, pay, post_event, skus

pytestmark = pytest.mark.django_db

State = DiscountcodeUse.State
D = Decimal


def _limited(store, code: str, **limits) -> Discountcode:
    with tenant_context(store):
        made = make_discount_code(code, amount="10")
        Discountcode.objects.filter(pk=made.pk).update(**limits)
        made.refresh_from_db()
        return made


def _cart_with(client, store, code: str) -> None:
    fill_cart(client, store)
    body = order_post(client, "cart-apply-discount-code", discount_code_id=code)
    assert body["cart_apply_discount_code"] == "success", body


def _checkout(client, email: str) -> dict:
    response = client.post(
        "/order/create-checkout-session",
        {"agree_to_terms_of_sale": "true", "anonymous_email_address": email},
    )
    return {"status": response.status_code, **response.json()}


def _uses(store, code: Discountcode) -> list[tuple[str, str, bool]]:
    with tenant_context(store):
        rows = DiscountcodeUse.objects.filter(discountcode=code).order_by("id")
        return [(use.state, use.email, use.over_limit) for use in rows]


def _times_used(store, code: Discountcode) -> int:
    with tenant_context(store):
        code.refresh_from_db()
        return code.times_used


def _deliver(client_for, store, account, stripe_server, session_id: str, **customer):
    event = pay(stripe_server, session_id, **customer)
    response = post_event(client_for(store), event, secret=account.webhook_secret)
    assert response.status_code == 200, response.content
    with tenant_context(store):
        return Order.objects.get(identifier=response.json()["order_identifier"])


def test_the_last_use_is_reserved_at_checkout_and_the_next_shopper_is_refused(
    store_a, alpha_payments, client_for, stripe_server
):
    code = _limited(store_a, "LAST1", usage_limit=1)
    first, second = client_for(store_a), client_for(store_a)
    _cart_with(first, store_a, "LAST1")
    _cart_with(second, store_a, "LAST1")

    opened = _checkout(first, "first@example.com")
    refused = _checkout(second, "second@example.com")

    assert opened["create_checkout_session"] == "success", opened
    assert refused["create_checkout_session"] == "error"  # the reference answers errors with 200
    assert refused["errors"]["error"] == "discount-code-used-up"
    assert "LAST1" in refused["errors"]["description"]
    assert refused["discount_code"] == "LAST1"
    assert _uses(store_a, code) == [(State.RESERVED, "first@example.com", False)]
    with tenant_context(store_a):  # the refused shopper's draft is gone, no session made
        assert CheckoutSnapshot.objects.count() == 1
    assert len(alpha_payments.sessions) == 1


def test_checking_out_again_after_a_change_keeps_the_shoppers_own_use(
    store_a, alpha_payments, client_for, stripe_server
):
    # given a once-per-customer code, last use, reserved by this shopper's open session
    code = _limited(store_a, "MINE", usage_limit=1, usage_limit_per_customer=1)
    client = client_for(store_a)
    _cart_with(client, store_a, "MINE")
    first = _checkout(client, "me@example.com")

    # when the shopper changes the cart and checks out again
    add_to_cart(client, skus(store_a)[0], 1)
    second = _checkout(client, "me@example.com")

    # then the new session gets the use and the old one's is released with its session
    assert (first["create_checkout_session"], second["create_checkout_session"]) == (
        "success",
        "success",
    ), second
    assert stripe_server.get_session(first["session_id"])["status"] == "expired"
    assert [use[0] for use in _uses(store_a, code)] == [State.RELEASED, State.RESERVED]


def test_an_expired_session_releases_its_use_once_and_the_code_is_free_again(
    store_a, alpha_payments, client_for, stripe_server
):
    # given the last use of a code held by an open session
    code = _limited(store_a, "BACK1", usage_limit=1)
    first, second = client_for(store_a), client_for(store_a)
    _cart_with(first, store_a, "BACK1")
    _cart_with(second, store_a, "BACK1")
    session_id = _checkout(first, "first@example.com")["session_id"]

    # when Stripe expires it and its event arrives (twice)
    stripe_server.expire_session(session_id, deliver=False)
    for _ in range(2):
        event = stripe_server.session_event(session_id, type="checkout.session.expired")
        response = post_event(client_for(store_a), event, secret=alpha_payments.webhook_secret)
        assert response.status_code == 200, response.content

    # then its use is released and another shopper gets it, and keeps it
    assert _uses(store_a, code) == [(State.RELEASED, "first@example.com", False)]
    assert _checkout(second, "second@example.com")["create_checkout_session"] == "success"
    event = stripe_server.session_event(session_id, type="checkout.session.expired")
    post_event(client_for(store_a), event, secret=alpha_payments.webhook_secret)
    assert [use[0] for use in _uses(store_a, code)] == [State.RELEASED, State.RESERVED]


def test_a_paid_order_consumes_its_reserved_use(store_a, alpha_payments, client_for, stripe_server):
    code = _limited(store_a, "PAYME", usage_limit=5)
    client = client_for(store_a)
    _cart_with(client, store_a, "PAYME")
    session_id = _checkout(client, "Payer@Example.com")["session_id"]

    order = _deliver(client_for, store_a, alpha_payments, stripe_server, session_id)

    assert _uses(store_a, code) == [(State.USED, "payer@example.com", False)]
    assert _times_used(store_a, code) == 1
    with tenant_context(store_a):
        assert DiscountcodeUse.objects.get(discountcode=code).order == order


def test_a_limit_lowered_while_the_shopper_pays_is_honoured_flagged_and_logged(
    store_a, alpha_payments, client_for, stripe_server, caplog
):
    # given an open session holding a use of a code limited to 2
    code = _limited(store_a, "LOWER", usage_limit=2)
    client = client_for(store_a)
    _cart_with(client, store_a, "LOWER")
    session_id = _checkout(client, "late@example.com")["session_id"]

    # when the admin lowers the limit to 0 and then the session is paid
    with tenant_context(store_a):
        Discountcode.objects.filter(pk=code.pk).update(usage_limit=0)
    with caplog.at_level(logging.WARNING, logger="shop.discounts.limits"):
        order = _deliver(client_for, store_a, alpha_payments, stripe_server, session_id)

    # then the order keeps the discount that was paid, and the use says it broke the limit
    with tenant_context(store_a):
        discount = Orderdiscount.objects.get(order=order)
        use = DiscountcodeUse.objects.get(discountcode=code)
    assert (discount.code, discount.applied, discount.amount) == ("LOWER", True, D("2.20"))
    assert order.item_discount_amt == D("2.20")
    assert (use.state, use.over_limit, use.note) == (State.USED, True, "usage limit reached")
    assert _times_used(store_a, code) == 1
    [record] = [r for r in caplog.records if DISCOUNT_LIMIT_EXCEEDED_MARKER in r.getMessage()]
    assert order.identifier in record.getMessage()


def test_a_use_released_by_a_race_is_still_honoured_and_flagged(
    store_a, alpha_payments, client_for, stripe_server
):
    code = _limited(store_a, "RACED", usage_limit=1, usage_limit_per_customer=1)
    client = client_for(store_a)
    _cart_with(client, store_a, "RACED")
    session_id = _checkout(client, "racer@example.com")["session_id"]
    with tenant_context(store_a):  # an expiry that lost the race to the payment
        DiscountcodeUse.objects.filter(discountcode=code).update(state=State.RELEASED)

    order = _deliver(client_for, store_a, alpha_payments, stripe_server, session_id)

    with tenant_context(store_a):
        use = DiscountcodeUse.objects.get(discountcode=code)
        assert Orderdiscount.objects.get(order=order).applied
    assert (use.state, use.over_limit, use.note) == (State.USED, True, "reservation not held")


def test_a_used_up_code_is_refused_when_applied(store_a, alpha_payments, client_for):
    _limited(store_a, "GONE", usage_limit=1)
    first, second = client_for(store_a), client_for(store_a)
    _cart_with(first, store_a, "GONE")
    _checkout(first, "first@example.com")
    fill_cart(second, store_a)

    body = order_post(second, "cart-apply-discount-code", discount_code_id="gone")

    assert body["cart_apply_discount_code"] == "error"
    assert body["errors"] == {"error": "cart-discount-code-used-up"}
    assert body["discount_code_id"] == "gone"


def test_a_code_without_limits_is_counted_but_never_refused(
    store_a, alpha_payments, client_for, stripe_server
):
    code = _limited(store_a, "FREE4ALL")
    for _ in range(2):
        client = client_for(store_a)
        _cart_with(client, store_a, "FREE4ALL")
        session_id = _checkout(client, "same@example.com")["session_id"]
        _deliver(client_for, store_a, alpha_payments, stripe_server, session_id)
    assert _times_used(store_a, code) == 2
    assert [use[0] for use in _uses(store_a, code)] == [State.USED, State.USED]
