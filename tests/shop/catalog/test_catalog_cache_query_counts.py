"""A warm catalog read costs no catalog query: the JSON and the store pages' catalog data come
from this process's memo (or Redis), not from the ORM."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from shop.catalog.cache import clear_process_memo

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores", "catalog_cache"),
]

CATALOG_TABLES = ('"catalog_', '"pages_storetheme"')


def _catalog_queries(client, path: str) -> list[str]:
    with CaptureQueriesContext(connections["default"]) as captured:
        assert client.get(path).status_code == 200
    return [
        q["sql"] for q in captured.captured_queries if any(t in q["sql"] for t in CATALOG_TABLES)
    ]


@pytest.mark.parametrize(
    "path", ["/order/product/ITHJW3mytn", "/order/products", "/", "/product/ITHJW3mytn"]
)
def test_a_warm_catalog_read_does_no_catalog_query(store_a, client_for, path):
    client = client_for(store_a)
    cold = _catalog_queries(client, path)

    warm = _catalog_queries(client, path)
    clear_process_memo()
    from_redis = _catalog_queries(client, path)

    assert cold  # the first read was built from the database
    assert (warm, from_redis) == ([], [])


def test_a_warm_product_detail_does_no_query_at_all(store_a, client_for):
    client = client_for(store_a)
    client.get("/order/product/ITHJW3mytn")

    with CaptureQueriesContext(connections["default"]) as captured:
        client.get("/order/product/ITHJW3mytn")

    assert captured.captured_queries == []
