"""The product page: a SKU picker with each SKU's price and availability, add-to-cart
disabled when the chosen SKU cannot be bought, and a 404 page for an unknown product."""

import re

import pytest

from shop.catalog.models import Skuinventory
from tenants.context import tenant_context
from tests.fixtures.shop import seeded_sku
from tests.shop.pages.markup import assert_page_is_clean

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]

BINDER_CLIPS = "/product/ITHJW3mytn"


def _options(html: str) -> list[tuple[str, str]]:
    """(label text, data-purchasable) per SKU radio button, in page order."""
    purchasable = re.findall(r'data-purchasable="(true|false)"', html)
    metas = [
        " ".join(m.split()) for m in re.findall(r'class="sku-option__meta">(.*?)</span>', html)
    ]
    return list(zip(metas, purchasable, strict=True))


def test_the_sku_picker_shows_each_skus_price_and_availability(store_a, client_for):
    response = client_for(store_a).get(BINDER_CLIPS)

    html = response.content.decode()
    assert response.status_code == 200
    assert _options(html) == [
        ("Black, Large · $5.99 · Back Ordered", "false"),
        ("Black, Medium · $4.99 · Out of Stock", "false"),
        ("Black, Small · $3.99 · In Stock", "true"),
    ]


def test_the_first_sku_one_can_buy_is_chosen_and_add_to_cart_is_enabled(store_a, client_for):
    with tenant_context(store_a):
        small = seeded_sku("Small Binder Clip")

    html = client_for(store_a).get(BINDER_CLIPS).content.decode()

    assert re.search(rf'id="sku-{small.pk}" value="{small.pk}" checked', html)
    assert re.search(r"data-sku-price>\$3.99<", html)
    assert "<strong data-availability-title>In Stock</strong>" in html
    assert re.search(r"data-add-button[^>]*>Add to cart", html)
    assert not re.search(r"data-add-button[^>]*disabled", html)


def test_add_to_cart_is_disabled_when_no_sku_can_be_bought(store_a, client_for):
    with tenant_context(store_a):
        small = seeded_sku("Small Binder Clip")
        small.sku_inventory = Skuinventory.objects.get(identifier="out-of-stock")
        small.save()

    html = client_for(store_a).get(BINDER_CLIPS).content.decode()

    assert re.search(r"data-add-button[^>]*disabled", html)
    assert "<strong data-availability-title>Back Ordered</strong>" in html


def test_the_product_page_is_clean_markup_with_its_title_as_h1(store_a, client_for):
    response = client_for(store_a).get(BINDER_CLIPS)

    page = assert_page_is_clean(response.content, h1="Binder Clips")
    assert page.script_srcs == ["/static/storefront/js/product.js"]


def test_an_unknown_product_gets_the_stores_404_page(store_a, client_for):
    response = client_for(store_a).get("/product/nosuchthing")

    assert response.status_code == 404
    assert_page_is_clean(response.content, h1="We could not find that page")
