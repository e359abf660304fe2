"""The discount rules of shop.discounts, as price_cart applies them (no database)."""

import datetime as dt
from decimal import Decimal as D

from shop.pricing import Discount, Line, Shipping, price_cart

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
GROUND = Shipping(identifier="USPSRetailGround", cost=D("9.56"))
FEDEX = Shipping(identifier="FedExGround", cost=D("10.85"))
TWENTY = [Line(sku_id=1, quantity=4, unit_price=D("5.00"))]


def code(
    code_id,
    *,
    action="percent-off",
    amount="10",
    minimum="0",
    combinable=True,
    starts=NOW - dt.timedelta(days=1),
    ends=NOW + dt.timedelta(days=1),
    frees=None,
):
    return Discount(
        discount_code_id=code_id, code=f"CODE{code_id}", action=action, amount=D(amount),
        order_minimum=D(minimum), start_date_time=starts, end_date_time=ends,
        combinable=combinable, shipping_method_identifier=frees,
    )  # fmt: skip


def price(discounts, *, lines=TWENTY, shipping=GROUND, now=NOW):
    return price_cart(lines=lines, shipping=shipping, discounts=discounts, tax_rate=D("0"), now=now)


def outcome(result):
    return [(d.discount_code_id, d.applied, d.amount, d.reason) for d in result.discounts]


def test_a_code_applies_from_its_start_and_stops_at_its_end():
    window = {"starts": NOW, "ends": NOW + dt.timedelta(hours=1)}
    before = price([code(1, **window)], now=NOW - dt.timedelta(microseconds=1))
    at_start = price([code(1, **window)], now=NOW)
    at_end = price([code(1, **window)], now=NOW + dt.timedelta(hours=1))
    assert (before.item_discount, at_start.item_discount, at_end.item_discount) == (
        D("0.00"),
        D("2.00"),
        D("0.00"),
    )
    assert outcome(at_end) == [(1, False, D("0.00"), "not-active")]


def test_the_minimum_is_checked_against_the_item_subtotal_inclusive():
    exactly = price([code(1, minimum="20.00")])
    a_cent_short = price([code(1, minimum="20.01")])
    assert exactly.item_discount == D("2.00")
    assert outcome(a_cent_short) == [(1, False, D("0.00"), "order-minimum-not-met")]


def test_the_minimum_ignores_shipping():
    # items 20.00 + shipping 9.56 = 29.56, but the minimum of 25 looks at items only
    assert price([code(1, minimum="25")]).item_discount == D("0.00")


def test_only_the_first_item_discount_applies_when_two_combinable_ones_are_in_the_cart():
    result = price([code(1, amount="10"), code(2, action="dollar-amt-off", amount="5")])
    assert outcome(result) == [(1, True, D("2.00"), None), (2, False, D("0.00"), "slot-taken")]
    assert result.item_discount == D("2.00")


def test_an_item_discount_and_a_shipping_discount_combine():
    result = price(
        [code(1, amount="10"), code(2, action="free-shipping", frees="USPSRetailGround")]
    )
    assert (result.item_discount, result.shipping_discount, result.cart_total) == (
        D("2.00"),
        D("9.56"),
        D("18.00"),
    )


def test_a_non_combinable_code_applies_only_alone_and_blocks_every_later_code():
    result = price([code(1, combinable=False), code(2, action="free-shipping",
                    frees="USPSRetailGround")])  # fmt: skip
    assert outcome(result) == [
        (1, True, D("2.00"), None),
        (2, False, D("0.00"), "not-combinable"),
    ]


def test_a_non_combinable_code_after_an_applied_code_does_not_apply():
    result = price([
        code(1, action="free-shipping", frees="USPSRetailGround"),
        code(2, amount="50", combinable=False),
    ])  # fmt: skip
    assert outcome(result) == [
        (1, True, D("9.56"), None),
        (2, False, D("0.00"), "not-combinable"),
    ]
    assert result.cart_total == D("20.00")


def test_an_expired_non_combinable_code_no_longer_blocks_the_others():
    expired = code(1, combinable=False, starts=NOW - dt.timedelta(days=2),
                   ends=NOW - dt.timedelta(days=1))  # fmt: skip
    result = price([expired, code(2, action="dollar-amt-off", amount="3")])
    assert outcome(result) == [
        (1, False, D("0.00"), "not-active"),
        (2, True, D("3.00"), None),
    ]


def test_free_shipping_takes_nothing_off_when_another_method_is_selected():
    result = price([code(1, action="free-shipping", frees="USPSRetailGround")], shipping=FEDEX)
    assert outcome(result) == [(1, False, D("0.00"), "shipping-method-not-selected")]
    assert (result.shipping_subtotal, result.shipping_discount, result.cart_total) == (
        D("10.85"),
        D("0.00"),
        D("30.85"),
    )


def test_free_shipping_takes_nothing_off_when_no_method_is_selected():
    result = price([code(1, action="free-shipping", frees="USPSRetailGround")], shipping=None)
    assert (result.shipping_discount, result.cart_total) == (D("0.00"), D("20.00"))


def test_an_amount_off_never_makes_the_items_negative():
    result = price([code(1, action="dollar-amt-off", amount="25")], shipping=None)
    assert (result.item_discount, result.cart_total) == (D("20.00"), D("0.00"))


def test_a_subscription_code_applies_without_changing_any_amount():
    result = price([code(1, action="free-digital-months", amount="3"), code(2, amount="10")])
    assert outcome(result) == [
        (1, True, D("0.00"), "no-monetary-effect"),
        (2, True, D("2.00"), None),
    ]
