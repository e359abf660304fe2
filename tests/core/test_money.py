"""Decimal amounts become integer minor units in one place, half-up and never through float."""

from decimal import Decimal

import pytest
from core.money import InvalidAmount, from_minor_units, quantize, to_minor_units


@pytest.mark.parametrize(
    ("amount", "cents"),
    [
        ("4.35", 435),  # the original's int(float(4.35) * 100) gave 434
        ("1.15", 115),  # ... and 114 here
        ("0.29", 29),
        ("19.99", 1999),
        ("0", 0),
        ("0.005", 1),  # half-up
        ("0.0049", 0),
        ("2.675", 268),  # float would say 2.67499999...
        ("999999.99", 99999999),
    ],
)
def test_usd_amounts_become_exact_cents(amount, cents):
    assert to_minor_units(Decimal(amount), "usd") == cents


def test_zero_and_three_decimal_currencies_use_their_own_exponent():
    assert to_minor_units(Decimal("1234.5"), "JPY") == 1235
    assert to_minor_units(Decimal("1.2345"), "KWD") == 1235
    assert to_minor_units(Decimal("12"), "EUR") == 1200


def test_an_int_amount_is_whole_units():
    assert to_minor_units(3, "USD") == 300


@pytest.mark.parametrize("amount", [Decimal("-0.01"), Decimal("-5")])
def test_negative_amounts_are_refused(amount):
    with pytest.raises(InvalidAmount, match="negative"):
        to_minor_units(amount, "USD")


@pytest.mark.parametrize("amount", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_non_finite_amounts_are_refused(amount):
    with pytest.raises(InvalidAmount, match="finite"):
        to_minor_units(amount, "USD")


@pytest.mark.parametrize("amount", [4.35, "4.35", None, True])
def test_floats_strings_and_bools_are_refused(amount):
    with pytest.raises(InvalidAmount, match="must be a Decimal"):
        to_minor_units(amount, "USD")


def test_an_amount_beyond_decimal_precision_is_refused():
    with pytest.raises(InvalidAmount, match="too large"):
        to_minor_units(Decimal("1e40"), "USD")


@pytest.mark.parametrize("currency", ["", "US", "usd1", "12$"])
def test_a_bad_currency_code_is_refused(currency):
    with pytest.raises(InvalidAmount, match="ISO 4217"):
        to_minor_units(Decimal("1"), currency)


def test_quantize_rounds_half_up_to_the_currency():
    assert quantize(Decimal("10.005"), "usd") == Decimal("10.01")
    assert str(quantize(Decimal("10"), "usd")) == "10.00"


def test_minor_units_come_back_as_decimal_major_units():
    assert from_minor_units(435, "usd") == Decimal("4.35")
    assert str(from_minor_units(435, "usd")) == "4.35"
    assert str(from_minor_units(5, "jpy")) == "5"
    with pytest.raises(InvalidAmount):
        from_minor_units(4.35, "usd")
