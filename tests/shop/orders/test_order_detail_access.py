"""`/order/<identifier>`: a member's order only for that member, signed in; a guest's order
only with the prospect code of its email link (or in the browser that paid for it)."""

import pytest

from shop.orders.models import Order
from tenants.context import tenant_context
from tests.fixtures.shop import make_member, order_get

pytestmark = pytest.mark.django_db


def _error(body):
    return body["order_detail"], body["errors"]["error"], body["order_identifier"]


def _pr_cd(store, identifier):
    with tenant_context(store):
        return Order.objects.select_related("prospect").get(identifier=identifier).prospect.pr_cd


def test_a_guest_order_opens_with_its_email_link_prospect_code(
    store_a, place_guest_order, client_for
):
    placed = place_guest_order()
    stranger = client_for(store_a)

    body = order_get(stranger, placed.identifier, pr_cd=_pr_cd(store_a, placed.identifier))

    assert body["order_detail"] == "success"
    data = body["order_data"]
    assert data["order_attributes"]["identifier"] == placed.identifier
    assert data["order_attributes"]["sales_tax_amt"] == "0.00"
    assert data["order_items"]["product_sku_data"]["0"] == {
        "sku_id": data["order_items"]["product_sku_data"]["0"]["sku_id"],
        "sku_type__title": "product",
        "sku_inventory__title": "In Stock",
        "color": "Silver",
        "size": "Medium",
        "description": "Left Sided Paperclip",
        "price": "3.50",
        "quantity": 2,
        "parent_product__title": "Paper Clips",
        "parent_product__title_url": "PaperClips",
        "parent_product__identifier": "bSusp6dBHm",
        "sku_image_url": "/img/product/paper_clip_left_2.jpg",
    }
    assert data["order_shipping_method"]["identifier"] == "USPSRetailGround"
    assert data["order_totals"] == {
        "item_subtotal": "21.99",
        "item_discount": "0.00",
        "shipping_subtotal": "9.56",
        "shipping_discount": "0.00",
        "sales_tax_amt": "0.00",
        "order_total": "31.55",
        "amount_charged": "31.55",
    }
    assert [s["identifier"] for s in data["order_statuses"].values()] == ["accepted"]
    assert data["order_shipping_address"] == {
        "name": "Jane Shopper",
        "address_line1": "1 Main Street",
        "city": "Springfield",
        "state": "IL",
        "zip": "62701",
        "country": "US",
        "country_code": "US",
    }
    # Stripe gives no card data: no card line made of empty values (defect 9)
    assert data["order_payment_info"] == {
        "email": "guest@example.com",
        "payment_type": "card",
        "card_name": "Jane Shopper",
    }


@pytest.mark.parametrize("pr_cd", [None, "", "wrong", "x" * 5000, "é"])
def test_a_guest_order_without_its_prospect_code_is_not_found(
    store_a, place_guest_order, client_for, pr_cd
):
    placed = place_guest_order()
    params = {} if pr_cd is None else {"pr_cd": pr_cd}
    body = order_get(client_for(store_a), placed.identifier, **params)
    assert _error(body) == ("error", "order-not-found", placed.identifier)


def test_the_browser_that_paid_sees_the_guest_order_after_the_success_page(
    store_a, place_guest_order, client_for
):
    placed = place_guest_order()
    assert _error(order_get(placed.client, placed.identifier))[1] == "order-not-found"

    order_get(placed.client, "checkout-session-success", session_id=placed.session_id)

    assert order_get(placed.client, placed.identifier)["order_detail"] == "success"
    assert _error(order_get(client_for(store_a), placed.identifier))[1] == "order-not-found"


def test_a_member_order_is_only_for_that_member(
    store_a, place_guest_order, member_client, client_for
):
    with tenant_context(store_a):
        owner = make_member("owner1", email="owner@example.com")
        other = make_member("other1", email="other@example.com")
    placed = place_guest_order(client=member_client(store_a, owner))

    mine = order_get(member_client(store_a, owner), placed.identifier)
    theirs = order_get(member_client(store_a, other), placed.identifier)
    anonymous = order_get(client_for(store_a), placed.identifier)

    assert mine["order_detail"] == "success"
    assert mine["order_data"]["order_payment_info"]["email"] == "owner@example.com"
    assert _error(theirs) == ("error", "order-not-in-account", placed.identifier)
    assert _error(anonymous) == ("error", "log-in-required-to-view-order", placed.identifier)


def test_an_unknown_identifier_is_order_not_found(store_a, client_for):
    body = order_get(client_for(store_a), "NoSuchOrder1")
    assert _error(body) == ("error", "order-not-found", "NoSuchOrder1")
