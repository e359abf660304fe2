"""Cart reads cost a fixed number of queries, however many lines the cart holds."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from tenants.context import tenant_context
from tests.fixtures.shop import add_to_cart, make_sku, order_get

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]


def queries_for(client, endpoint):
    with CaptureQueriesContext(connections["default"]) as captured:
        order_get(client, endpoint)
    return len(captured)


@pytest.mark.parametrize("endpoint", ["cart-items", "cart-totals", "cart-discount-codes"])
def test_a_cart_read_costs_the_same_for_one_line_and_for_six(store_a, client_for, endpoint):
    client = client_for(store_a)
    with tenant_context(store_a):
        skus = [make_sku(price="1.00", description=f"Line {n}") for n in range(6)]
    add_to_cart(client, skus[0])
    one_line = queries_for(client, endpoint)
    for sku in skus[1:]:
        add_to_cart(client, sku)
    six_lines = queries_for(client, endpoint)
    assert one_line == six_lines
    assert six_lines <= 8
