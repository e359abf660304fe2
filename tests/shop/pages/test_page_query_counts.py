"""Each storefront page reads the database a fixed number of times, however many products,
SKUs or cart lines the store has."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from tenants.context import tenant_context
from tests.fixtures.shop import add_to_cart, make_product, make_sku, seeded_sku

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]


def _queries(client, path: str) -> int:
    client.get(path)  # the first cart page visit also assigns the default shipping method
    with CaptureQueriesContext(connections["default"]) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def test_home_product_and_cart_pages_do_not_read_more_for_a_bigger_store(store_a, client_for):
    client = client_for(store_a)
    with tenant_context(store_a):
        add_to_cart(client, seeded_sku("Left Sided Paperclip"))
    before = [_queries(client, p) for p in ("/", "/product/ITHJW3mytn", "/cart")]

    with tenant_context(store_a):
        for n in range(5):
            product = make_product(title=f"Extra {n}", image_url=f"/img/product/extra_{n}.jpg")
            for _ in range(3):
                make_sku(product=product)
        bigger = make_product(title="Many Options")
        skus = [make_sku(product=bigger) for _ in range(6)]
        for sku in skus[:4]:
            add_to_cart(client, sku)
    after = [_queries(client, p) for p in ("/", f"/product/{bigger.identifier}", "/cart")]

    assert after == before
