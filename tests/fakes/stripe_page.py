"""The stand-in for Stripe's hosted checkout page: what is bought, a form, and a Pay button.

Browser tests load `session.url`, fill the form (or keep its defaults) and press Pay; the fake
server then completes the session, delivers the webhook and redirects to `success_url`.
Test card 4000 0000 0000 0002 is declined, as on Stripe (docs.stripe.com/testing).
"""

from __future__ import annotations

from html import escape
from typing import Any

DECLINED_CARDS = {"4000000000000002", "4000000000009995", "4000000000009987"}
ADDRESS_FIELDS = ("line1", "line2", "city", "state", "postal_code", "country")
DEFAULTS = {
    "email": "shopper@example.com",
    "name": "Jane Shopper",
    "card_number": "4242 4242 4242 4242",
    "line1": "1 Main Street",
    "line2": "",
    "city": "Springfield",
    "state": "IL",
    "postal_code": "62701",
    "country": "US",
    "phone": "+15555550100",
}


def money(amount: int, currency: str) -> str:
    return f"{amount / 100:,.2f} {currency.upper()}"  # display only


def render_page(
    session: dict[str, Any],
    lines: list[dict[str, Any]],
    *,
    error: str = "",
    values: dict[str, str] | None = None,
) -> str:
    if session["status"] != "open":
        return _shell(f"<h1 id='closed'>This Checkout Session is {escape(session['status'])}.</h1>")
    values = {**DEFAULTS, **(values or {})}
    if session["customer_email"]:
        values["email"] = session["customer_email"]
    currency = session["currency"]
    rows = "".join(
        f"<tr class='line'><td class='name'>{escape(line['description'])}</td>"
        f"<td class='quantity'>{line['quantity']}</td>"
        f"<td class='amount'>{money(line['amount_subtotal'], currency)}</td></tr>"
        for line in lines
    )
    totals = session["total_details"]
    summary = (
        f"<p>Subtotal <span id='subtotal'>{money(session['amount_subtotal'], currency)}</span></p>"
        f"<p>Discount <span id='discount'>-{money(totals['amount_discount'], currency)}</span></p>"
        f"<p>Shipping <span id='shipping'>{money(totals['amount_shipping'], currency)}</span></p>"
        f"<p>Total due <strong id='total'>{money(session['amount_total'], currency)}</strong></p>"
    )
    fields = [_field("email", "Email", values, readonly=bool(session["customer_email"]))]
    fields += [_field("card_number", "Card number", values), _field("name", "Name", values)]
    fields += [_field(name, name.replace("_", " ").title(), values) for name in ADDRESS_FIELDS]
    if session["phone_number_collection"]["enabled"]:
        fields.append(_field("phone", "Phone", values))
    cancel = (
        f"<a id='cancel' href='{escape(session['cancel_url'])}'>Back</a>"
        if session["cancel_url"]
        else ""
    )
    alert = f"<p id='error' role='alert'>{escape(error)}</p>" if error else ""
    return _shell(
        f"<h1>Pay</h1><table id='lines'>{rows}</table>{summary}{alert}"
        f"<form id='payment-form' method='post'>{''.join(fields)}"
        f"<button id='pay' type='submit'>Pay</button></form>{cancel}"
    )


def read_form(
    form: dict[str, Any], session: dict[str, Any]
) -> tuple[dict[str, Any] | None, dict[str, str], str]:
    """(the customer's details or None, the submitted values, an error message or "")."""
    values = {key: str(form.get(key, "")).strip() for key in DEFAULTS}
    email = session["customer_email"] or values["email"]
    card = values["card_number"].replace(" ", "")
    required = ["name", "card_number", "line1", "city", "postal_code", "country"]
    if not session["customer_email"]:
        required.append("email")
    if session["phone_number_collection"]["enabled"]:
        required.append("phone")
    for name in required:
        if not values[name]:
            return None, values, f"{name.replace('_', ' ').title()} is required."
    if not card.isdigit() or len(card) < 12:
        return None, values, "Your card number is invalid."
    if card in DECLINED_CARDS:
        return None, values, "Your card was declined."
    allowed = (session["shipping_address_collection"] or {}).get("allowed_countries")
    if allowed and values["country"] not in allowed:
        return None, values, f"Shipping to {values['country']} is not available."
    customer = {
        "email": email,
        "name": values["name"],
        "address": {name: values[name] or None for name in ADDRESS_FIELDS},
        "phone": values["phone"] or None,
    }
    return customer, values, ""


def _field(name: str, label: str, values: dict[str, str], *, readonly: bool = False) -> str:
    flag = " readonly" if readonly else ""
    return (
        f"<label>{escape(label)} <input id='{name}' name='{name}' "
        f"value='{escape(values.get(name, ''))}'{flag}></label>"
    )


def _shell(body: str) -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Stripe Checkout (fake)</title>"
        f"</head><body>{body}</body></html>"
    )
