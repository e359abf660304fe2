"""shop.pricing.price_cart: exact Decimal totals from plain values (no database)."""

import datetime as dt
from decimal import Decimal as D

import pytest

from shop import pricing
from shop.pricing import Discount, Line, Shipping, price_cart

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
GROUND = Shipping(identifier="USPSRetailGround", cost=D("9.56"))


def code(
    code_id=1,
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
        discount_code_id=code_id,
        code=f"CODE{code_id}",
        action=action,
        amount=D(amount),
        order_minimum=D(minimum),
        start_date_time=starts,
        end_date_time=ends,
        combinable=combinable,
        shipping_method_identifier=frees,
    )  # fmt: skip


def totals(lines, *, shipping=None, discounts=(), tax_rate="0"):
    return price_cart(
        lines=lines, shipping=shipping, discounts=list(discounts), tax_rate=D(tax_rate), now=NOW
    )


def amounts(result):
    return (
        result.item_subtotal,
        result.item_discount,
        result.shipping_subtotal,
        result.shipping_discount,
        result.sales_tax,
        result.cart_total,
    )


def test_items_are_price_times_quantity_and_shipping_is_added():
    result = totals(
        [Line(sku_id=1, quantity=3, unit_price=D("3.50")), Line(2, 2, D("14.99"))],
        shipping=GROUND,
    )
    assert amounts(result) == (D("40.48"), 0, D("9.56"), 0, D("0.00"), D("50.04"))
    assert [(line.sku_id, line.total) for line in result.lines] == [
        (1, D("10.50")),
        (2, D("29.98")),
    ]


def test_an_empty_cart_costs_nothing_and_every_zero_has_two_decimal_places():
    result = totals([])
    assert [str(value) for value in amounts(result)] == ["0.00"] * 6


def test_a_percent_off_is_rounded_half_up_once():
    # 10% of 10.45 is 1.045 -> 1.05
    result = totals([Line(1, 1, D("10.45"))], discounts=[code(amount="10")])
    assert amounts(result) == (D("10.45"), D("1.05"), 0, 0, D("0.00"), D("9.40"))


def test_a_hundred_percent_off_leaves_only_shipping():
    result = totals([Line(1, 2, D("4.99"))], shipping=GROUND, discounts=[code(amount="100")])
    assert (result.item_discount, result.cart_total) == (D("9.98"), D("9.56"))


def test_an_amount_off_larger_than_the_items_takes_them_to_zero_never_below():
    result = totals(
        [Line(1, 1, D("3.99"))],
        shipping=GROUND,
        discounts=[code(action="dollar-amt-off", amount="10")],
    )
    assert amounts(result) == (D("3.99"), D("3.99"), D("9.56"), 0, D("0.00"), D("9.56"))


def test_tax_is_the_store_rate_on_items_after_the_item_discount_and_not_on_shipping():
    # (20.00 - 2.00) x 8.25% = 1.485 -> 1.49
    result = totals(
        [Line(1, 4, D("5.00"))],
        shipping=GROUND,
        discounts=[code(amount="10")],
        tax_rate="0.0825",
    )
    assert amounts(result) == (D("20.00"), D("2.00"), D("9.56"), 0, D("1.49"), D("29.05"))


def test_a_negative_tax_rate_is_refused():
    with pytest.raises(ValueError, match="tax rate"):
        totals([Line(1, 1, D("1.00"))], tax_rate="-0.01")


def test_the_total_is_exactly_the_sum_of_its_rounded_parts():
    result = totals(
        [Line(1, 3, D("3.33")), Line(2, 7, D("1.15"))],
        shipping=GROUND,
        discounts=[code(amount="15"), code(2, action="free-shipping", frees="USPSRetailGround")],
        tax_rate="0.07",
    )
    assert result.cart_total == (
        result.item_subtotal
        - result.item_discount
        + result.shipping_subtotal
        - result.shipping_discount
        + result.sales_tax
    )
    assert amounts(result) == (D("18.04"), D("2.71"), D("9.56"), D("9.56"), D("1.07"), D("16.40"))


def test_the_item_discount_split_over_lines_sums_exactly_and_follows_the_line_sizes():
    result = totals(
        [Line(1, 1, D("1.00")), Line(2, 1, D("1.00")), Line(3, 1, D("1.00"))],
        discounts=[code(action="dollar-amt-off", amount="1.00")],
    )
    shares = pricing.split_item_discount(result)
    assert shares == [D("0.34"), D("0.33"), D("0.33")]
    assert sum(shares) == result.item_discount == D("1.00")


def test_split_amount_never_gives_a_line_more_than_its_own_amount():
    shares = pricing.split_amount(D("10.01"), weights=[D("10.00"), D("0.01")])
    assert shares == [D("10.00"), D("0.01")]


def test_split_amount_of_zero_over_nothing_is_nothing():
    assert pricing.split_amount(D("0"), weights=[]) == []


def test_a_discounted_line_becomes_unit_prices_that_sum_exactly():
    line = pricing.LineTotal(sku_id=1, quantity=3, unit_price=D("3.50"), total=D("10.50"),
                             discount=D("1.00"))  # fmt: skip
    groups = pricing.discounted_unit_prices(line)
    assert groups == [(D("3.17"), 2), (D("3.16"), 1)]
    assert sum(price * quantity for price, quantity in groups) == D("9.50")


def test_an_evenly_divisible_line_is_one_unit_price():
    line = pricing.LineTotal(sku_id=1, quantity=2, unit_price=D("5.00"), total=D("10.00"),
                             discount=D("1.00"))  # fmt: skip
    assert pricing.discounted_unit_prices(line) == [(D("4.50"), 2)]
