"""The sandbox's hosted checkout page: what Stripe's hosted Checkout shows, in test mode.

Left, the order: the store's name (the account's business name), a TEST MODE badge, the lines
and the totals. Right, the payment form: email, card (number, expiry, CVC), name on card and
billing address, a Pay button with the amount, and the test cards to use. The form comes
filled in with a succeeding test card, so a developer (or a browser test) can just press Pay.

Card numbers behave as Stripe's test cards do (docs.stripe.com/testing): 4242 4242 4242 4242
succeeds, 4000 0000 0000 0002 (and the other decline cards below) is declined and the session
stays open. Bad input gets a message next to its field, never a server error.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import escape
from typing import Any

DECLINED = "Your card was declined."
# Stripe's generic decline, insufficient funds and lost card test numbers.
DECLINED_CARDS = {"4000000000000002", "4000000000009995", "4000000000009987"}
TEST_CARDS = (("4242 4242 4242 4242", "succeeds"), ("4000 0000 0000 0002", "is declined"))
ADDRESS_FIELDS = ("line1", "line2", "city", "state", "postal_code", "country")
COUNTRIES = {
    "AU": "Australia",
    "AT": "Austria",
    "BE": "Belgium",
    "CA": "Canada",
    "DK": "Denmark",
    "FI": "Finland",
    "FR": "France",
    "DE": "Germany",
    "IE": "Ireland",
    "IT": "Italy",
    "JP": "Japan",
    "MX": "Mexico",
    "NL": "Netherlands",
    "NZ": "New Zealand",
    "NO": "Norway",
    "ES": "Spain",
    "SE": "Sweden",
    "CH": "Switzerland",
    "GB": "United Kingdom",
    "US": "United States",
}
LABELS = {
    "email": "Email",
    "card_number": "Card number",
    "expiry": "Expiration date (MM / YY)",
    "cvc": "Security code (CVC)",
    "name": "Name on card",
    "country": "Country or region",
    "line1": "Address line 1",
    "line2": "Address line 2 (optional)",
    "city": "City",
    "state": "State (optional)",
    "postal_code": "Postal code",
    "phone": "Phone number",
}
AUTOCOMPLETE = {
    "email": "email",
    "card_number": "cc-number",
    "expiry": "cc-exp",
    "cvc": "cc-csc",
    "name": "cc-name",
    "country": "country",
    "line1": "address-line1",
    "line2": "address-line2",
    "city": "address-level2",
    "state": "address-level1",
    "postal_code": "postal-code",
    "phone": "tel",
}
DEFAULTS = {
    "email": "shopper@example.com",
    "card_number": "4242 4242 4242 4242",
    "expiry": "12 / 34",
    "cvc": "123",
    "name": "Jane Shopper",
    "line1": "1 Main Street",
    "line2": "",
    "city": "Springfield",
    "state": "IL",
    "postal_code": "62701",
    "country": "US",
    "phone": "+15555550100",
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_EXPIRY = re.compile(r"^(\d{1,2})\s*/\s*(\d{2}|\d{4})$")


def money(amount: int, currency: str) -> str:
    return f"{amount / 100:,.2f} {currency.upper()}"  # display only


def render_page(
    session: dict[str, Any],
    lines: list[dict[str, Any]],
    *,
    store: str,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> str:
    """The page for `session` of the account named `store`, with `errors` by field name."""
    if session["status"] != "open":
        body = (
            f"<main class='closed'><p class='merchant'>{_merchant(store)}</p>"
            f"<h1 id='closed'>This Checkout Session is {escape(session['status'])}.</h1></main>"
        )
        return _shell(f"{escape(store)}: checkout", body)
    errors = errors or {}
    values = {**DEFAULTS, **(values or {})}
    if session["customer_email"]:
        values["email"] = session["customer_email"]
    total = money(session["amount_total"], session["currency"])
    body = (
        "<main class='checkout'>"
        f"{_summary(session, lines, store)}"
        "<section class='payment' aria-labelledby='payment-heading'>"
        "<h2 id='payment-heading'>Pay with card</h2>"
        f"{_test_cards()}{_error_summary(errors)}"
        f"<form id='payment-form' method='post' novalidate>{_form_fields(session, values, errors)}"
        f"<button id='pay' class='pay' type='submit'>Pay {total}</button></form>"
        "<p class='powered'>A local Stripe sandbox: nothing is charged.</p>"
        "</section></main>"
    )
    return _shell(f"Pay {store}", body)


def not_found_page() -> str:
    body = (
        "<main class='closed'><h1>No such Checkout Session</h1>"
        "<p>This payment link is unknown to the sandbox (it forgets sessions when it "
        "restarts).</p></main>"
    )
    return _shell("Not found", body)


def read_form(
    form: dict[str, Any], session: dict[str, Any]
) -> tuple[dict[str, Any] | None, dict[str, str], dict[str, str]]:
    """(the customer's details or None, the submitted values, error messages by field)."""
    values = {key: _text(form.get(key, "")) for key in DEFAULTS}
    if session["customer_email"]:
        values["email"] = session["customer_email"]
    errors: dict[str, str] = {}
    required = ["email", "card_number", "expiry", "cvc", "name", "line1", "city"]
    required += ["postal_code", "country"]
    if session["phone_number_collection"]["enabled"]:
        required.append("phone")
    for name in required:
        if not values[name]:
            errors[name] = f"{LABELS[name]} is required."
    card = re.sub(r"[\s-]", "", values["card_number"])
    if "email" not in errors and not _EMAIL.match(values["email"]):
        errors["email"] = "Your email address is invalid."
    if "card_number" not in errors and not _valid_card_number(card):
        errors["card_number"] = "Your card number is invalid."
    if "expiry" not in errors:
        problem = _expiry_problem(values["expiry"])
        if problem:
            errors["expiry"] = problem
    if "cvc" not in errors and not re.fullmatch(r"\d{3,4}", values["cvc"]):
        errors["cvc"] = "Your card's security code is invalid."
    if "country" not in errors and values["country"] not in COUNTRIES:
        errors["country"] = "Choose a country or region from the list."
    allowed = (session["shipping_address_collection"] or {}).get("allowed_countries")
    if "country" not in errors and allowed and values["country"] not in allowed:
        errors["country"] = f"Shipping to {values['country']} is not available."
    if not errors and card in DECLINED_CARDS:
        errors["card_number"] = DECLINED  # as on Stripe: only a card that is otherwise fine
    if errors:
        return None, values, errors
    customer = {
        "email": values["email"],
        "name": values["name"],
        "address": {name: values[name] or None for name in ADDRESS_FIELDS},
        "phone": values["phone"] or None,
    }
    return customer, values, {}


# -- the parts -----------------------------------------------------------------------------


def _merchant(store: str) -> str:
    return (
        f"<span class='merchant__name' id='store-name'>{escape(store)}</span> "
        "<span class='badge' id='test-mode'>TEST MODE</span>"
    )


def _summary(session: dict[str, Any], lines: list[dict[str, Any]], store: str) -> str:
    currency = session["currency"]
    rows = "".join(
        "<tr class='line'>"
        f"<th scope='row' class='name'>{escape(line['description'])}</th>"
        f"<td class='quantity'>{line['quantity']}</td>"
        f"<td class='amount'>{money(line['amount_subtotal'], currency)}</td></tr>"
        for line in lines
    )
    details = session["total_details"]
    totals = [("Subtotal", "subtotal", money(session["amount_subtotal"], currency))]
    if details["amount_discount"]:
        totals.append(("Discount", "discount", f"-{money(details['amount_discount'], currency)}"))
    if session["shipping_options"]:
        totals.append(("Shipping", "shipping", money(details["amount_shipping"], currency)))
    if details["amount_tax"]:
        totals.append(("Tax", "tax", money(details["amount_tax"], currency)))
    listed = "".join(
        f"<div class='totals__row'><dt>{label}</dt><dd id='{ident}'>{amount}</dd></div>"
        for label, ident, amount in totals
    )
    total = money(session["amount_total"], currency)
    cancel = (
        f"<a id='cancel' class='back' href='{escape(session['cancel_url'])}'>"
        f"<span aria-hidden='true'>&larr;</span> Back to {escape(store)}</a>"
        if session["cancel_url"]
        else ""
    )
    return (
        "<section class='summary' aria-labelledby='summary-heading'>"
        f"{cancel}<p class='merchant'>{_merchant(store)}</p>"
        f"<h1 id='summary-heading'><span class='summary__label'>Pay {escape(store)}</span> "
        f"<span class='summary__amount'>{total}</span></h1>"
        "<table id='lines' class='lines'><caption class='visually-hidden'>Your order</caption>"
        "<thead><tr><th scope='col'>Item</th><th scope='col'>Qty</th>"
        f"<th scope='col'>Amount</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<dl class='totals'>{listed}<div class='totals__row totals__row--total'>"
        f"<dt>Total due</dt><dd><strong id='total'>{total}</strong></dd></div></dl>"
        "</section>"
    )


def _test_cards() -> str:
    items = "".join(f"<li><code>{number}</code> {outcome}</li>" for number, outcome in TEST_CARDS)
    return (
        "<aside class='test-cards' aria-labelledby='test-cards-heading'>"
        "<h3 id='test-cards-heading'>Test cards</h3>"
        f"<ul>{items}</ul><p>Any future expiry date, any 3-digit CVC.</p></aside>"
    )


def _error_summary(errors: dict[str, str]) -> str:
    if not errors:
        return ""
    if set(errors.values()) == {DECLINED}:
        return f"<p id='error' class='error-summary' role='alert'>{DECLINED}</p>"
    items = "".join(
        f"<li><a href='#{name}'>{escape(message)}</a></li>" for name, message in errors.items()
    )
    return (
        "<div id='error' class='error-summary' role='alert'>"
        f"<p>Check the details below.</p><ul>{items}</ul></div>"
    )


def _form_fields(session: dict[str, Any], values: dict[str, str], errors: dict[str, str]) -> str:
    email = _input("email", values, errors, kind="email", readonly=bool(session["customer_email"]))
    card = (
        "<fieldset class='group'><legend>Card information</legend>"
        f"{_input('card_number', values, errors, inputmode='numeric')}"
        "<div class='row'>"
        f"{_input('expiry', values, errors, inputmode='numeric', placeholder='MM / YY')}"
        f"{_input('cvc', values, errors, inputmode='numeric', placeholder='CVC')}"
        "</div></fieldset>"
    )
    name = _input("name", values, errors)
    address = (
        "<fieldset class='group'><legend>Billing address</legend>"
        f"{_country(values, errors)}{_input('line1', values, errors)}"
        f"{_input('line2', values, errors)}"
        f"<div class='row'>{_input('city', values, errors)}{_input('state', values, errors)}</div>"
        f"{_input('postal_code', values, errors)}</fieldset>"
    )
    phone = ""
    if session["phone_number_collection"]["enabled"]:
        phone = _input("phone", values, errors, kind="tel")
    return email + card + name + address + phone


def _input(
    name: str,
    values: dict[str, str],
    errors: dict[str, str],
    *,
    kind: str = "text",
    readonly: bool = False,
    inputmode: str = "",
    placeholder: str = "",
) -> str:
    extra = " readonly" if readonly else ""
    if inputmode:
        extra += f" inputmode='{inputmode}'"
    if placeholder:
        extra += f" placeholder='{escape(placeholder)}'"
    control = (
        f"<input id='{name}' name='{name}' type='{kind}' autocomplete='{AUTOCOMPLETE[name]}' "
        f"value='{escape(values.get(name, ''))}'{extra}{_invalid(name, errors)}>"
    )
    return _field(name, control, errors)


def _country(values: dict[str, str], errors: dict[str, str]) -> str:
    chosen = values.get("country", "")
    options = "".join(
        f"<option value='{code}'{' selected' if code == chosen else ''}>{escape(label)}</option>"
        for code, label in sorted(COUNTRIES.items(), key=lambda item: item[1])
    )
    control = (
        f"<select id='country' name='country' autocomplete='country'"
        f"{_invalid('country', errors)}>{options}</select>"
    )
    return _field("country", control, errors)


def _field(name: str, control: str, errors: dict[str, str]) -> str:
    error = ""
    if name in errors:
        error = f"<p class='field-error' id='{name}-error'>{escape(errors[name])}</p>"
    return (
        f"<div class='field{' field--invalid' if error else ''}'>"
        f"<label for='{name}'>{escape(LABELS[name])}</label>{control}{error}</div>"
    )


def _invalid(name: str, errors: dict[str, str]) -> str:
    return f" aria-invalid='true' aria-describedby='{name}-error'" if name in errors else ""


def _text(value: Any) -> str:
    return value.strip()[:200] if isinstance(value, str) else ""


def _valid_card_number(card: str) -> bool:
    """12-19 digits passing the Luhn check, as every real (and test) card number does."""
    if not card.isdigit() or not 12 <= len(card) <= 19:
        return False
    total = 0
    for position, digit in enumerate(int(ch) for ch in reversed(card)):
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def _expiry_problem(raw: str) -> str:
    match = _EXPIRY.match(raw)
    if not match:
        return "Your card's expiration date is incomplete (MM / YY)."
    month, year = int(match[1]), int(match[2])
    year = year + 2000 if year < 100 else year
    if not 1 <= month <= 12:
        return "Your card's expiration month is invalid."
    now = datetime.now(UTC)
    if (year, month) < (now.year, now.month):
        return "Your card's expiration date is in the past."
    return ""


def _shell(title: str, body: str) -> str:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)} (Stripe sandbox)</title>"
        "<link rel='icon' href='/c/favicon.svg' type='image/svg+xml'>"
        "<link rel='stylesheet' href='/c/checkout.css'></head>"
        f"<body><p class='sandbox-banner'>Stripe sandbox: test mode, no real charges</p>{body}"
        "</body></html>"
    )
