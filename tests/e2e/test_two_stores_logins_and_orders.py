"""Two stores open side by side in one browser (one cookie jar) keep their own logins and
orders: the same username is two people with two passwords, signing in or out of one store
leaves the other as it was, and an order of one store is not found on the other's host."""

import re

import pytest
from django.db import connections
from playwright.sync_api import expect

from shop.accounts.models import Member
from shop.accounts.terms import agree_to_latest_terms
from tenants.context import tenant_context
from tenants.services import primary_host_for
from tests.fixtures.accounts import make_account
from tests.fixtures.browser import DESKTOP, open_page, save_screenshot

pytestmark = pytest.mark.django_db

USERNAME = "sam_shopper"
PASSWORDS = {"harbor": "Harbor-Lights-42", "meadow": "Meadow-Flowers-77"}


@pytest.fixture(scope="module")
def stores(make_store, take_payments, django_db_blocker):
    harbor = make_store("Harbor Paper", primary_color="#0b3d91")
    meadow = make_store("Meadow Goods", primary_color="#1b5e20")
    for store, key, first in ((harbor, "harbor", "Hal"), (meadow, "meadow", "Mel")):
        take_payments(store)
        with django_db_blocker.unblock(), tenant_context(store):
            member = make_account(
                USERNAME, email=f"sam@{key}.example", password=PASSWORDS[key], first_name=first
            )
            agree_to_latest_terms(member=Member.objects.get(pk=member.pk))
    connections.close_all()
    return harbor, meadow


def _sign_in(page, url: str, password: str) -> None:
    page.goto(url)
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def _buy(page, web_server, store, product: str, stripe_server) -> str:
    """Add the product, check out, agree, pay on the Stripe stand-in; the order number."""
    page.goto(web_server.url(store, f"/product/{product}"))
    page.get_by_role("button", name="Add to cart").click()
    expect(page.locator("[data-cart-count]")).to_have_text("1")
    page.goto(web_server.url(store, "/checkout/confirm"))
    page.get_by_label("I agree to the terms of sale").check()
    page.get_by_role("button", name="Pay with Stripe").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(stripe_server.base_url)}/"))
    page.locator("#pay").click()
    expect(page.locator("h1")).to_have_text("Thank you for your order")
    return page.locator("[data-order-identifier]").inner_text()


def test_two_stores_in_one_browser_keep_their_own_logins_and_orders(
    stores, web_server, stripe_server, browser, problems
):
    harbor, meadow = stores
    context = browser.new_context(viewport=DESKTOP)
    left = open_page(context, problems=problems)
    right = open_page(context, problems=problems)

    # Signed in to Harbor; Meadow, in the same browser, does not know them.
    _sign_in(left, web_server.url(harbor, "/login"), PASSWORDS["harbor"])
    expect(left.get_by_role("link", name="Account of Hal")).to_be_visible()
    right.goto(web_server.url(meadow, "/"))
    expect(right.get_by_role("link", name="Sign in")).to_be_visible()

    # The same username with Harbor's password is refused by Meadow; Meadow's own works.
    _sign_in(right, web_server.url(meadow, "/login"), PASSWORDS["harbor"])
    expect(right.locator("[data-form-status]").first).to_contain_text("do not match")
    right.get_by_label("Password").fill(PASSWORDS["meadow"])
    right.get_by_role("button", name="Sign in").click()
    expect(right.get_by_role("link", name="Account of Mel")).to_be_visible()
    sessions = {c["domain"]: c["value"] for c in context.cookies() if c["name"] == "sessionid"}
    assert set(sessions) == {primary_host_for(harbor.slug), primary_host_for(meadow.slug)}
    assert len(set(sessions.values())) == 2

    # Each buys in its own store; each store's order list shows its own order only.
    harbor_order = _buy(left, web_server, harbor, "bSusp6dBHm", stripe_server)
    meadow_order = _buy(right, web_server, meadow, "v26ujdy3N1", stripe_server)
    assert harbor_order != meadow_order
    for page, store, own in ((left, harbor, harbor_order), (right, meadow, meadow_order)):
        page.goto(web_server.url(store, "/account/orders"))
        expect(page.locator("[data-order]")).to_have_count(1)
        expect(page.locator(f'[data-order="{own}"]')).to_be_visible()
    save_screenshot(left, "two-stores-harbor-orders")
    save_screenshot(right, "two-stores-meadow-orders")

    # Harbor's order number means nothing on Meadow's host, even to a signed-in member.
    response = right.goto(web_server.url(meadow, f"/account/order?identifier={harbor_order}"))
    assert response.status == 404
    # (the expected 404, as the page's response and as the console's note of it)
    problems.messages[:] = [m for m in problems.messages if "404" not in m]
    expect(right.locator("h1")).not_to_contain_text(harbor_order)
    api = right.evaluate(
        "async (id) => (await fetch('/order/' + id, {credentials: 'same-origin'})).json()",
        harbor_order,
    )
    assert harbor_order not in str(api.get("order_data", ""))

    # Signing out of Harbor leaves Meadow signed in.
    left.get_by_role("button", name="Sign out").click()
    expect(left.get_by_role("link", name="Sign in")).to_be_visible()
    right.goto(web_server.url(meadow, "/account/orders"))
    expect(right.get_by_role("link", name="Account of Mel")).to_be_visible()
    expect(right.locator(f'[data-order="{meadow_order}"]')).to_be_visible()
    context.close()
    problems.assert_none()
