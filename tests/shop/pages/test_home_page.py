"""The storefront's home page lists the store's products with image, headline and prices."""

import re

import pytest

from tests.shop.pages.markup import assert_page_is_clean

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]


def _cards(html: str) -> list[tuple[str, str]]:
    titles = re.findall(r'class="product-card__title">([^<]+)<', html)
    prices = re.findall(r'class="product-card__price">([^<]+)<', html)
    return list(zip(titles, prices, strict=True))


def test_the_home_page_lists_every_product_with_its_price_range(store_a, client_for):
    response = client_for(store_a).get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert _cards(html) == [
        ("Paper Clips", "$3.50"),
        ("Binder Clips", "$3.99 to $5.99"),
        ("Rubber Bands", "$14.99"),
    ]
    assert 'href="/product/ITHJW3mytn"' in html
    assert "Holds a stack of up to one hundred sheets." in html
    assert 'src="/img/product/binder_clips_main_2.jpg"' in html
    assert '<a href="/" aria-current="page">Products</a>' in html


def test_the_home_page_has_one_h1_no_inline_script_and_labelled_fields(store_a, client_for):
    response = client_for(store_a).get("/")

    page = assert_page_is_clean(response.content, h1="Alpha Store")
    assert page.script_srcs == []
    assert page.stylesheets[-1].startswith("/theme.css?v=")  # after the static sheets


def test_the_home_page_sets_the_csrf_cookie_the_pages_scripts_send(store_a, client_for):
    response = client_for(store_a).get("/")

    assert response.cookies["csrftoken"].value
    assert "no-cache" in response["Cache-Control"]


def test_a_store_without_products_says_so(committed_stores, client_for, django_db_blocker):
    from shop.seed import seed_store
    from tenants.context import tenant_context

    store = committed_stores("emptyshelves")
    with django_db_blocker.unblock(), tenant_context(store):
        seed_store(catalog="empty")

    response = client_for(store).get("/")

    assert response.status_code == 200
    assert b"There are no products in this store yet." in response.content
