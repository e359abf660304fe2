"""`/account/orders` (a member's orders, newest first) and `/account/order?identifier=`
(the API's rule: a member's order only for that member, signed in, else to the login page
and back; a guest's order with its email link's pr_cd or in the browser that paid;
anything else a 404 page)."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from shop.orders.models import Order
from tenants.context import tenant_context
from tests.fixtures.shop import make_member
from tests.shop.checkout import journey
from tests.shop.pages.markup import assert_page_is_clean

pytestmark = pytest.mark.django_db

# The checkout tests' fixtures: a Stripe account for store A, and a placed order.
alpha_payments = journey.alpha_payments
place_guest_order = journey.place_guest_order


def _pr_cd(store, identifier: str) -> str:
    with tenant_context(store):
        return Order.objects.select_related("prospect").get(identifier=identifier).prospect.pr_cd


def _login_next(response) -> str:
    url = urlsplit(response["Location"])
    assert url.path == "/login"
    return parse_qs(url.query)["next"][0]


@pytest.fixture
def member(store_a):
    with tenant_context(store_a):
        return make_member("history1", email="history1@example.com")


def test_a_members_orders_are_listed_newest_first_with_links(
    store_a, member, member_client, place_guest_order
):
    client = member_client(store_a, member)
    older = place_guest_order(client=client)
    newer = place_guest_order(client=client)
    with tenant_context(store_a):
        Order.objects.filter(identifier=older.identifier).update(
            order_date_time=Order.objects.get(identifier=newer.identifier).order_date_time
            - timedelta(days=1)
        )

    response = client.get("/account/orders")

    html = response.content.decode()
    assert response.status_code == 200
    assert re.findall(r'data-order="([A-Za-z0-9]+)"', html) == [
        newer.identifier,
        older.identifier,
    ]
    assert f'href="/account/order?identifier={newer.identifier}"' in html
    assert html.count("$31.55") == 2
    assert_page_is_clean(response.content, h1="Your orders")


def test_a_member_without_orders_is_told_so(store_a, member, member_client, seeded_stores):
    response = member_client(store_a, member).get("/account/orders")

    assert response.status_code == 200
    assert "You have not placed any orders yet." in response.content.decode()


def test_order_history_sends_a_visitor_to_log_in_and_back(store_a, client_for, seeded_stores):
    response = client_for(store_a).get("/account/orders")

    assert response.status_code == 302
    assert _login_next(response) == "/account/orders"


def test_a_member_sees_their_order(store_a, member, member_client, place_guest_order):
    client = member_client(store_a, member)
    placed = place_guest_order(client=client)

    response = client.get("/account/order", {"identifier": placed.identifier})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<dd data-confirmation-email>history1@example.com</dd>" in html
    assert "<dd data-order-status>" in html
    assert 'data-order-total="order_total">$31.55<' in html
    assert_page_is_clean(response.content, h1=f"Order {placed.identifier}")


def test_a_members_order_sends_a_visitor_to_log_in_and_back(
    store_a, member, member_client, client_for, place_guest_order
):
    placed = place_guest_order(client=member_client(store_a, member))
    path = f"/account/order?identifier={placed.identifier}&em_cd=abc&mb_cd=def"

    response = client_for(store_a).get(path)

    assert response.status_code == 302
    assert _login_next(response) == path


def test_another_members_order_is_refused(store_a, member, member_client, place_guest_order):
    placed = place_guest_order(client=member_client(store_a, member))
    with tenant_context(store_a):
        other = make_member("history2", email="history2@example.com")

    response = member_client(store_a, other).get(
        "/account/order", {"identifier": placed.identifier}
    )

    assert response.status_code == 403
    assert "history1@example.com" not in response.content.decode()
    assert_page_is_clean(response.content, h1="This order is not in your account")


def test_a_guest_order_opens_with_the_email_links_prospect_code(
    store_a, place_guest_order, client_for
):
    placed = place_guest_order()
    stranger = client_for(store_a)

    with_code = stranger.get(
        "/account/order",
        {
            "identifier": placed.identifier,
            "em_cd": "x",
            "pr_cd": _pr_cd(store_a, placed.identifier),
        },
    )
    without = stranger.get("/account/order", {"identifier": placed.identifier})
    wrong = stranger.get("/account/order", {"identifier": placed.identifier, "pr_cd": "nope"})

    assert with_code.status_code == 200
    assert "<dd data-confirmation-email>guest@example.com</dd>" in with_code.content.decode()
    assert (without.status_code, wrong.status_code) == (404, 404)
    assert "guest@example.com" not in wrong.content.decode()


@pytest.mark.parametrize("identifier", ["", "NoSuchOrder1", "x" * 300, "../1", "é", "a b"])
def test_an_unknown_or_malformed_identifier_is_a_404_page(
    store_a, client_for, seeded_stores, identifier
):
    response = client_for(store_a).get("/account/order", {"identifier": identifier})

    assert response.status_code == 404
    assert_page_is_clean(response.content, h1="We could not find that order")


def test_no_identifier_at_all_is_a_404_page(store_a, client_for, seeded_stores):
    assert client_for(store_a).get("/account/order").status_code == 404
