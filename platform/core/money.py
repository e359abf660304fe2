"""Money at the edges: Decimal inside, integer minor units (cents) only where Stripe needs them.

`to_minor_units` is the one place a Decimal amount becomes an integer for a payment provider.
It quantizes with ROUND_HALF_UP to the currency's exponent and never goes through float, so
4.35 becomes 435 and 1.15 becomes 115 (the original's `int(float(price) * 100)` gave 434 and
114). `from_minor_units` is its inverse, for amounts a provider reports back.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Stripe's currency exponents (docs.stripe.com/currencies): most currencies have 2 decimals.
ZERO_DECIMAL_CURRENCIES = frozenset(
    {
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA",
        "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    }
)  # fmt: skip
THREE_DECIMAL_CURRENCIES = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})


class InvalidAmount(ValueError):
    """An amount that cannot be charged: not a Decimal, not finite, or negative."""


def currency_exponent(currency: str) -> int:
    """How many decimal places one unit of `currency` has (USD 2, JPY 0, KWD 3)."""
    code = currency.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise InvalidAmount(f"{currency!r} is not an ISO 4217 currency code")
    if code in ZERO_DECIMAL_CURRENCIES:
        return 0
    if code in THREE_DECIMAL_CURRENCIES:
        return 3
    return 2


def quantize(amount: Decimal, currency: str) -> Decimal:
    """`amount` rounded half-up to the currency's decimal places (Decimal in, Decimal out)."""
    _check(amount)
    exponent = currency_exponent(currency)
    try:
        return Decimal(amount).quantize(Decimal(1).scaleb(-exponent), rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:  # more digits than the Decimal context holds
        raise InvalidAmount(f"amount {amount} is too large") from exc


def to_minor_units(amount: Decimal, currency: str) -> int:
    """`amount` as an integer count of the currency's minor units (cents for USD).

    Accepts Decimal or int only; a float is refused, because the damage is already done.
    Negative, NaN and infinite amounts are refused: nothing we charge is below zero.
    """
    _check(amount)
    if amount < 0:
        raise InvalidAmount(f"amount must not be negative, got {amount}")
    exponent = currency_exponent(currency)
    return int(quantize(amount, currency).scaleb(exponent))


def from_minor_units(minor: int, currency: str) -> Decimal:
    """An integer amount of minor units as a Decimal in major units (435 USD -> 4.35)."""
    if isinstance(minor, bool) or not isinstance(minor, int):
        raise InvalidAmount(f"minor units must be an int, got {type(minor).__name__}")
    exponent = currency_exponent(currency)
    return Decimal(minor).scaleb(-exponent).quantize(Decimal(1).scaleb(-exponent))


def _check(amount: object) -> None:
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, int)):
        raise InvalidAmount(f"amount must be a Decimal, got {type(amount).__name__}")
    if isinstance(amount, Decimal) and not amount.is_finite():
        raise InvalidAmount(f"amount must be finite, got {amount}")
