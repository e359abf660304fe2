"""A shopper's whole checkout in a real browser: a member browses, picks a SKU, fills the
cart, applies a code and changes shipping, reviews the order on /checkout/confirm, agrees to
the terms, pays on the Stripe stand-in's hosted page and comes back to /checkout/success.
The stand-in's signed webhook and the return page make exactly one order; its confirmation
email arrives; the order shows in the member's order pages. A guest checks out with an email
address, at phone width, and opens the order from the email's link in another browser."""

from __future__ import annotations

import re
import secrets
import time
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from shop.orders.models import Order
from tests.e2e.conftest import (
    as_shown,
    log_in_by_api,
    make_member_account,
    read_committed,
    shown_totals,
)
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.browser import DESKTOP, assert_accessible_basics, open_page, save_screenshot

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def store(make_store, take_payments):
    store = make_store("Harbour Paper Co")
    take_payments(store)
    return store


@pytest.fixture(scope="module")
def member(store, django_db_blocker):
    member = make_member_account(
        django_db_blocker, store, "harbour_buyer", "harbour.buyer@example.com"
    )
    return member


def _confirm_totals(page) -> dict:
    body = page.evaluate(
        "async () => (await fetch('/order/confirm-totals', {credentials: 'same-origin'})).json()"
    )
    return body["confirm_totals_data"]


def _orders_of(store, django_db_blocker, **filters) -> list[Order]:
    """The store's orders as committed by the server."""
    return read_committed(
        django_db_blocker,
        store,
        lambda: list(Order.objects.filter(**filters).select_related("payment")),
    )


def _mail_to(smtp_server, address: str, timeout: float = 10) -> list:
    """The messages to `address`, once at least one has arrived (the session's server is
    shared by every e2e test, so counting all its messages would say nothing)."""
    deadline = time.monotonic() + timeout
    while not smtp_server.to(address) and time.monotonic() < deadline:
        time.sleep(0.05)
    return smtp_server.to(address)


def _pay_on_the_stand_in(page, stripe_server, *, total: str, email: str) -> str:
    """On the stand-in's hosted page: what is charged, the shopper's email, then Pay.
    Returns the Checkout Session id."""
    expect(page).to_have_url(re.compile(rf"^{re.escape(stripe_server.base_url)}/"))
    expect(page.locator("#total")).to_have_text(f"{total} USD")
    expect(page.locator("#email")).to_have_value(email)
    session_id = re.search(r"(cs_[A-Za-z0-9_]+)", page.url).group(1)
    save_screenshot(page, f"checkout-stand-in-{email.split('@')[0]}")
    page.locator("#pay").click()
    return session_id


def test_a_member_pays_with_stripe_and_finds_the_order_in_the_account(
    store, member, web_server, stripe_server, e2e_smtp_server, desktop, django_db_blocker
):
    page = desktop
    page.goto(web_server.url(store, "/"))
    assert log_in_by_api(page, "harbour_buyer", PASSWORD)["login"] == "true"

    # Product: a SKU picked, two added.
    page.get_by_role("link", name="Binder Clips").click()
    page.get_by_role("radio", name=re.compile("^Small Binder Clip")).check()
    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.locator("[data-add-status]")).to_have_text(re.compile("^Added 2 to your cart"))

    # Cart: a discount code and another shipping method.
    page.get_by_role("link", name=re.compile("^Cart")).click()
    page.get_by_role("textbox", name="Discount code").fill("welcome10")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("[data-cart-status]")).to_have_text(re.compile("^Code WELCOME10 applied"))
    page.get_by_label("FedEx Ground").check()
    expect(page.locator("[data-cart-status]")).to_have_text(re.compile("^Shipping set to FedEx"))
    save_screenshot(page, "checkout-1-cart")

    # Confirm: the cart as priced by /order/confirm-totals, the member's address, the terms.
    page.get_by_role("link", name="Check out").click()
    expect(page.locator("h1")).to_have_text("Review and pay")
    totals = _confirm_totals(page)
    assert totals == {
        "item_subtotal": "7.98", "item_discount": "0.80", "shipping_subtotal": "10.85",
        "shipping_discount": "0.00", "sales_tax_amt": "0.00", "cart_total": "18.03",
    }  # fmt: skip
    assert shown_totals(page) == as_shown(totals)
    expect(page.locator("[data-confirmation-email]")).to_have_text("harbour.buyer@example.com")
    expect(page.locator("[data-shipping-method]")).to_contain_text("FedEx Ground")
    expect(page.locator(".discount__code")).to_have_text("WELCOME10")
    expect(
        page.locator("[data-pay-form]").get_by_role("link", name="terms of sale")
    ).to_have_attribute("href", "/terms-of-sale")
    assert_accessible_basics(page, h1="Review and pay")
    save_screenshot(page, "checkout-2-confirm")

    # Paying without agreeing: the error is next to the checkbox, and nobody leaves the page.
    terms = page.get_by_label("I agree to the terms of sale")
    page.get_by_role("button", name="Pay with Stripe").click()
    expect(page.locator("#agree-terms-error")).to_have_text(
        "Please agree to the terms of sale to pay."
    )
    expect(terms).to_have_attribute("aria-invalid", "true")
    expect(terms).to_be_focused()
    save_screenshot(page, "checkout-3-confirm-terms-error")
    page.problems.assert_none()

    terms.check()
    expect(page.locator("#agree-terms-error")).to_be_hidden()
    page.get_by_role("button", name="Pay with Stripe").click()
    session_id = _pay_on_the_stand_in(
        page, stripe_server, total="18.03", email="harbour.buyer@example.com"
    )

    # Back in the store: the confirmation.
    expect(page.locator("h1")).to_have_text("Thank you for your order")
    assert page.url == web_server.url(store, f"/checkout/success?session_id={session_id}")
    [order] = _orders_of(store, django_db_blocker, payment__stripe_checkout_session_id=session_id)
    assert order.member_id == member.pk
    assert (order.order_total, order.amount_charged) == (Decimal("18.03"), Decimal("18.03"))
    expect(page.locator("[data-order-identifier]")).to_have_text(order.identifier)
    expect(page.locator("[data-confirmation-email]")).to_have_text("harbour.buyer@example.com")
    expect(page.locator('[data-order-total="order_total"]')).to_have_text("$18.03")
    expect(page.locator('[data-order-total="item_discount"]')).to_have_text("\u2212$0.80")
    expect(page.locator("[data-shipping-address]")).to_contain_text("1 Main Street")
    expect(page.locator("[data-cart-count]")).to_have_text("0")
    assert_accessible_basics(page, h1="Thank you for your order")
    save_screenshot(page, "checkout-4-success")

    # The stand-in delivered its signed webhook to this store, which accepted it.
    deliveries = [d for d in stripe_server.deliveries if order.identifier in d.body]
    assert [(d.type, d.status) for d in deliveries] == [("checkout.session.completed", 200)]

    # The email, once, to the member, with the order number.
    [mail] = _mail_to(e2e_smtp_server, "harbour.buyer@example.com")
    assert order.identifier in mail.subject + mail.text
    assert f"/account/order?identifier={order.identifier}&em_cd=" in mail.text

    # Reloading shows the same order and makes no other.
    page.reload()
    expect(page.locator("[data-order-identifier]")).to_have_text(order.identifier)
    assert len(_orders_of(store, django_db_blocker)) == 1
    assert len(e2e_smtp_server.to("harbour.buyer@example.com")) == 1

    # The order page, and the account's order list.
    page.get_by_role("link", name="View your order").click()
    expect(page.locator("h1")).to_have_text(f"Order {order.identifier}")
    expect(page.locator("[data-order-status]")).not_to_be_empty()
    expect(page.locator('[data-order-total="order_total"]')).to_have_text("$18.03")
    assert_accessible_basics(page, h1=f"Order {order.identifier}")
    save_screenshot(page, "checkout-5-order")

    page.goto(web_server.url(store, "/checkout/success?session_id=" + session_id))
    page.get_by_role("link", name="All your orders").click()
    expect(page.locator("h1")).to_have_text("Your orders")
    expect(page.locator("[data-order]")).to_have_count(1)
    expect(page.locator(f'[data-order="{order.identifier}"]')).to_contain_text("$18.03")
    assert_accessible_basics(page, h1="Your orders")
    save_screenshot(page, "checkout-6-orders")
    page.problems.assert_none()


def test_a_guest_checks_out_with_an_email_address_at_phone_width(
    store, member, browser, web_server, stripe_server, e2e_smtp_server, phone, django_db_blocker
):
    page = phone
    email = f"guest-{secrets.token_hex(3)}@example.com"
    page.goto(web_server.url(store, "/product/v26ujdy3N1"))
    page.get_by_role("button", name="Add to cart").click()
    expect(page.locator("[data-cart-count]")).to_have_text("1")
    page.goto(web_server.url(store, "/cart"))
    page.get_by_role("link", name="Check out").click()

    # The address is checked by the store before anyone pays.
    expect(page.locator("h1")).to_have_text("Review and pay")
    field = page.get_by_role("textbox", name="Email address")
    field.fill("not-an-address")
    page.get_by_role("button", name="Use this address").click()
    expect(page.locator("#anonymous-email-error")).to_have_text(
        "Enter an email address like name@example.com."
    )
    expect(field).to_have_attribute("aria-invalid", "true")
    # A member's address: log in instead.
    field.fill("harbour.buyer@example.com")
    page.get_by_role("button", name="Use this address").click()
    expect(page.locator("#anonymous-email-error")).to_have_text(
        "This email address belongs to an account. Log in to check out with it."
    )
    expect(
        page.locator("#anonymous-email-error").get_by_role("link", name="Log in to check out")
    ).to_have_attribute("href", "/login?next=/checkout/confirm")
    field.fill(email)
    page.get_by_role("button", name="Use this address").click()
    expect(page.locator("[data-email-chosen] [data-confirmation-email]")).to_have_text(email)
    expect(page.locator("[data-pay-status]")).to_have_text(f"Your confirmation will go to {email}.")
    assert_accessible_basics(page, h1="Review and pay")
    save_screenshot(page, "checkout-phone-1-confirm")
    page.problems.assert_none()

    page.get_by_label("I agree to the terms of sale").check()
    page.get_by_role("button", name="Pay with Stripe").click()

    # Back from Stripe's page to the store's, then on again: the same unpaid session.
    expect(page).to_have_url(re.compile(rf"^{re.escape(stripe_server.base_url)}/"))
    first_session = re.search(r"(cs_[A-Za-z0-9_]+)", page.url).group(1)
    page.locator("#cancel").click()
    expect(page.locator("h1")).to_have_text("Review and pay")
    page.get_by_role("textbox", name="Email address").fill(email)
    page.get_by_label("I agree to the terms of sale").check()
    page.get_by_role("button", name="Pay with Stripe").click()
    session_id = _pay_on_the_stand_in(page, stripe_server, total="24.55", email=email)
    assert session_id == first_session

    expect(page.locator("h1")).to_have_text("Thank you for your order")
    [order] = _orders_of(store, django_db_blocker, payment__stripe_checkout_session_id=session_id)
    assert (order.member_id, order.payment.email) == (None, email)
    expect(page.locator("[data-order-identifier]")).to_have_text(order.identifier)
    expect(page.locator("[data-confirmation-email]")).to_have_text(email)
    assert_accessible_basics(page, h1="Thank you for your order")
    save_screenshot(page, "checkout-phone-2-success")

    # The browser that paid opens its order without the email's link.
    page.get_by_role("link", name="View your order").click()
    expect(page.locator("h1")).to_have_text(f"Order {order.identifier}")
    assert_accessible_basics(page, h1=f"Order {order.identifier}")
    page.problems.assert_none()

    # The email's link opens the order in any browser.
    [mail] = _mail_to(e2e_smtp_server, email)
    link = re.search(r"(/account/order\?identifier=\S+)", mail.text).group(1)
    assert f"identifier={order.identifier}&" in link and "pr_cd=" in link
    context = browser.new_context(viewport=DESKTOP)
    try:
        stranger = open_page(context)
        stranger.goto(web_server.url(store, link))
        expect(stranger.locator("h1")).to_have_text(f"Order {order.identifier}")
        expect(stranger.locator("[data-confirmation-email]")).to_have_text(email)
        stranger.problems.assert_none()
    finally:
        context.close()


@pytest.fixture(scope="module")
def store_without_payments(make_store):
    return make_store("Closed Stationers")  # no Stripe account yet


def test_a_store_without_payments_says_so_on_the_confirm_page(
    store_without_payments, web_server, desktop
):
    store = store_without_payments
    page = desktop
    page.goto(web_server.url(store, "/product/v26ujdy3N1"))
    page.get_by_role("button", name="Add to cart").click()
    expect(page.locator("[data-cart-count]")).to_have_text("1")
    page.goto(web_server.url(store, "/checkout/confirm"))
    page.get_by_role("textbox", name="Email address").fill("someone@example.com")
    page.get_by_label("I agree to the terms of sale").check()

    page.get_by_role("button", name="Pay with Stripe").click()

    expect(page.locator("[data-pay-status]")).to_have_text("This store does not take payments yet.")
    assert page.url == web_server.url(store, "/checkout/confirm")
    page.problems.assert_none()
