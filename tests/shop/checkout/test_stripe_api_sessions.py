"""create_checkout_session sends the cart to Stripe so that Stripe charges our order total."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from stripe_sandbox import handler

from shop import pricing
from shop.checkout.errors import CheckoutAmountMismatch
from shop.checkout.stripe_api import create_checkout_session, retrieve_checkout_session
from shop.checkout.stripe_types import CheckoutLine, CheckoutShipping
from tests.shop.checkout.checkout_values import GROUND, PAPER, checkout


def sent_lines(stripe_server, session_id):
    return [
        (item["description"], item["price"]["unit_amount"], item["quantity"])
        for item in stripe_server.get_line_items(session_id)
    ]


def test_unit_prices_reach_stripe_as_exact_cents(stripe_keys, stripe_server):
    info = create_checkout_session(**checkout(stripe_keys))

    # the original's int(float(price) * 100) sent 434 and 114
    assert sent_lines(stripe_server, info.session_id) == [("Paper", 435, 3), ("Pens", 115, 1)]


def test_the_new_session_is_open_and_charges_the_total(stripe_keys, stripe_server):
    info = create_checkout_session(**checkout(stripe_keys))

    assert info.session_id.startswith("cs_test_")
    assert info.url == f"{stripe_server.base_url}/c/pay/{info.session_id}"
    assert (info.status, info.payment_status, info.payment_intent_id) == ("open", "unpaid", None)
    assert info.currency == "USD"
    assert info.amount_subtotal == Decimal("14.20")
    assert info.amount_total == Decimal("14.20")
    assert info.metadata == {"cart_id": "41"}
    assert info.is_paid is False


def test_the_session_asks_for_what_the_store_needs(stripe_keys, stripe_server):
    info = create_checkout_session(**checkout(stripe_keys))

    session = stripe_server.get_session(info.session_id)
    assert session["mode"] == "payment"
    assert session["customer_email"] == "shopper@example.com"
    assert session["billing_address_collection"] == "required"
    assert session["shipping_address_collection"] == {"allowed_countries": ["US", "CA"]}
    assert session["phone_number_collection"] == {"enabled": True}
    assert session["allow_promotion_codes"] is None
    assert session["success_url"].endswith("?session_id={CHECKOUT_SESSION_ID}")
    product = stripe_server.get_line_items(info.session_id)
    internal = stripe_server.account_for(info.session_id).sessions[info.session_id]
    assert internal["_payment_intent_data"] == {"metadata": {"cart_id": "41"}}
    assert product[0]["price"]["product"].startswith("prod_")


def test_the_item_discount_becomes_a_one_off_coupon(stripe_keys, stripe_server):
    info = create_checkout_session(
        **checkout(
            stripe_keys,
            item_discount=Decimal("1.85"),
            total=Decimal("12.35"),
            discount_label="Codes SAVE10 and a very long label beyond forty chars",
        )
    )

    account = stripe_server.account_for(info.session_id)
    [coupon] = account.coupons.values()
    assert (coupon["amount_off"], coupon["currency"], coupon["duration"]) == (185, "usd", "once")
    assert (coupon["max_redemptions"], coupon["name"]) == (
        1,
        "Codes SAVE10 and a very long label beyon",
    )
    assert stripe_server.get_session(info.session_id)["discounts"] == [
        {"coupon": coupon["id"], "promotion_code": None}
    ]
    assert (info.amount_subtotal, info.amount_discount, info.amount_total) == (
        Decimal("14.20"),
        Decimal("1.85"),
        Decimal("12.35"),
    )


def test_shipping_is_an_option_priced_net_of_its_discount(stripe_keys, stripe_server):
    half_off = CheckoutShipping(name="UPS Ground", cost=Decimal("9.00"), discount=Decimal("4.50"))

    info = create_checkout_session(
        **checkout(stripe_keys, shipping=half_off, total=Decimal("18.70"))
    )

    session = stripe_server.get_session(info.session_id)
    assert session["shipping_options"][0]["shipping_amount"] == 450
    rate = stripe_server.account_for(info.session_id).sessions[info.session_id]["_shipping_rates"][
        0
    ]
    assert rate["display_name"] == "UPS Ground"
    assert (info.amount_shipping, info.amount_total) == (Decimal("4.50"), Decimal("18.70"))


def test_free_shipping_is_an_option_at_zero(stripe_keys, stripe_server):
    free = CheckoutShipping(
        name="USPS Retail Ground", cost=Decimal("5.99"), discount=Decimal("5.99")
    )

    info = create_checkout_session(**checkout(stripe_keys, shipping=free, total=Decimal("14.20")))

    assert stripe_server.get_session(info.session_id)["shipping_options"][0]["shipping_amount"] == 0
    assert (info.amount_shipping, info.amount_total) == (Decimal("0.00"), Decimal("14.20"))


def test_the_coupon_never_reduces_shipping(stripe_keys):
    info = create_checkout_session(
        **checkout(
            stripe_keys,
            shipping=GROUND,
            item_discount=Decimal("14.20"),
            total=Decimal("5.99"),
        )
    )

    assert (info.amount_discount, info.amount_shipping, info.amount_total) == (
        Decimal("14.20"),
        Decimal("5.99"),
        Decimal("5.99"),
    )


def test_sales_tax_is_one_more_line(stripe_keys, stripe_server):
    info = create_checkout_session(
        **checkout(stripe_keys, tax=Decimal("1.14"), total=Decimal("15.34"), tax_label="Tax 8%")
    )

    assert sent_lines(stripe_server, info.session_id)[-1] == ("Tax 8%", 114, 1)
    assert info.amount_total == Decimal("15.34")


NOW = datetime(2026, 6, 1, tzinfo=UTC)


def code(action, amount, *, minimum="0", combinable=True, method=None, ident=1):
    return pricing.Discount(
        discount_code_id=ident,
        code=f"CODE{ident}",
        action=action,
        amount=Decimal(amount),
        order_minimum=Decimal(minimum),
        start_date_time=NOW - timedelta(days=1),
        end_date_time=NOW + timedelta(days=1),
        combinable=combinable,
        shipping_method_identifier=method,
    )


@pytest.mark.parametrize(
    ("prices", "discounts", "tax_rate"),
    [
        ([("4.35", 3), ("1.15", 1)], [], "0"),
        ([("4.35", 3), ("1.15", 1)], [code(pricing.PERCENT_OFF, "15")], "0"),
        ([("19.99", 2), ("0.29", 7)], [code(pricing.DOLLAR_AMT_OFF, "5.00")], "0.0825"),
        (
            [("3.50", 3)],
            [
                code(pricing.PERCENT_OFF, "33", ident=1),
                code(pricing.FREE_SHIPPING, "0", method="ground", ident=2),
            ],
            "0.07",
        ),
        ([("2.00", 1)], [code(pricing.DOLLAR_AMT_OFF, "50.00")], "0.0625"),
        ([("0.01", 99), ("999.99", 2)], [code(pricing.PERCENT_OFF, "12.5")], "0.1"),
    ],
)
def test_stripes_amount_total_equals_the_priced_cart_total(
    stripe_keys, prices, discounts, tax_rate
):
    lines = [
        pricing.Line(sku_id=n, quantity=q, unit_price=Decimal(p)) for n, (p, q) in enumerate(prices)
    ]
    shipping = pricing.Shipping(identifier="ground", cost=Decimal("5.99"))
    totals = pricing.price_cart(
        lines=lines, shipping=shipping, discounts=discounts, tax_rate=Decimal(tax_rate), now=NOW
    )

    info = create_checkout_session(
        **checkout(
            stripe_keys,
            lines=[
                CheckoutLine(f"SKU {n}", line.unit_price, line.quantity)
                for n, line in enumerate(lines)
            ],
            shipping=CheckoutShipping("Ground", totals.shipping_subtotal, totals.shipping_discount),
            item_discount=totals.item_discount,
            tax=totals.sales_tax,
            total=totals.cart_total,
        )
    )

    assert info.amount_total == totals.cart_total
    assert info.amount_discount == totals.item_discount
    assert info.amount_shipping == totals.shipping_subtotal - totals.shipping_discount


def test_the_same_checkout_twice_gets_the_same_session_and_coupon(stripe_keys, stripe_server):
    arguments = checkout(stripe_keys, item_discount=Decimal("1.00"), total=Decimal("13.20"))

    first = create_checkout_session(**arguments)
    again = create_checkout_session(**arguments)

    assert again.session_id == first.session_id
    assert len(stripe_server.account_for(first.session_id).coupons) == 1
    keys = [r.idempotency_key for r in stripe_server.requests if r.params.get("mode") == "payment"]
    assert keys[-2] == keys[-1]
    assert keys[-1].startswith("cart-41:") and keys[-1].endswith(":session")


def test_a_changed_cart_with_the_same_key_gets_a_new_session(stripe_keys):
    first = create_checkout_session(**checkout(stripe_keys))
    changed = create_checkout_session(
        **checkout(stripe_keys, lines=[PAPER], total=Decimal("13.05"))
    )

    assert changed.session_id != first.session_id
    assert changed.amount_total == Decimal("13.05")


@pytest.mark.parametrize(
    "overrides",
    [
        {"total": Decimal("14.21")},
        {"item_discount": Decimal("20.00"), "total": Decimal("-5.80")},
        {"item_discount": Decimal("14.21"), "total": Decimal("0.00")},
    ],
)
def test_parts_that_do_not_add_up_are_refused_before_calling_stripe(
    stripe_keys, stripe_server, overrides
):
    before = len(stripe_server.requests)

    with pytest.raises((CheckoutAmountMismatch, ValueError)):
        create_checkout_session(**checkout(stripe_keys, **overrides))

    assert len(stripe_server.requests) == before


def test_a_stripe_total_other_than_ours_expires_the_session(
    stripe_keys, stripe_server, monkeypatch
):
    real_build = handler.build_session

    def off_by_a_cent(params, **kwargs):
        session, lines = real_build(params, **kwargs)
        session["amount_total"] += 1
        return session, lines

    monkeypatch.setattr(handler, "build_session", off_by_a_cent)

    with pytest.raises(CheckoutAmountMismatch) as caught:
        create_checkout_session(**checkout(stripe_keys))

    assert caught.value.code == "stripe-error"
    [session] = [s for s in stripe_server.accounts[stripe_keys.secret_key].sessions.values()]
    assert session["status"] == "expired"


def test_a_retrieved_session_after_payment_has_the_customer_and_shipping(
    stripe_keys, stripe_server
):
    created = create_checkout_session(
        **checkout(stripe_keys, shipping=GROUND, total=Decimal("20.19"))
    )
    stripe_server.complete_session(
        created.session_id,
        name="Ada Lovelace",
        phone="+15555550100",
        address={
            "line1": "12 Main",
            "line2": "Apt 3",
            "city": "Austin",
            "state": "TX",
            "postal_code": "78701",
            "country": "US",
        },
        shipping_name="Charles Babbage",
        shipping_address={
            "line1": "1 Elm",
            "line2": None,
            "city": "Toronto",
            "state": "ON",
            "postal_code": "M5H",
            "country": "CA",
        },
    )

    info = retrieve_checkout_session(keys=stripe_keys, session_id=created.session_id)

    assert (info.status, info.payment_status, info.is_paid) == ("complete", "paid", True)
    assert info.payment_intent_id.startswith("pi_")
    assert (info.customer_email, info.customer_name, info.customer_phone) == (
        "shopper@example.com",
        "Ada Lovelace",
        "+15555550100",
    )
    assert (info.billing_address.line2, info.billing_address.city) == ("Apt 3", "Austin")
    assert info.shipping_name == "Charles Babbage"
    assert (info.shipping_address.city, info.shipping_address.country) == ("Toronto", "CA")
    assert info.amount_total == Decimal("20.19")
    assert info.created is not None and info.created.tzinfo is not None
