"""`/order/`, `/order/products` and `/order/product/<identifier>` on a seeded store."""

import pytest

from shop.catalog.models import Sku
from tenants.context import tenant_context
from tests.fixtures.shop import make_sku, set_price

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]

VERSION = {"order-api-version": "0.0.1"}


def test_the_order_api_root_is_plain_text(store_a, client_for):
    response = client_for(store_a).get("/order/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == (
        b"Hello, you're at the order API (version 0.0.1) root. Nothing to see here..."
    )


def test_products_lists_each_product_with_its_price_range_and_main_image(store_a, client_for):
    response = client_for(store_a).get("/order/products")
    assert response.status_code == 200
    body = response.json()
    assert body["order-api-version"] == "0.0.1"
    summary = {
        identifier: (p["title"], p["title_url"], p["price_low"], p["price_high"],
                     p["product_image_url"])
        for identifier, p in body["products_data"].items()
    }  # fmt: skip
    assert summary == {
        "bSusp6dBHm": ("Paper Clips", "PaperClips", "3.50", "3.50",
                       "/img/product/paper_clip_main_2.jpg"),
        "ITHJW3mytn": ("Binder Clips", "BinderClips", "3.99", "5.99",
                       "/img/product/binder_clips_main_2.jpg"),
        "v26ujdy3N1": ("Rubber Bands", "RubberBands", "14.99", "14.99",
                       "/img/product/rubber_bands_2.jpg"),
    }  # fmt: skip


def test_products_follows_a_new_price_at_once(store_a, client_for):
    with tenant_context(store_a):
        set_price(Sku.objects.get(description="Small Binder Clip"), "2.49")
    body = client_for(store_a).get("/order/products").json()
    assert (body["products_data"]["ITHJW3mytn"]["price_low"]) == "2.49"


def test_products_costs_the_same_number_of_queries_whatever_the_catalog_size(
    store_a, client_for, django_assert_max_num_queries
):
    with tenant_context(store_a):
        for _ in range(5):
            make_sku(price="1.00")
    client = client_for(store_a)
    with django_assert_max_num_queries(4):
        response = client.get("/order/products")
    assert len(response.json()["products_data"]) == 8


def test_a_product_shows_its_images_videos_and_skus_with_inventory_and_price(store_a, client_for):
    with tenant_context(store_a):
        left, right = Sku.objects.filter(productskus__product__identifier="bSusp6dBHm").order_by(
            "id"
        )
    body = client_for(store_a).get("/order/product/bSusp6dBHm").json()
    assert (body["product"], body["product_identifier"]) == ("success", "bSusp6dBHm")
    data = body["product_data"]
    assert (data["title"], data["title_url"], data["identifier"]) == (
        "Paper Clips",
        "PaperClips",
        "bSusp6dBHm",
    )
    assert [image["image_url"] for image in data["product_images"].values()] == [
        "/img/product/paper_clip_main_2.jpg"
    ]
    assert [video["video_url"] for video in data["product_videos"].values()] == [
        "https://player.vimeo.com/video/334006583"
    ]
    skus = data["skus"]
    assert list(skus) == [str(left.pk), str(right.pk)]
    assert {
        key: skus[str(left.pk)][key]
        for key in ("color", "size", "description", "price", "inventory_status_identifier")
    } == {
        "color": "Silver",
        "size": "Medium",
        "description": "Left Sided Paperclip",
        "price": "3.50",
        "inventory_status_identifier": "in-stock",
    }
    assert skus[str(right.pk)]["inventory_status_title"] == "Back Ordered"
    assert [i["image_url"] for i in skus[str(right.pk)]["sku_images"].values()] == [
        "/img/product/paper_clip_right_2.jpg"
    ]


def test_an_unknown_product_is_an_error_in_the_reference_shape(store_a, client_for):
    response = client_for(store_a).get("/order/product/NoSuchThing")
    assert response.status_code == 200
    assert response.json() == {
        "product": "error",
        "errors": {"error": "product-identifier-not-found"},
        "product_identifier": "NoSuchThing",
        **VERSION,
    }


def test_a_product_path_that_is_not_alphanumeric_is_a_plain_404(store_a, client_for):
    assert client_for(store_a).get("/order/product/bad-id").status_code == 404
