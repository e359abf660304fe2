"""The overview ranks the stores with the most orders (of every database), most first; each
store links to its page, which shows the same number of orders."""

import re

import pytest

from control_plane.dashboard.permissions import Role
from shop.orders.models import Order
from tenants.context import tenant_context
from tenants.models import Tenant
from tests.control_plane.overview_pages import OVERVIEW, get_page, linked_figures, section

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def place_orders(tenant: Tenant, count: int) -> None:
    with tenant_context(tenant):
        for _ in range(count):
            Order.objects.create(item_subtotal="1.00", order_total="1.00")


def test_stores_are_ranked_by_orders_and_link_to_a_page_with_the_same_count(
    store_a, store_b, store_far, staff_client
):
    place_orders(store_a, 2)
    place_orders(store_b, 1)
    place_orders(store_far, 4)
    viewer = staff_client(Role.VIEWER)

    table = section(get_page(viewer, OVERVIEW), "top-stores")

    assert re.findall(r'<tr data-slug="([^"]+)">', table)[:3] == ["faraway", "alpha", "bravo"]
    figures = linked_figures(table)[:3]
    assert figures == [
        ("/dashboard/tenants/faraway/", 4),
        ("/dashboard/tenants/alpha/", 2),
        ("/dashboard/tenants/bravo/", 1),
    ]
    for link, count in figures:
        assert f'<dd id="orders">{count}</dd>' in get_page(viewer, link)
