"""At a phone's width (375 px) every storefront page fits the screen: nothing scrolls
sideways, and the cart's controls are on screen."""

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import PHONE, assert_accessible_basics, save_screenshot

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def store(make_store):
    return make_store("Pocket Stationery", primary_color="#4a148c", accent_color="#00695c")


def _right_edge(locator) -> float:
    box = locator.bounding_box()
    return box["x"] + box["width"]


def test_home_product_and_cart_fit_a_phone_screen(store, web_server, phone):
    page = phone
    page.goto(web_server.url(store, "/"))
    assert_accessible_basics(page, h1="Pocket Stationery")
    save_screenshot(page, "phone-1-home")

    page.goto(web_server.url(store, "/product/ITHJW3mytn"))
    assert_accessible_basics(page, h1="Binder Clips")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.locator("[data-cart-count]")).to_have_text("1")
    save_screenshot(page, "phone-2-product")

    page.goto(web_server.url(store, "/cart"))
    assert_accessible_basics(page, h1="Your cart")
    for control in (
        page.get_by_role("spinbutton", name="Quantity of Binder Clips, Small Binder Clip"),
        page.get_by_role("button", name="Update quantity of Small Binder Clip"),
        page.get_by_role("button", name="Apply"),
    ):
        control.scroll_into_view_if_needed()
        expect(control).to_be_in_viewport()
        assert _right_edge(control) <= PHONE["width"]
    save_screenshot(page, "phone-3-cart")
    page.problems.assert_none()
