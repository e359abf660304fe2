"""A member's order pages in a real browser: the confirmation email's link, opened signed
out, goes through the sign-in page and straight back to the order; the account's order list
shows the member's orders newest first; an unknown order is a clear page."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from shop.orders.models import Order
from tests.e2e.conftest import log_in_by_api, make_member_account, read_committed
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.browser import assert_accessible_basics, save_screenshot

pytestmark = pytest.mark.django_db

RUBBER_BANDS = "/product/v26ujdy3N1"  # 14.99; with the default shipping 24.55


@pytest.fixture(scope="module")
def store(make_store, take_payments):
    store = make_store("Quayside Stationery")
    take_payments(store)
    return store


@pytest.fixture(scope="module")
def member(store, django_db_blocker):
    return make_member_account(django_db_blocker, store, "quay_member", "quay.member@example.com")


def _place_order(page, web_server, stripe_server, store) -> str:
    """The page's shopper buys the rubber bands; paid on the stand-in (which sends the
    webhook that places the order). Returns the order's identifier."""
    page.goto(web_server.url(store, RUBBER_BANDS))
    count = int(page.locator("[data-cart-count]").inner_text())
    page.get_by_role("button", name="Add to cart").click()
    expect(page.locator("[data-cart-count]")).to_have_text(str(count + 1))
    body = page.evaluate(
        """async () => {
          const token = document.cookie.split('; ').find((c) => c.startsWith('csrftoken='));
          const response = await fetch('/order/create-checkout-session', {
            method: 'POST', credentials: 'same-origin',
            headers: {'X-CSRFToken': token.split('=')[1],
                      'Content-Type': 'application/x-www-form-urlencoded'},
            body: new URLSearchParams({agree_to_terms_of_sale: 'true'}),
          });
          return response.json();
        }"""
    )
    assert body["create_checkout_session"] == "success", body
    stripe_server.complete_session(body["session_id"])
    delivery = stripe_server.deliveries[-1]
    assert delivery.status == 200, delivery
    return json.loads(delivery.body)["order_identifier"]


def _order_count(store, django_db_blocker) -> int:
    return read_committed(django_db_blocker, store, Order.objects.count)


def test_the_email_link_signed_out_goes_through_sign_in_back_to_the_order(
    store, member, browser, web_server, stripe_server, desktop, django_db_blocker
):
    # given two orders of the member, placed in another browser
    buyer_context = browser.new_context()
    try:
        buyer = buyer_context.new_page()
        buyer.goto(web_server.url(store, "/"))
        assert log_in_by_api(buyer, "quay_member", PASSWORD)["login"] == "true"
        first = _place_order(buyer, web_server, stripe_server, store)
        second = _place_order(buyer, web_server, stripe_server, store)
    finally:
        buyer_context.close()
    assert _order_count(store, django_db_blocker) == 2

    # when the first order's email link is opened signed out
    page = desktop
    link = f"/account/order?identifier={first}&em_cd=gvREoqen93ffZsmBIc8zl&mb_cd=x"
    page.goto(web_server.url(store, link))

    # then the sign-in page asks, and sends the member straight back to the order
    expect(page.locator("h1")).to_have_text("Sign in")
    assert page.url.startswith(web_server.url(store, "/login?next="))
    page.get_by_label("Username").fill("quay_member")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text(f"Order {first}")
    assert page.url == web_server.url(store, link)
    expect(page.locator("[data-confirmation-email]")).to_have_text("quay.member@example.com")
    expect(page.locator('[data-order-total="order_total"]')).to_have_text("$24.55")
    expect(page.locator("[data-order-line]")).to_have_count(1)
    assert_accessible_basics(page, h1=f"Order {first}")
    save_screenshot(page, "orders-1-detail")

    # and the account's order list has both, newest first
    page.get_by_role("link", name="Orders", exact=True).click()
    expect(page.locator("h1")).to_have_text("Your orders")
    expect(page.locator("[data-order]")).to_have_count(2)
    assert page.locator("[data-order]").evaluate_all(
        "(items) => items.map((item) => item.dataset.order)"
    ) == [second, first]
    assert_accessible_basics(page, h1="Your orders")
    save_screenshot(page, "orders-2-history")
    page.get_by_role("link", name=f"Order {second}").click()
    expect(page.locator("h1")).to_have_text(f"Order {second}")
    page.problems.assert_none()


def test_an_unknown_order_is_a_clear_page_at_phone_width(store, web_server, phone):
    response = phone.goto(web_server.url(store, "/account/order?identifier=NoSuchOrder"))

    assert response.status == 404
    expect(phone.locator("h1")).to_have_text("We could not find that order")
    assert_accessible_basics(phone, h1="We could not find that order")
    save_screenshot(phone, "orders-3-not-found-phone")


def test_order_history_signed_out_goes_through_sign_in(store, member, web_server, desktop):
    page = desktop
    page.goto(web_server.url(store, "/account/orders"))

    expect(page.locator("h1")).to_have_text("Sign in")
    page.get_by_label("Username").fill("quay_member")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.locator("h1")).to_have_text("Your orders")
    assert re.search(r"/account/orders$", page.url)
    page.problems.assert_none()
