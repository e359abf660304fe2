"""The storefront with a keyboard alone: the skip link comes first, focus is visible, and a
shopper adds to the cart, changes a quantity and the shipping method without a mouse."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import api_totals, as_shown, shown_totals
from tests.fixtures.browser import save_screenshot

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def store(make_store):
    return make_store("Keyboard Supplies")


def _focused(page) -> dict:
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          return {id: el.id, tag: el.tagName, text: el.textContent.trim(),
                  outline: getComputedStyle(el).outlineStyle};
        }"""
    )


def _tab_to(page, predicate, limit: int = 25) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if predicate(focused):
            return focused
    raise AssertionError(f"{limit} tabs never reached the element")


def test_a_shopper_changes_quantity_and_shipping_with_the_keyboard_alone(
    store, web_server, desktop
):
    page = desktop
    page.goto(web_server.url(store, "/product/ITHJW3mytn"))
    _tab_to(page, lambda el: el["text"] == "Add to cart")
    page.keyboard.press("Enter")
    expect(page.locator("[data-cart-count]")).to_have_text("1")
    assert _focused(page)["text"] == "Add to cart"  # the focus stays where the shopper was
    page.goto(web_server.url(store, "/cart"))

    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "Skip to content"
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "main"

    quantity = _tab_to(page, lambda el: el["id"].startswith("quantity-"))
    assert quantity["outline"] == "solid"  # the focus ring shows where the keyboard is
    page.keyboard.press("Control+A")
    page.keyboard.type("4")
    page.keyboard.press("Enter")
    expect(page.locator("[data-line-total]")).to_have_text("$15.96")
    expect(page.locator("[data-cart-status]")).to_contain_text("Quantity updated to 4")

    shipping = _tab_to(page, lambda el: el["id"].startswith("shipping-"))
    assert shipping["id"] == "shipping-USPSRetailGround"  # the checked radio is the stop
    page.keyboard.press("ArrowUp")
    expect(page.locator("[data-cart-status]")).to_contain_text("Shipping set to FedEx Ground")
    expect(page.get_by_label("FedEx Ground")).to_be_checked()

    api = api_totals(page)
    assert (api["item_subtotal"], api["shipping_subtotal"], api["cart_total"]) == (
        "15.96",
        "10.85",
        "26.81",
    )
    assert shown_totals(page) == as_shown(api)
    save_screenshot(page, "keyboard-cart-after-changes")
    page.problems.assert_none()
