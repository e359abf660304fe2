"""The Stripe sandbox's hosted page in Chromium: it reads like a real checkout page (the
store's name, TEST MODE, the lines and totals, the test cards), a declined test card is said
to be declined next to the card field, and 4242 4242 4242 4242 pays and returns to the
success URL, with the signed webhook delivered."""

from __future__ import annotations

import json

import pytest
import stripe
from playwright.sync_api import expect

from tests.fakes.http_sink import HttpSink
from tests.fixtures.browser import (
    DESKTOP,
    PHONE,
    Problems,
    assert_accessible_basics,
    open_page,
    save_screenshot,
)
from tests.stripe_sandbox.checkout_params import session_params, shipping

FIELDS = [
    "Email", "Card number", "Expiration date (MM / YY)", "Security code (CVC)", "Name on card",
    "Country or region", "Address line 1", "City", "Postal code",
]  # fmt: skip


@pytest.fixture
def account(stripe_server):
    return stripe_server.add_account(name="Harbour Paper Co")


@pytest.fixture
def session(stripe_server, account):
    client = stripe.StripeClient(
        account.secret_key, base_addresses={"api": stripe_server.base_url}, max_network_retries=0
    )
    coupon = client.v1.coupons.create(
        params={"amount_off": 200, "currency": "usd", "duration": "once", "name": "Spring"}
    )
    return client.v1.checkout.sessions.create(
        params=session_params(
            shipping_options=shipping(599),
            discounts=[{"coupon": coupon.id}],
            # Back to the sandbox's own page for the session: it then says it is complete.
            success_url=f"{stripe_server.base_url}/c/pay/{{CHECKOUT_SESSION_ID}}?paid=1",
            cancel_url=f"{stripe_server.base_url}/c/pay/cs_test_cancelled",
        )
    )


def test_the_hosted_page_shows_the_store_the_order_and_the_test_cards(
    browser, stripe_server, session
):
    context = browser.new_context(viewport=DESKTOP)
    page = open_page(context)

    page.goto(session.url)

    expect(page.locator("#store-name").first).to_have_text("Harbour Paper Co")
    expect(page.locator("#test-mode")).to_have_text("TEST MODE")
    expect(page.locator("#test-mode")).to_be_visible()
    lines = page.locator("#lines tbody tr")
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text("Paper")
    expect(lines.nth(0).locator(".quantity")).to_have_text("3")
    expect(lines.nth(0).locator(".amount")).to_have_text("13.05 USD")
    expect(page.locator("#subtotal")).to_have_text("14.20 USD")
    expect(page.locator("#discount")).to_have_text("-2.00 USD")
    expect(page.locator("#shipping")).to_have_text("5.99 USD")
    expect(page.locator("#total")).to_have_text("18.19 USD")
    expect(page.get_by_role("button", name="Pay 18.19 USD")).to_be_visible()
    cards = page.locator(".test-cards")
    expect(cards).to_contain_text("4242 4242 4242 4242 succeeds")
    expect(cards).to_contain_text("4000 0000 0000 0002 is declined")
    expect(page.get_by_role("link", name="Back to Harbour Paper Co")).to_be_visible()
    for label in FIELDS:
        expect(page.get_by_label(label, exact=True)).to_be_visible()
    assert_accessible_basics(page, h1="Pay Harbour Paper Co 18.19 USD")
    save_screenshot(page, "sandbox-checkout-desktop")
    page.problems.assert_none()

    phone = open_page(browser.new_context(viewport=PHONE))
    phone.goto(session.url)
    assert_accessible_basics(phone, h1="Pay Harbour Paper Co 18.19 USD")
    save_screenshot(phone, "sandbox-checkout-phone")


def test_a_declined_card_then_a_good_one_pays_and_returns_to_the_success_url(
    browser, stripe_server, account, session
):
    context = browser.new_context(viewport=DESKTOP)
    problems = Problems()
    page = open_page(context, problems=problems)
    page.goto(session.url)

    page.get_by_label("Card number").fill("4000 0000 0000 0002")
    page.get_by_role("button", name="Pay 18.19 USD").click()

    expect(page.locator("#card_number-error")).to_have_text("Your card was declined.")
    expect(page.get_by_label("Card number")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#error")).to_have_text("Your card was declined.")
    assert stripe_server.get_session(session.id)["status"] == "open"
    save_screenshot(page, "sandbox-checkout-declined")

    with HttpSink() as sink:
        stripe_server.register_webhook(account.secret_key, sink.url)
        page.get_by_label("Card number").fill("4242 4242 4242 4242")
        page.get_by_label("Expiration date (MM / YY)").fill("09 / 41")
        page.get_by_label("Name on card").fill("Grace Hopper")
        page.get_by_role("button", name="Pay 18.19 USD").click()

        expect(page).to_have_url(f"{stripe_server.base_url}/c/pay/{session.id}?paid=1")
        expect(page.locator("#closed")).to_have_text("This Checkout Session is complete.")

    paid = stripe_server.get_session(session.id)
    assert (paid["payment_status"], paid["customer_details"]["name"]) == ("paid", "Grace Hopper")
    [event] = [json.loads(received.body) for received in sink.received]
    assert (event["type"], event["data"]["object"]["amount_total"]) == (
        "checkout.session.completed",
        1819,
    )
    # The decline answered 402 (Payment Required), which the console notes; nothing else.
    assert problems.messages == [
        f"http 402: {session.url}",
        "console: Failed to load resource: the server responded with a status of 402 "
        "(Payment Required)",
    ]
