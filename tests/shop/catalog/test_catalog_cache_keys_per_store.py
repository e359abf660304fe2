"""No cached catalog entry can be read across stores: two stores with a product of the same
identifier each get their own JSON and pages, warm or cold; every key carries the store's
schema and id."""

import pytest

from shop.catalog import cache
from shop.catalog.models import Product
from tenants.context import tenant_context
from tests.fixtures.catalog_cache import version_of
from tests.fixtures.shop import make_sku

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores", "catalog_cache"),
]

SAME = "SameIdent1"


def _twin(store, title: str, price: str) -> None:
    with tenant_context(store):
        product = Product.objects.create(title=title, title_url=title, identifier=SAME)
        make_sku(product=product, price=price)


def test_two_stores_with_the_same_product_identifier_get_their_own_answers(
    store_a, store_b, client_for
):
    _twin(store_a, "Alpha Twin", "1.00")
    _twin(store_b, "Bravo Twin", "2.00")
    a, b = client_for(store_a), client_for(store_b)

    answers = []
    for _ in range(2):  # cold, then warm from each process memo and Redis entry
        for client in (a, b, a, b):
            detail = client.get(f"/order/product/{SAME}").json()["product_data"]
            listed = client.get("/order/products").json()["products_data"][SAME]
            page = client.get(f"/product/{SAME}").content.decode()
            answers.append((detail["title"], listed["price_low"], "Alpha Twin" in page))
        cache.clear_process_memo()

    assert (
        answers
        == [
            ("Alpha Twin", "1.00", True),
            ("Bravo Twin", "2.00", False),
        ]
        * 4
    )


def test_the_version_and_every_entry_key_carry_the_store_schema(store_a, store_b, client_for):
    client_for(store_a).get(f"/order/product/{SAME}")
    client_for(store_a).get("/order/products")
    client_for(store_b).get("/order/products")

    # The keys as stored in Redis: "<prefix>:<cache version>:<our key>".
    redis = cache.caches[cache.CACHE_ALIAS]
    stored = [key.decode() for key in redis._cache.get_client().keys(redis.make_key("*"))]
    ours = sorted(key.split(":", 2)[2] for key in stored)

    for store in (store_a, store_b):
        named = f"{store.schema_name}:{store.pk}"
        now = f"{named}:{cache.FORMAT}:{version_of(store)}:"
        assert f"{named}:version" in ours
        assert [key.removeprefix(now) for key in ours if key.startswith(now)] == ["products:"]
    # Every key, older versions' entries and carts' versions (scopes) too, starts with its
    # store's schema and id.
    assert all(key.split(":")[2] in ("version", "scope", str(cache.FORMAT)) for key in ours)
