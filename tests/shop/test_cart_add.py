"""`cart-add-product-sku`: a cart is created on the first add; quantities stay within 1..99;
only SKUs in stock with a price can be added."""

import pytest

from shop.cart.models import Cart, Cartsku
from tenants.context import tenant_context
from tests.fixtures.shop import add_to_cart, make_sku, order_get, order_post, seeded_sku

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]

VERSION = {"order-api-version": "0.0.1"}


@pytest.fixture
def left_clip(store_a):
    with tenant_context(store_a):
        return seeded_sku("Left Sided Paperclip")


def _quantities(store):
    with tenant_context(store):
        return list(Cartsku.objects.values_list("sku__description", "quantity"))


def test_the_first_add_creates_a_cart_and_sets_the_cart_cookie(store_a, client_for, left_clip):
    client = client_for(store_a)
    response = client.post(
        "/order/cart-add-product-sku", {"sku_id": str(left_clip.pk), "quantity": "2"}
    )
    assert response.json() == {
        "cart_add_product_sku": "success",
        "sku_id": str(left_clip.pk),
        "cart_item_count": 1,
        **VERSION,
    }
    assert "an_ct" in response.cookies
    assert _quantities(store_a) == [("Left Sided Paperclip", 2)]


def test_adding_a_sku_already_in_the_cart_adds_to_its_quantity(store_a, client_for, left_clip):
    client = client_for(store_a)
    add_to_cart(client, left_clip, 2)
    body = add_to_cart(client, left_clip, 3)
    assert body["cart_item_count"] == 1
    assert _quantities(store_a) == [("Left Sided Paperclip", 5)]


def test_the_badge_counts_lines_not_units(store_a, client_for, left_clip):
    client = client_for(store_a)
    add_to_cart(client, left_clip, 4)
    with tenant_context(store_a):
        small = seeded_sku("Small Binder Clip")
    assert add_to_cart(client, small, 1)["cart_item_count"] == 2


def test_adding_past_ninety_nine_in_all_is_refused_and_the_line_is_unchanged(
    store_a, client_for, left_clip
):
    client = client_for(store_a)
    add_to_cart(client, left_clip, 98)
    body = order_post(client, "cart-add-product-sku", sku_id=str(left_clip.pk), quantity="2")
    assert body["cart_add_product_sku"] == "error"
    assert body["errors"]["quantity"][0][0]["type"] == "out_of_range"
    assert _quantities(store_a) == [("Left Sided Paperclip", 98)]


@pytest.mark.parametrize(
    ("quantity", "kind"),
    [
        ("0", "out_of_range"),
        ("-1", "out_of_range"),
        ("100", "out_of_range"),
        ("99999999999999999999999", "out_of_range"),
        ("abc", "not_an_int"),
        ("1.5", "not_an_int"),
        ("", "required"),
    ],
)
def test_a_bad_quantity_is_a_field_error_and_creates_no_cart(
    store_a, client_for, left_clip, quantity, kind
):
    body = order_post(
        client_for(store_a), "cart-add-product-sku", sku_id=str(left_clip.pk), quantity=quantity
    )
    assert body == {
        "cart_add_product_sku": "error",
        "errors": {"quantity": [[{"type": kind, "description": body["errors"]["quantity"][0][0]
                                  ["description"]}]]},
        "sku_id": str(left_clip.pk),
        **VERSION,
    }  # fmt: skip
    with tenant_context(store_a):
        assert not Cart.objects.exists()


def test_a_missing_quantity_is_required_not_a_server_error(store_a, client_for, left_clip):
    body = order_post(client_for(store_a), "cart-add-product-sku", sku_id=str(left_clip.pk))
    assert body["errors"]["quantity"][0][0]["type"] == "required"


def test_a_missing_sku_id_is_required(store_a, client_for):
    body = order_post(client_for(store_a), "cart-add-product-sku", quantity="1")
    assert body == {
        "cart_add_product_sku": "error",
        "errors": {"error": "sku-id-required"},
        "sku_id": None,
        **VERSION,
    }


@pytest.mark.parametrize("sku_id", ["999999", "abc", "-3", "0", "1" * 40])
def test_an_unknown_sku_is_not_found(store_a, client_for, sku_id):
    body = order_post(client_for(store_a), "cart-add-product-sku", sku_id=sku_id, quantity="1")
    assert (body["cart_add_product_sku"], body["errors"]) == ("error", {"error": "sku-not-found"})


@pytest.mark.parametrize("description", ["Right sided paperclip", "Medium Binder Clip"])
def test_back_ordered_and_out_of_stock_skus_cannot_be_added(store_a, client_for, description):
    with tenant_context(store_a):
        sku = seeded_sku(description)
    body = order_post(client_for(store_a), "cart-add-product-sku", sku_id=str(sku.pk), quantity="1")
    assert body["errors"] == {"error": "sku-not-available"}
    assert _quantities(store_a) == []


def test_a_sku_without_a_price_cannot_be_added(store_a, client_for):
    with tenant_context(store_a):
        unpriced = make_sku(price=None)
    body = order_post(
        client_for(store_a), "cart-add-product-sku", sku_id=str(unpriced.pk), quantity="1"
    )
    assert body["errors"] == {"error": "sku-not-available"}


def test_cart_items_shows_the_line_with_its_product_and_image(store_a, client_for, left_clip):
    client = client_for(store_a)
    add_to_cart(client, left_clip, 3)
    body = order_get(client, "cart-items")
    assert body == {
        "cart_found": True,
        "item_data": {
            "product_sku_data": {
                "0": {
                    "sku_id": left_clip.pk,
                    "sku_type__title": "product",
                    "sku_inventory__title": "In Stock",
                    "sku_inventory__identifier": "in-stock",
                    "color": "Silver",
                    "size": "Medium",
                    "description": "Left Sided Paperclip",
                    "price": "3.50",
                    "quantity": 3,
                    "parent_product__title": "Paper Clips",
                    "parent_product__title_url": "PaperClips",
                    "parent_product__identifier": "bSusp6dBHm",
                    "sku_image_url": "/img/product/paper_clip_left_2.jpg",
                }
            }
        },
        **VERSION,
    }


def test_a_sku_without_an_image_shows_its_products_main_image(store_a, client_for):
    client = client_for(store_a)
    with tenant_context(store_a):
        bands = seeded_sku("Multiple sizes and colors")
    add_to_cart(client, bands)
    line = order_get(client, "cart-items")["item_data"]["product_sku_data"]["0"]
    assert (line["sku_image_url"], line["price"]) == ("/img/product/rubber_bands_2.jpg", "14.99")


def test_without_a_cart_cart_items_is_empty(store_a, client_for):
    assert order_get(client_for(store_a), "cart-items") == {
        "cart_found": False,
        "item_data": {},
        **VERSION,
    }
