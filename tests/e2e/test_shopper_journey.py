"""A shopper browses a seeded store, picks a SKU, fills the cart, changes quantity and
shipping, applies a discount code, and after every step the cart page shows exactly the
totals `/order/cart-totals` gives for that shopper."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import api_totals, as_shown, shown_totals
from tests.fixtures.browser import assert_accessible_basics, save_screenshot

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def store(make_store):
    return make_store("Corner Stationers")


def _expect_totals_match_the_api(page, expected: dict[str, str]) -> None:
    api = api_totals(page)
    assert api == expected
    assert shown_totals(page) == as_shown(api)


def test_a_shopper_fills_a_cart_and_sees_the_apis_totals_at_every_step(store, web_server, desktop):
    page = desktop

    # Home: the catalog in the store's name.
    response = page.goto(web_server.url(store, "/"))
    assert "script-src 'self';" in response.headers["content-security-policy"]
    expect(page.locator("h1")).to_have_text("Corner Stationers")
    expect(page.locator(".product-card")).to_have_count(3)
    expect(page.locator(".product-card__price")).to_have_text(["$3.50", "$3.99 to $5.99", "$14.99"])
    assert_accessible_basics(page, h1="Corner Stationers")
    save_screenshot(page, "journey-1-home")

    # Product: the first SKU one can buy is chosen; a back-ordered one cannot be added.
    page.get_by_role("link", name="Binder Clips").click()
    expect(page.locator("h1")).to_have_text("Binder Clips")
    expect(page.locator("[data-sku-price]")).to_have_text("$3.99")
    expect(page.locator("[data-availability-title]")).to_have_text("In Stock")
    assert_accessible_basics(page, h1="Binder Clips")
    save_screenshot(page, "journey-2-product")

    page.get_by_role("radio", name=re.compile("^Large Binder Clip")).check()
    expect(page.locator("[data-sku-price]")).to_have_text("$5.99")
    expect(page.locator("[data-availability-title]")).to_have_text("Back Ordered")
    expect(page.get_by_role("button", name="Add to cart")).to_be_disabled()
    save_screenshot(page, "journey-3-product-back-ordered")

    page.get_by_role("radio", name=re.compile("^Small Binder Clip")).check()
    expect(page.get_by_role("button", name="Add to cart")).to_be_enabled()
    # The API's quantity error is shown next to the quantity field.
    page.get_by_label("Quantity").fill("0")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.locator("#quantity-error")).to_have_text("The quantity must be from 1 to 99.")
    expect(page.get_by_label("Quantity")).to_have_attribute("aria-invalid", "true")
    save_screenshot(page, "journey-4-product-quantity-error")
    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.locator("[data-add-status]")).to_have_text("Added 2 to your cart. View your cart")
    expect(page.locator("[data-cart-count]")).to_have_text("1")

    page.goto(web_server.url(store, "/product/v26ujdy3N1"))
    page.get_by_role("button", name="Add to cart").click()
    expect(page.locator("[data-cart-count]")).to_have_text("2")

    # Cart: the default shipping method, and the API's totals.
    page.get_by_role("link", name=re.compile("^Cart")).click()
    expect(page.locator("h1")).to_have_text("Your cart")
    expect(page.get_by_label("USPS Retail Ground")).to_be_checked()
    _expect_totals_match_the_api(page, {
        "item_subtotal": "22.97", "item_discount": "0.00", "shipping_subtotal": "9.56",
        "shipping_discount": "0.00", "sales_tax_amt": "0.00", "cart_total": "32.53",
    })  # fmt: skip
    assert_accessible_basics(page, h1="Your cart")
    save_screenshot(page, "journey-5-cart")

    # Too many: the error is next to that line's quantity, and nothing changes.
    page.get_by_label(re.compile("^Quantity of Binder Clips")).fill("100")
    page.get_by_role("button", name=re.compile("^Update quantity of Small Binder Clip")).click()
    expect(page.locator(".cart-line .field-error").first).to_have_text(
        "The quantity must be from 1 to 99."
    )
    assert api_totals(page)["item_subtotal"] == "22.97"

    # Quantity 2 -> 3.
    page.get_by_label(re.compile("^Quantity of Binder Clips")).fill("3")
    page.get_by_role("button", name=re.compile("^Update quantity of Small Binder Clip")).click()
    expect(page.locator("[data-cart-status]")).to_have_text(re.compile("^Quantity updated to 3"))
    expect(page.locator("[data-line-total]").first).to_have_text("$11.97")
    _expect_totals_match_the_api(page, {
        "item_subtotal": "26.96", "item_discount": "0.00", "shipping_subtotal": "9.56",
        "shipping_discount": "0.00", "sales_tax_amt": "0.00", "cart_total": "36.52",
    })  # fmt: skip

    # Shipping: FedEx Ground.
    page.get_by_label("FedEx Ground").check()
    expect(page.locator("[data-cart-status]")).to_have_text(re.compile("^Shipping set to FedEx"))
    _expect_totals_match_the_api(page, {
        "item_subtotal": "26.96", "item_discount": "0.00", "shipping_subtotal": "10.85",
        "shipping_discount": "0.00", "sales_tax_amt": "0.00", "cart_total": "37.81",
    })  # fmt: skip

    # A code the store does not know: the error is next to the field.
    page.get_by_role("textbox", name="Discount code").fill("NOSUCHCODE")
    page.get_by_role("button", name="Apply").click()
    error = page.locator("#discount-code-error")
    expect(error).to_have_text("We do not know that code. Check the spelling.")
    expect(page.get_by_role("textbox", name="Discount code")).to_have_attribute(
        "aria-invalid", "true"
    )
    save_screenshot(page, "journey-6-cart-unknown-code")

    # WELCOME10: 10% off the items.
    page.get_by_role("textbox", name="Discount code").fill("welcome10")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("[data-cart-status]")).to_have_text(re.compile("^Code WELCOME10 applied"))
    expect(error).to_be_hidden()
    expect(page.locator(".discount__code")).to_have_text(["WELCOME10"])
    _expect_totals_match_the_api(page, {
        "item_subtotal": "26.96", "item_discount": "2.70", "shipping_subtotal": "10.85",
        "shipping_discount": "0.00", "sales_tax_amt": "0.00", "cart_total": "35.11",
    })  # fmt: skip
    save_screenshot(page, "journey-7-cart-with-code")

    # Removing the code and a line: totals follow; shipping falls back to the default.
    page.get_by_role("button", name="Remove code WELCOME10").click()
    expect(page.locator(".discount__code")).to_have_count(0)
    page.get_by_role("button", name=re.compile("^Remove Rubber Bands")).click()
    expect(page.locator("[data-cart-status]")).to_have_text(re.compile("^Removed"))
    expect(page.locator("[data-cart-count]")).to_have_text("1")
    expect(page.get_by_label("USPS Retail Ground")).to_be_checked()
    _expect_totals_match_the_api(page, {
        "item_subtotal": "11.97", "item_discount": "0.00", "shipping_subtotal": "9.56",
        "shipping_discount": "0.00", "sales_tax_amt": "0.00", "cart_total": "21.53",
    })  # fmt: skip
    assert_accessible_basics(page, h1="Your cart")
    save_screenshot(page, "journey-8-cart-after-removal")
    desktop.problems.assert_none()
