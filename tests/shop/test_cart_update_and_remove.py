"""`cart-update-sku-quantity` (1..99 on every write) and `cart-remove-sku`."""

import pytest

from shop.cart.models import Cartshippingmethod, Cartsku
from tenants.context import tenant_context
from tests.fixtures.shop import add_to_cart, order_get, order_post, seeded_sku

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]

VERSION = {"order-api-version": "0.0.1"}


@pytest.fixture
def skus(store_a):
    with tenant_context(store_a):
        return seeded_sku("Left Sided Paperclip"), seeded_sku("Small Binder Clip")


@pytest.fixture
def shopper(store_a, client_for, skus):
    client = client_for(store_a)
    add_to_cart(client, skus[0], 2)
    add_to_cart(client, skus[1], 1)
    return client


def test_updating_a_quantity_sets_it_and_returns_the_line_and_cart_totals(shopper, skus):
    body = order_post(shopper, "cart-update-sku-quantity", sku_id=str(skus[0].pk), quantity="4")
    assert body == {
        "cart_update_sku_quantity": "success",
        "cart_found": True,
        "sku_id": str(skus[0].pk),
        "sku_subtotal": "14.00",
        "discount_code_data": {},
        "cart_totals_data": {
            "item_subtotal": "17.99",
            "item_discount": "0.00",
            "shipping_subtotal": "0.00",
            "shipping_discount": "0.00",
            "sales_tax_amt": "0.00",
            "cart_total": "17.99",
        },
        **VERSION,
    }


@pytest.mark.parametrize(
    ("quantity", "kind"),
    [("0", "out_of_range"), ("-5", "out_of_range"), ("100", "out_of_range"), ("x", "not_an_int")],
)
def test_updating_to_a_quantity_outside_1_to_99_is_refused(store_a, shopper, skus, quantity, kind):
    body = order_post(
        shopper, "cart-update-sku-quantity", sku_id=str(skus[0].pk), quantity=quantity
    )
    assert body["cart_update_sku_quantity"] == "error"
    assert body["errors"]["quantity"][0][0]["type"] == kind
    with tenant_context(store_a):
        assert Cartsku.objects.get(sku=skus[0]).quantity == 2


def test_updating_a_sku_that_is_not_in_the_cart_is_not_found(store_a, shopper):
    with tenant_context(store_a):
        bands = seeded_sku("Multiple sizes and colors")
    body = order_post(shopper, "cart-update-sku-quantity", sku_id=str(bands.pk), quantity="1")
    assert body == {
        "cart_update_sku_quantity": "error",
        "errors": {"error": "cart-sku-not-found"},
        "sku_id": str(bands.pk),
        **VERSION,
    }


def test_updating_without_a_sku_id_is_required(shopper):
    body = order_post(shopper, "cart-update-sku-quantity", quantity="1")
    assert body["errors"] == {"error": "sku-id-required"}


def test_updating_without_a_cart_is_cart_not_found(store_a, client_for, skus):
    body = order_post(
        client_for(store_a), "cart-update-sku-quantity", sku_id=str(skus[0].pk), quantity="1"
    )
    assert body["errors"] == {"error": "cart-not-found"}


def test_removing_a_line_returns_the_cart_and_clears_the_shipping_selection(store_a, shopper, skus):
    order_post(shopper, "cart-update-shipping-method", shipping_method_identifier="FedExGround")
    body = order_post(shopper, "cart-remove-sku", sku_id=str(skus[0].pk))
    assert {key: body[key] for key in ("cart_remove_sku", "cart_found", "sku_id")} == {
        "cart_remove_sku": "success",
        "cart_found": True,
        "sku_id": str(skus[0].pk),
    }
    assert (body["cart_item_count"], body["shipping_method_selected"]) == (1, None)
    assert [m["identifier"] for m in body["cart_shipping_methods"].values()] == [
        "USPSPriorityMail2Day",
        "UPSGround",
        "FedExGround",
        "USPSRetailGround",
    ]
    assert body["cart_totals_data"]["cart_total"] == "3.99"
    with tenant_context(store_a):
        assert not Cartshippingmethod.objects.exists()


def test_removing_a_sku_that_is_not_in_the_cart_is_not_found(shopper):
    body = order_post(shopper, "cart-remove-sku", sku_id="987654")
    assert body["errors"] == {"error": "cart-sku-not-found"}


def test_removing_without_a_sku_id_or_a_cart_says_which(store_a, client_for, shopper):
    assert order_post(shopper, "cart-remove-sku")["errors"] == {"error": "sku-id-required"}
    assert order_post(client_for(store_a), "cart-remove-sku", sku_id="1")["errors"] == {
        "error": "cart-not-found"
    }


def test_deleting_the_cart_removes_it(shopper):
    assert order_post(shopper, "cart-delete-cart") == {"cart_delete_cart": "success", **VERSION}
    assert order_get(shopper, "cart-items")["cart_found"] is False


def test_deleting_without_a_cart_is_cart_not_found(store_a, client_for):
    assert order_post(client_for(store_a), "cart-delete-cart") == {
        "cart_delete_cart": "error",
        "errors": {"error": "cart-not-found"},
        **VERSION,
    }


def test_after_deleting_the_cart_the_next_add_keeps_the_same_cookie_value(shopper, skus):
    cookie = shopper.cookies["an_ct"].value
    order_post(shopper, "cart-delete-cart")
    response = shopper.post("/order/cart-add-product-sku", {"sku_id": skus[0].pk, "quantity": 1})
    assert response.json()["cart_add_product_sku"] == "success"
    assert "an_ct" not in response.cookies
    assert shopper.cookies["an_ct"].value == cookie
