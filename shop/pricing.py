"""The one place that computes money for a cart: pure functions over Decimal.

`price_cart` takes plain values (lines with their current unit price, the selected shipping
method, the cart's discount codes, the store's tax rate, the time) and returns CartTotals.
The cart endpoints, the checkout session and the order snapshot all get their numbers from
it (through `shop.cart.selectors.get_cart_totals`), so they can never disagree.

Arithmetic: every amount is a Decimal. Each computed amount (a percentage of the items, the
tax) is rounded exactly once, by `quantize_money` (half up, to MONEY_DECIMAL_PLACES); sums and
differences of rounded amounts are exact, so `cart_total` needs no rounding of its own:

    item_subtotal     = sum(unit_price x quantity)
    item_discount     = the one applicable item code (see shop/discounts), <= item_subtotal
    shipping_subtotal = the selected method's cost, or 0
    shipping_discount = the one applicable shipping code: the whole cost of its method, or 0
    sales_tax         = tax_rate x (item_subtotal - item_discount); shipping is not taxed
    cart_total        = item_subtotal - item_discount + shipping_subtotal - shipping_discount
                        + sales_tax

The discount rules (window, minimum, slots, combinability) are stated in the docstring of
`shop.discounts`; `evaluate_discounts` below is their implementation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

ZERO = Decimal("0")
HUNDRED = Decimal("100")

PERCENT_OFF = "percent-off"
DOLLAR_AMT_OFF = "dollar-amt-off"
FREE_SHIPPING = "free-shipping"
FREE_DIGITAL_MONTHS = "free-digital-months"
ITEM_ACTIONS = frozenset({PERCENT_OFF, DOLLAR_AMT_OFF})

# Why a code in the cart takes nothing off (DiscountResult.reason).
NOT_ACTIVE = "not-active"
MINIMUM_NOT_MET = "order-minimum-not-met"
SLOT_TAKEN = "slot-taken"
NOT_COMBINABLE = "not-combinable"
METHOD_NOT_SELECTED = "shipping-method-not-selected"
NO_MONETARY_EFFECT = "no-monetary-effect"


def money_step() -> Decimal:
    return Decimal(1).scaleb(-settings.MONEY_DECIMAL_PLACES)


def quantize_money(amount: Decimal) -> Decimal:
    """The single rounding rule for money: half up to the store's decimal places."""
    return amount.quantize(money_step(), rounding=ROUND_HALF_UP)


def zero_money() -> Decimal:
    """0.00: every amount, even a zero, carries the money's decimal places ("0.00" in JSON)."""
    return quantize_money(ZERO)


@dataclass(frozen=True)
class Line:
    sku_id: int
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class Shipping:
    identifier: str
    cost: Decimal


@dataclass(frozen=True)
class Discount:
    """A code in the cart, as plain values. `amount` is a percent or money by action."""

    discount_code_id: int
    code: str
    action: str
    amount: Decimal
    order_minimum: Decimal
    start_date_time: datetime
    end_date_time: datetime
    combinable: bool
    shipping_method_identifier: str | None = None

    @property
    def slot(self) -> str | None:
        if self.action in ITEM_ACTIONS:
            return "item"
        if self.action == FREE_SHIPPING:
            return "shipping"
        return None

    def is_active(self, now: datetime) -> bool:
        return self.start_date_time <= now < self.end_date_time


@dataclass(frozen=True)
class LineTotal:
    sku_id: int
    quantity: int
    unit_price: Decimal
    total: Decimal  # unit_price x quantity
    discount: Decimal  # this line's share of the item discount (sums to item_discount)


@dataclass(frozen=True)
class DiscountResult:
    discount_code_id: int
    code: str
    slot: str | None  # "item", "shipping" or None (no monetary effect)
    applied: bool
    amount: Decimal
    reason: str | None = None


@dataclass(frozen=True)
class CartTotals:
    currency: str
    lines: tuple[LineTotal, ...]
    discounts: tuple[DiscountResult, ...]
    item_subtotal: Decimal
    item_discount: Decimal
    shipping_subtotal: Decimal
    shipping_discount: Decimal
    tax_rate: Decimal
    sales_tax: Decimal
    cart_total: Decimal

    @property
    def taxable_amount(self) -> Decimal:
        return self.item_subtotal - self.item_discount

    def line_for(self, sku_id: int) -> LineTotal | None:
        return next((line for line in self.lines if line.sku_id == sku_id), None)

    def is_applied(self, discount_code_id: int) -> bool:
        return any(d.applied and d.discount_code_id == discount_code_id for d in self.discounts)


def next_change(*, discounts: Sequence[Discount], now: datetime) -> datetime | None:
    """The first moment after `now` at which `price_cart` may answer otherwise for the same
    inputs by time alone: the nearest edge of a discount's window (None: no such moment)."""
    edges = [edge for d in discounts for edge in (d.start_date_time, d.end_date_time) if edge > now]
    return min(edges, default=None)


def price_cart(
    *,
    lines: Sequence[Line],
    shipping: Shipping | None,
    discounts: Sequence[Discount],
    tax_rate: Decimal,
    now: datetime,
    currency: str | None = None,
) -> CartTotals:
    """A cart's totals; `discounts` in the order they were applied to the cart."""
    if tax_rate < 0:
        raise ValueError(f"tax rate must not be negative, got {tax_rate}")
    for line in lines:
        if line.quantity < 1 or line.unit_price < 0:
            raise ValueError(f"invalid line {line}")

    line_amounts = [quantize_money(line.unit_price * line.quantity) for line in lines]
    item_subtotal = sum(line_amounts, zero_money())
    shipping_subtotal = quantize_money(shipping.cost) if shipping else zero_money()

    results = evaluate_discounts(
        discounts=discounts, item_subtotal=item_subtotal, shipping=shipping, now=now
    )
    item_discount = sum((r.amount for r in results if r.slot == "item"), zero_money())
    shipping_discount = sum((r.amount for r in results if r.slot == "shipping"), zero_money())
    sales_tax = quantize_money((item_subtotal - item_discount) * tax_rate)
    cart_total = item_subtotal - item_discount + shipping_subtotal - shipping_discount + sales_tax

    shares = split_amount(item_discount, weights=line_amounts)
    line_totals = tuple(
        LineTotal(
            sku_id=line.sku_id,
            quantity=line.quantity,
            unit_price=line.unit_price,
            total=amount,
            discount=share,
        )
        for line, amount, share in zip(lines, line_amounts, shares, strict=True)
    )
    return CartTotals(
        currency=currency or settings.DEFAULT_CURRENCY,
        lines=line_totals,
        discounts=tuple(results),
        item_subtotal=item_subtotal,
        item_discount=item_discount,
        shipping_subtotal=shipping_subtotal,
        shipping_discount=shipping_discount,
        tax_rate=tax_rate,
        sales_tax=sales_tax,
        cart_total=cart_total,
    )


def evaluate_discounts(
    *,
    discounts: Sequence[Discount],
    item_subtotal: Decimal,
    shipping: Shipping | None,
    now: datetime,
) -> list[DiscountResult]:
    """Which codes take money off and how much (rules: shop.discounts docstring)."""
    results: list[DiscountResult] = []
    taken: set[str] = set()
    any_applied = False
    exclusive_applied = False
    for discount in discounts:
        reason = _refusal(discount, item_subtotal=item_subtotal, shipping=shipping, now=now)
        if reason is None and exclusive_applied:
            reason = NOT_COMBINABLE
        if reason is None and not discount.combinable and any_applied:
            reason = NOT_COMBINABLE
        if reason is None and discount.slot in taken:
            reason = SLOT_TAKEN
        if reason is not None:
            results.append(_not_applied(discount, reason))
            continue
        amount = _amount_off(discount, item_subtotal=item_subtotal, shipping=shipping)
        results.append(
            DiscountResult(
                discount_code_id=discount.discount_code_id,
                code=discount.code,
                slot=discount.slot,
                applied=True,
                amount=amount,
                reason=None if discount.slot else NO_MONETARY_EFFECT,
            )
        )
        any_applied = True
        exclusive_applied = exclusive_applied or not discount.combinable
        if discount.slot:
            taken.add(discount.slot)
    return results


def _refusal(
    discount: Discount, *, item_subtotal: Decimal, shipping: Shipping | None, now: datetime
) -> str | None:
    if not discount.is_active(now):
        return NOT_ACTIVE
    if item_subtotal < discount.order_minimum:
        return MINIMUM_NOT_MET
    if discount.action == FREE_SHIPPING and (
        shipping is None or shipping.identifier != discount.shipping_method_identifier
    ):
        return METHOD_NOT_SELECTED
    return None


def _amount_off(
    discount: Discount, *, item_subtotal: Decimal, shipping: Shipping | None
) -> Decimal:
    if discount.action == PERCENT_OFF:
        percent = min(max(discount.amount, ZERO), HUNDRED)
        return min(quantize_money(item_subtotal * percent / HUNDRED), item_subtotal)
    if discount.action == DOLLAR_AMT_OFF:
        return min(quantize_money(max(discount.amount, ZERO)), item_subtotal)
    if discount.action == FREE_SHIPPING and shipping is not None:
        return quantize_money(shipping.cost)
    return zero_money()


def _not_applied(discount: Discount, reason: str) -> DiscountResult:
    return DiscountResult(
        discount_code_id=discount.discount_code_id,
        code=discount.code,
        slot=discount.slot,
        applied=False,
        amount=zero_money(),
        reason=reason,
    )


def split_amount(amount: Decimal, *, weights: Sequence[Decimal]) -> list[Decimal]:
    """`amount` split across `weights` in proportion, in whole money steps (cents), summing
    to exactly `amount` (largest remainder; ties go to the earlier weight).

    With amount <= sum(weights), no share exceeds its weight, so no discounted line goes
    below zero. This is how the item discount is spread over the lines sent to Stripe.
    """
    step = money_step()
    total_weight = sum(weights, ZERO)
    if amount < 0:
        raise ValueError("cannot split a negative amount")
    if amount == 0 or total_weight <= 0:
        if amount != 0:
            raise ValueError("cannot split an amount over zero weights")
        return [zero_money() for _ in weights]
    units = int(quantize_money(amount) / step)
    exact = [Decimal(units) * weight / total_weight for weight in weights]
    floors = [int(share) for share in exact]  # shares are >= 0: int() floors
    leftover = units - sum(floors)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in by_remainder[:leftover]:
        floors[index] += 1
    return [Decimal(count) * step for count in floors]


def split_item_discount(totals: CartTotals) -> list[Decimal]:
    """Each line's share of the item discount, in line order; sums to `item_discount`."""
    return [line.discount for line in totals.lines]


def discounted_unit_prices(line: LineTotal) -> list[tuple[Decimal, int]]:
    """A discounted line as (unit price, quantity) groups whose sum is exactly
    `line.total - line.discount`, for providers that only take a unit price per line item
    (Stripe's `unit_amount`): 3 x 3.50 with 1.00 off becomes [(3.17, 2), (3.16, 1)]."""
    step = money_step()
    net_units = int((line.total - line.discount) / step)
    base, extra = divmod(net_units, line.quantity)
    groups = [(Decimal(base + 1) * step, extra), (Decimal(base) * step, line.quantity - extra)]
    return [(price, quantity) for price, quantity in groups if quantity > 0]
