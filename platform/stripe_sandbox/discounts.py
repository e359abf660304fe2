"""Coupons, and how a coupon's discount is spread over a session's line items.

Stripe applies a coupon to the line items only (never to shipping): `amount_off` up to the
items' subtotal, `percent_off` of each line rounded half up. Each line's `amount_discount` is
its share, in proportion to its amount, and the shares add up to the session's discount.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from stripe_sandbox.params import (
    MAX_AMOUNT,
    StripeError,
    as_choice,
    as_currency,
    as_dict,
    as_int,
    as_list,
    as_metadata,
    as_str,
    missing,
    new_id,
    no_such,
    reject_unknown,
)

COUPON_PARAMS = {
    "id", "amount_off", "currency", "percent_off", "duration", "duration_in_months",
    "max_redemptions", "name", "metadata", "redeem_by",
}  # fmt: skip


def build_coupon(params: dict[str, Any], *, now: int, existing: dict[str, Any]) -> dict[str, Any]:
    reject_unknown(params, COUPON_PARAMS)
    amount_off = percent_off = currency = None
    if ("amount_off" in params) == ("percent_off" in params):
        raise StripeError("You must pass exactly one of `amount_off` or `percent_off`.")
    if "amount_off" in params:
        amount_off = as_int(params["amount_off"], "amount_off", minimum=1, maximum=MAX_AMOUNT)
        if "currency" not in params:
            raise missing("currency")
        currency = as_currency(params["currency"], "currency")
    else:
        percent_off = _percent(params["percent_off"])
    duration = as_choice(
        params.get("duration", "once"), "duration", ("once", "repeating", "forever")
    )
    months = None
    if duration == "repeating":
        if "duration_in_months" not in params:
            raise missing("duration_in_months")
        months = as_int(params["duration_in_months"], "duration_in_months", minimum=1)
    coupon_id = as_str(params["id"], "id", max_length=200) if "id" in params else new_id("", 8)
    if coupon_id in existing:
        raise StripeError("Coupon already exists.", param="id", code="resource_already_exists")
    max_redemptions = None
    if "max_redemptions" in params:
        max_redemptions = as_int(params["max_redemptions"], "max_redemptions", minimum=1)
    return {
        "id": coupon_id,
        "object": "coupon",
        "amount_off": amount_off,
        "created": now,
        "currency": currency,
        "duration": duration,
        "duration_in_months": months,
        "livemode": False,
        "max_redemptions": max_redemptions,
        "metadata": as_metadata(params.get("metadata", {})),
        "name": as_str(params["name"], "name", max_length=40) if "name" in params else None,
        "percent_off": float(percent_off) if percent_off is not None else None,
        "redeem_by": as_int(params["redeem_by"], "redeem_by") if "redeem_by" in params else None,
        "times_redeemed": 0,
        "valid": True,
    }


def _percent(value: Any) -> Decimal:
    try:
        percent = Decimal(value)
    except (InvalidOperation, TypeError) as exc:
        raise StripeError(f"Invalid decimal: {value}", param="percent_off") from exc
    if not percent.is_finite() or percent <= 0 or percent > 100:
        raise StripeError(
            "percent_off must be greater than 0 and at most 100.", param="percent_off"
        )
    return percent


def session_coupon(params: dict[str, Any], coupons: dict[str, Any], currency: str) -> dict | None:
    discounts = as_list(params.get("discounts", []), "discounts")
    if len(discounts) > 1:
        raise StripeError("You may only specify one discount.", param="discounts")
    if not discounts:
        return None
    entry = as_dict(discounts[0], "discounts[0]")
    reject_unknown(entry, {"coupon", "promotion_code"}, "discounts[0]")
    if "promotion_code" in entry:
        raise no_such(
            "promotion_code", str(entry["promotion_code"]), "discounts[0][promotion_code]"
        )
    if "coupon" not in entry:
        raise missing("discounts[0][coupon]")
    coupon = coupons.get(entry["coupon"])
    if coupon is None:
        raise no_such("coupon", str(entry["coupon"]), "discounts[0][coupon]")
    if not coupon["valid"]:
        raise StripeError(
            f"Coupon '{coupon['id']}' is no longer valid.", param="discounts[0][coupon]"
        )
    if coupon["currency"] and coupon["currency"] != currency:
        raise StripeError(
            f"The coupon's currency ({coupon['currency']}) does not match the session's "
            f"currency ({currency}).",
            param="discounts[0][coupon]",
        )
    return coupon


def apply_discount(lines: list[dict[str, Any]], coupon: dict[str, Any] | None) -> None:
    """Per-line `amount_discount`, summing to the session's discount; totals updated."""
    if coupon is None:
        return
    subtotal = sum(line["amount_subtotal"] for line in lines)
    if coupon["percent_off"] is not None:
        percent = Decimal(str(coupon["percent_off"]))
        shares = [
            int((line["amount_subtotal"] * percent / 100).quantize(Decimal(1), ROUND_HALF_UP))
            for line in lines
        ]
    else:
        discount = min(coupon["amount_off"], subtotal)
        shares = _split_proportionally(discount, [line["amount_subtotal"] for line in lines])
    for line, share in zip(lines, shares, strict=True):
        line["amount_discount"] = share
        line["amount_total"] = line["amount_subtotal"] - share


def _split_proportionally(amount: int, weights: list[int]) -> list[int]:
    """`amount` over `weights` in whole units, largest remainders first; sums to `amount`."""
    total = sum(weights)
    if total == 0:
        return [0 for _ in weights]
    exact = [Decimal(amount * weight) / total for weight in weights]
    shares = [int(value) for value in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - shares[i], reverse=True)
    for index in order[: amount - sum(shares)]:
        shares[index] += 1
    return shares
