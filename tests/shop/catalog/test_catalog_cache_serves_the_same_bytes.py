"""A cached catalog answer is the uncached one byte for byte: built, from this process's memo,
from Redis, and as the API rendered it before the cache (a JsonResponse of the payload)."""

import pytest

from shop import api
from shop.catalog import payloads, selectors
from shop.catalog.cache import clear_process_memo
from tenants.context import tenant_context

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores", "catalog_cache"),
]


def _four_ways(client, path: str, settings) -> list:
    settings.CATALOG_CACHE_ENABLED = False
    uncached = client.get(path)
    settings.CATALOG_CACHE_ENABLED = True
    built = client.get(path)
    from_memo = client.get(path)
    clear_process_memo()
    from_redis = client.get(path)
    return [uncached, built, from_memo, from_redis]


@pytest.mark.parametrize("path", ["/order/products", "/order/product/ITHJW3mytn"])
def test_a_cached_answer_is_the_uncached_json_byte_for_byte(store_a, client_for, settings, path):
    responses = _four_ways(client_for(store_a), path, settings)

    bodies = {response.content for response in responses}
    assert len(bodies) == 1
    assert {response.status_code for response in responses} == {200}
    assert {response["Content-Type"] for response in responses} == {"application/json"}
    assert len({response["Cache-Control"] for response in responses}) == 1


def test_the_bodies_are_what_the_api_rendered_from_the_payloads_before(store_a, client_for):
    client = client_for(store_a)
    client.get("/order/products")
    client.get("/order/product/bSusp6dBHm")

    with tenant_context(store_a):
        products = api.render({"products_data": payloads.products_data(
            selectors.list_product_summaries())}).content  # fmt: skip
        product = api.render({
            "product": "success",
            "product_identifier": "bSusp6dBHm",
            "product_data": payloads.product_data(
                selectors.get_product_detail(identifier="bSusp6dBHm")),
        }).content  # fmt: skip

    assert client.get("/order/products").content == products
    assert client.get("/order/product/bSusp6dBHm").content == product


def test_an_unknown_product_is_the_same_error_and_is_not_cached(store_a, client_for, settings):
    responses = _four_ways(client_for(store_a), "/order/product/NoSuchThing1", settings)

    assert {response.content for response in responses} == {
        b'{"product": "error", "errors": {"error": "product-identifier-not-found"}, '
        b'"product_identifier": "NoSuchThing1", "order-api-version": "0.0.1"}'
    }


@pytest.mark.parametrize("path", ["/", "/product/ITHJW3mytn", "/product/bSusp6dBHm"])
def test_a_store_page_from_cached_catalog_data_is_the_uncached_page(
    store_a, client_for, settings, path
):
    responses = _four_ways(client_for(store_a), path, settings)

    # The CSRF token is in a cookie (ensure_csrf_cookie), never in these pages' HTML.
    assert len({response.content for response in responses}) == 1
    assert {response.status_code for response in responses} == {200}
