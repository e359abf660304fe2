"""Checkout Sessions as Stripe builds them: parameters in, API objects out.

Amounts follow Stripe's documented arithmetic for a payment-mode session:
    amount_subtotal = sum(unit_amount x quantity) over the line items
    amount_discount = the coupon's amount_off (capped at the subtotal), or percent_off of each
                      line rounded half up; split over the lines in proportion to their amounts
    amount_shipping = the first (pre-selected) shipping option's fixed amount
    amount_total    = amount_subtotal - amount_discount + amount_shipping (+ tax, always 0 here)
Coupons reduce the line items only, never shipping (docs.stripe.com/payments/checkout/discounts).
"""

from __future__ import annotations

from typing import Any

from stripe_sandbox.discounts import apply_discount, session_coupon
from stripe_sandbox.params import (
    MAX_AMOUNT,
    StripeError,
    as_bool,
    as_choice,
    as_currency,
    as_dict,
    as_email,
    as_int,
    as_list,
    as_metadata,
    as_str,
    as_url,
    missing,
    new_id,
    no_such,
    reject_unknown,
)

SESSION_PARAMS = {
    "mode", "line_items", "success_url", "cancel_url", "customer_email", "metadata",
    "discounts", "allow_promotion_codes", "billing_address_collection",
    "shipping_address_collection", "phone_number_collection", "shipping_options",
    "client_reference_id", "expires_at", "locale", "payment_method_types", "submit_type",
    "payment_intent_data", "expand",
}  # fmt: skip


def build_session(
    params: dict[str, Any], *, coupons: dict[str, Any], base_url: str, now: int
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A new open session and its line items, or a StripeError for bad parameters."""
    reject_unknown(params, SESSION_PARAMS)
    if "mode" not in params:
        raise missing("mode")
    mode = as_choice(params["mode"], "mode", ("payment", "setup", "subscription"))
    if mode != "payment":
        raise StripeError("This fake Stripe server supports mode=payment only.", param="mode")
    if not params.get("line_items"):
        raise missing("line_items")
    lines = [
        _line_item(item, f"line_items[{index}]", now)
        for index, item in enumerate(as_list(params["line_items"], "line_items"))
    ]
    currency = lines[0]["currency"]
    for index, line in enumerate(lines):
        if line["currency"] != currency:
            raise StripeError(
                "All line items must use the same currency.",
                param=f"line_items[{index}][price_data][currency]",
            )
    if "discounts" in params and "allow_promotion_codes" in params:
        raise StripeError(
            "You may only specify one of these parameters: allow_promotion_codes, discounts."
        )
    coupon = session_coupon(params, coupons, currency)
    shipping_options = [
        _shipping_option(option, f"shipping_options[{index}]", currency)
        for index, option in enumerate(
            as_list(params.get("shipping_options", []), "shipping_options")
        )
    ]
    if len(shipping_options) > 5:
        raise StripeError("You can specify at most 5 shipping options.", param="shipping_options")

    apply_discount(lines, coupon)
    subtotal = sum(line["amount_subtotal"] for line in lines)
    discount = sum(line["amount_discount"] for line in lines)
    shipping = shipping_options[0]["shipping_amount"] if shipping_options else 0
    total = subtotal - discount + shipping
    if total > MAX_AMOUNT:
        raise StripeError(
            f"The Checkout Session's total amount due must be no more than {MAX_AMOUNT} "
            f"(in the smallest {currency} unit).",
            param="line_items",
            code="amount_too_large",
        )
    session_id = new_id("cs_test_", 58)
    expires_at = now + 24 * 3600
    if "expires_at" in params:
        expires_at = as_int(
            params["expires_at"], "expires_at", minimum=now + 1800, maximum=now + 86400
        )
    session = {
        "id": session_id,
        "object": "checkout.session",
        "allow_promotion_codes": _flag(params, "allow_promotion_codes"),
        "amount_subtotal": subtotal,
        "amount_total": total,
        "automatic_tax": {"enabled": False, "liability": None, "status": None},
        "billing_address_collection": as_choice(
            params.get("billing_address_collection", "auto"),
            "billing_address_collection",
            ("auto", "required"),
        ),
        "cancel_url": as_url(params["cancel_url"], "cancel_url")
        if "cancel_url" in params
        else None,
        "client_reference_id": (
            as_str(params["client_reference_id"], "client_reference_id", max_length=200)
            if "client_reference_id" in params
            else None
        ),
        "collected_information": None,
        "created": now,
        "currency": currency,
        "customer": None,
        "customer_creation": "if_required",
        "customer_details": None,
        "customer_email": (
            as_email(params["customer_email"], "customer_email")
            if params.get("customer_email")
            else None
        ),
        "discounts": [{"coupon": coupon["id"], "promotion_code": None}] if coupon else [],
        "expires_at": expires_at,
        "livemode": False,
        "locale": params.get("locale"),
        "metadata": as_metadata(params.get("metadata", {})),
        "mode": mode,
        "payment_intent": None,
        "payment_link": None,
        "payment_method_collection": "if_required",
        "payment_method_types": params.get("payment_method_types") or ["card"],
        "payment_status": "unpaid",
        "phone_number_collection": {
            "enabled": as_bool(
                as_dict(params.get("phone_number_collection", {}), "phone_number_collection").get(
                    "enabled", "false"
                ),
                "phone_number_collection[enabled]",
            )
        },
        "recovered_from": None,
        "setup_intent": None,
        "shipping_address_collection": _address_collection(params),
        "shipping_cost": _shipping_cost(shipping_options),
        "shipping_options": [
            {"shipping_amount": o["shipping_amount"], "shipping_rate": o["shipping_rate"]["id"]}
            for o in shipping_options
        ],
        "status": "open",
        "submit_type": params.get("submit_type"),
        "subscription": None,
        "success_url": as_url(params["success_url"], "success_url")
        if "success_url" in params
        else None,
        "total_details": {
            "amount_discount": discount,
            "amount_shipping": shipping,
            "amount_tax": 0,
        },
        "ui_mode": "hosted",
        "url": f"{base_url}/c/pay/{session_id}",
    }
    # Internal fields (never sent): the full shipping rates and the payment intent's data.
    session["_shipping_rates"] = [o["shipping_rate"] for o in shipping_options]
    session["_payment_intent_data"] = as_dict(
        params.get("payment_intent_data", {}), "payment_intent_data"
    )
    return session, lines


def _flag(params: dict[str, Any], name: str) -> bool | None:
    return as_bool(params[name], name) if name in params else None


def _line_item(item: Any, param: str, now: int) -> dict[str, Any]:
    item = as_dict(item, param)
    reject_unknown(item, {"price", "price_data", "quantity"}, param)
    if "price" in item:
        raise no_such("price", str(item["price"]), f"{param}[price]")
    if "price_data" not in item:
        raise missing(f"{param}[price_data]")
    if "quantity" not in item:
        raise missing(f"{param}[quantity]")
    quantity = as_int(item["quantity"], f"{param}[quantity]", minimum=1, maximum=999_999)
    data = as_dict(item["price_data"], f"{param}[price_data]")
    reject_unknown(
        data, {"currency", "product_data", "unit_amount", "tax_behavior"}, f"{param}[price_data]"
    )
    for required in ("currency", "product_data", "unit_amount"):
        if required not in data:
            raise missing(f"{param}[price_data][{required}]")
    currency = as_currency(data["currency"], f"{param}[price_data][currency]")
    unit_amount = as_int(
        data["unit_amount"], f"{param}[price_data][unit_amount]", minimum=0, maximum=MAX_AMOUNT
    )
    product_param = f"{param}[price_data][product_data]"
    product_data = as_dict(data["product_data"], product_param)
    reject_unknown(product_data, {"name", "description", "images", "metadata"}, product_param)
    if not product_data.get("name"):
        raise missing(f"{product_param}[name]")
    images = [
        as_url(image, f"{product_param}[images][{index}]")
        for index, image in enumerate(
            as_list(product_data.get("images", []), f"{product_param}[images]")
        )
    ]
    if len(images) > 8:
        raise StripeError("A product can have at most 8 images.", param=f"{product_param}[images]")
    product = {
        "id": new_id("prod_", 14),
        "object": "product",
        "active": False,
        "created": now,
        "description": product_data.get("description") or None,
        "images": images,
        "livemode": False,
        "metadata": as_metadata(product_data.get("metadata", {}), f"{product_param}[metadata]"),
        "name": as_str(product_data["name"], f"{product_param}[name]", max_length=5000),
        "updated": now,
        "url": None,
    }
    price = {
        "id": new_id("price_", 24),
        "object": "price",
        "active": False,
        "billing_scheme": "per_unit",
        "created": now,
        "currency": currency,
        "livemode": False,
        "metadata": {},
        "product": product,
        "recurring": None,
        "tax_behavior": data.get("tax_behavior", "unspecified"),
        "type": "one_time",
        "unit_amount": unit_amount,
        "unit_amount_decimal": str(unit_amount),
    }
    subtotal = unit_amount * quantity
    return {
        "id": new_id("li_", 24),
        "object": "item",
        "amount_discount": 0,
        "amount_subtotal": subtotal,
        "amount_tax": 0,
        "amount_total": subtotal,
        "currency": currency,
        "description": product["name"],
        "price": price,
        "quantity": quantity,
    }


def _shipping_option(option: Any, param: str, currency: str) -> dict[str, Any]:
    option = as_dict(option, param)
    reject_unknown(option, {"shipping_rate", "shipping_rate_data"}, param)
    if "shipping_rate" in option:
        raise no_such("shipping_rate", str(option["shipping_rate"]), f"{param}[shipping_rate]")
    if "shipping_rate_data" not in option:
        raise missing(f"{param}[shipping_rate_data]")
    data_param = f"{param}[shipping_rate_data]"
    data = as_dict(option["shipping_rate_data"], data_param)
    reject_unknown(data, {"display_name", "type", "fixed_amount", "metadata"}, data_param)
    if not data.get("display_name"):
        raise missing(f"{data_param}[display_name]")
    as_choice(data.get("type", "fixed_amount"), f"{data_param}[type]", ("fixed_amount",))
    if "fixed_amount" not in data:
        raise missing(f"{data_param}[fixed_amount]")
    fixed = as_dict(data["fixed_amount"], f"{data_param}[fixed_amount]")
    reject_unknown(fixed, {"amount", "currency"}, f"{data_param}[fixed_amount]")
    for required in ("amount", "currency"):
        if required not in fixed:
            raise missing(f"{data_param}[fixed_amount][{required}]")
    amount = as_int(
        fixed["amount"], f"{data_param}[fixed_amount][amount]", minimum=0, maximum=MAX_AMOUNT
    )
    rate_currency = as_currency(fixed["currency"], f"{data_param}[fixed_amount][currency]")
    if rate_currency != currency:
        raise StripeError(
            "The shipping rate's currency must match the line items' currency.",
            param=f"{data_param}[fixed_amount][currency]",
        )
    rate = {
        "id": new_id("shr_", 24),
        "object": "shipping_rate",
        "active": True,
        "display_name": as_str(data["display_name"], f"{data_param}[display_name]", max_length=100),
        "fixed_amount": {"amount": amount, "currency": rate_currency},
        "livemode": False,
        "metadata": as_metadata(data.get("metadata", {}), f"{data_param}[metadata]"),
        "type": "fixed_amount",
    }
    return {"shipping_amount": amount, "shipping_rate": rate}


def _shipping_cost(options: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not options:
        return None
    amount = options[0]["shipping_amount"]
    return {
        "amount_subtotal": amount,
        "amount_tax": 0,
        "amount_total": amount,
        "shipping_rate": options[0]["shipping_rate"]["id"],
    }


def _address_collection(params: dict[str, Any]) -> dict[str, Any] | None:
    if "shipping_address_collection" not in params:
        return None
    data = as_dict(params["shipping_address_collection"], "shipping_address_collection")
    reject_unknown(data, {"allowed_countries"}, "shipping_address_collection")
    if not data.get("allowed_countries"):
        raise missing("shipping_address_collection[allowed_countries]")
    countries = as_list(data["allowed_countries"], "shipping_address_collection[allowed_countries]")
    for index, country in enumerate(countries):
        if not (isinstance(country, str) and len(country) == 2 and country.isupper()):
            raise StripeError(
                f"Invalid country: {country}",
                param=f"shipping_address_collection[allowed_countries][{index}]",
            )
    return {"allowed_countries": countries}
