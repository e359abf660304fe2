"""A shopper of store A cannot read store B's orders: not by identifier, not with B's cookies
or session, not through A's success page."""

import pytest

from shop.orders.models import Order
from tenants.context import tenant_context
from tests.fixtures.shop import make_member, order_get
from tests.shop.checkout.journey import place_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def bravo_order(
    store_b, seeded_stores, store_stripe, client_for, stripe_server,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """A guest order of store B, whose browser has seen the success page."""
    placed = place_order(
        store_b,
        store_stripe(store_b),
        client_for(store_b),
        client_for=client_for,
        stripe_server=stripe_server,
        capture=django_capture_on_commit_callbacks,
        anonymous_email_address="bravo-guest@example.com",
    )
    order_get(placed.client, "checkout-session-success", session_id=placed.session_id)
    with tenant_context(store_b):
        pr_cd = Order.objects.select_related("prospect").get().prospect.pr_cd
    return placed, pr_cd


def test_store_b_order_is_readable_on_store_b_with_its_link(bravo_order, client_for, store_b):
    placed, pr_cd = bravo_order
    assert order_get(placed.client, placed.identifier)["order_detail"] == "success"
    body = order_get(client_for(store_b), placed.identifier, pr_cd=pr_cd)
    assert body["order_detail"] == "success"


def test_store_b_order_identifier_and_code_mean_nothing_on_store_a(
    bravo_order, client_for, store_a
):
    placed, pr_cd = bravo_order
    body = order_get(client_for(store_a), placed.identifier, pr_cd=pr_cd)
    assert body["errors"] == {"error": "order-not-found"}


def test_the_paying_browser_cookies_of_store_b_open_nothing_on_store_a(
    bravo_order, client_for, store_a
):
    placed, _ = bravo_order
    on_a = client_for(store_a)
    on_a.cookies = placed.client.cookies  # B's session and cart cookies, replayed on A
    assert on_a.cookies  # the paying browser does hold a session

    body = order_get(on_a, placed.identifier)
    success = order_get(on_a, "checkout-session-success", session_id=placed.session_id)

    assert body["errors"] == {"error": "order-not-found"}
    assert success["errors"]["error"] in {"invalid-session", "stripe-error"}


def test_a_member_of_store_b_with_their_session_sees_nothing_of_theirs_on_store_a(
    store_a, store_b, seeded_stores, store_stripe, member_client, client_for, stripe_server,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    # given a member of store B with an order there
    with tenant_context(store_b):
        member = make_member("bravo1", email="bravo1@example.com")
    on_b = member_client(store_b, member)
    placed = place_order(
        store_b,
        store_stripe(store_b),
        on_b,
        client_for=client_for,
        stripe_server=stripe_server,
        capture=django_capture_on_commit_callbacks,
    )
    assert order_get(on_b, placed.identifier)["order_detail"] == "success"

    # when their session cookie is presented to store A
    on_a = client_for(store_a)
    on_a.cookies = on_b.cookies
    body = order_get(on_a, placed.identifier)

    # then store A knows neither the member nor the order
    assert body["errors"] == {"error": "order-not-found"}
    assert on_a.get("/order/cart-items").json()["cart_found"] is False
    with tenant_context(store_a):
        assert not Order.objects.exists()
