"""Two stores open side by side in one browser (one context, so one cookie jar) each keep
their own cart, name and colours: a store's host never sees the other's cart."""

import re

import pytest
from playwright.sync_api import expect

from tenants.services import primary_host_for
from tests.e2e.conftest import api_totals
from tests.fixtures.browser import DESKTOP, open_page, save_screenshot

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def stores(make_store):
    harbor = make_store("Harbor Paper", primary_color="#0b3d91", accent_color="#ad1457")
    meadow = make_store(
        "Meadow Goods", display_name="Meadow Goods & Co.", primary_color="#1b5e20",
        accent_color="#6a1b9a",
    )  # fmt: skip
    return harbor, meadow


def _add(page, url: str, quantity: str) -> None:
    page.goto(url)
    page.get_by_label("Quantity").fill(quantity)
    page.get_by_role("button", name="Add to cart").click()
    expect(page.locator("[data-add-status]")).to_contain_text(f"Added {quantity} to your cart.")


def _cart_titles(page) -> list[str]:
    return page.locator(".cart-line__title").all_inner_texts()


def test_two_stores_in_one_browser_never_show_each_others_carts(
    stores, web_server, browser, problems
):
    harbor, meadow = stores
    context = browser.new_context(viewport=DESKTOP)
    left = open_page(context, problems=problems)
    right = open_page(context, problems=problems)

    _add(left, web_server.url(harbor, "/product/bSusp6dBHm"), "1")
    _add(right, web_server.url(meadow, "/product/v26ujdy3N1"), "2")
    left.goto(web_server.url(harbor, "/cart"))
    right.goto(web_server.url(meadow, "/cart"))

    assert _cart_titles(left) == ["Paper Clips"]
    assert _cart_titles(right) == ["Rubber Bands"]
    expect(left.locator("[data-cart-count]")).to_have_text("1")
    expect(right.locator("[data-cart-count]")).to_have_text("1")
    assert api_totals(left)["item_subtotal"] == "3.50"
    assert api_totals(right)["item_subtotal"] == "29.98"
    # Each store in its own name and colours.
    expect(left.locator(".brand__name")).to_have_text("Harbor Paper")
    expect(right.locator(".brand__name")).to_have_text("Meadow Goods & Co.")
    expect(left.locator(".site-header")).to_have_css("background-color", "rgb(11, 61, 145)")
    expect(right.locator(".site-header")).to_have_css("background-color", "rgb(27, 94, 32)")
    # One anonymous-cart cookie per store host, with different carts in them.
    carts = {c["domain"]: c["value"] for c in context.cookies() if c["name"] == "an_ct"}
    assert set(carts) == {primary_host_for(harbor.slug), primary_host_for(meadow.slug)}
    assert len(set(carts.values())) == 2
    save_screenshot(left, "two-stores-harbor-cart")
    save_screenshot(right, "two-stores-meadow-cart")

    # Even handed Harbor's cookie, Meadow does not open Harbor's cart (signed per store).
    stranger = browser.new_context(viewport=DESKTOP)
    stranger.add_cookies(
        [{"name": "an_ct", "value": carts[primary_host_for(harbor.slug)],
          "url": web_server.url(meadow, "/")}]
    )  # fmt: skip
    intruder = open_page(stranger, problems=problems)
    intruder.goto(web_server.url(meadow, "/cart"))
    expect(intruder.locator("[data-cart-empty]")).to_be_visible()
    expect(intruder.locator("[data-cart-count]")).to_have_text("0")
    stranger.close()

    # Emptying one store's cart leaves the other's alone.
    left.get_by_role("button", name=re.compile("^Remove Paper Clips")).click()
    expect(left.locator("[data-cart-empty]")).to_be_visible()
    right.reload()
    assert _cart_titles(right) == ["Rubber Bands"]
    expect(right.locator("[data-cart-count]")).to_have_text("1")
    right.get_by_role("button", name="Empty cart").click()
    expect(right.locator("[data-cart-empty]")).to_be_visible()
    expect(right.get_by_role("status")).to_have_text("Cart emptied.")
    expect(right.locator("[data-cart-count]")).to_have_text("0")
    assert api_totals(right)["cart_total"] == "0.00"
    context.close()
    problems.assert_none()
