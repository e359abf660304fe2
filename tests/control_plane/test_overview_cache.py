"""The overview's order figures are read from the fleet once per FLEET_OVERVIEW_CACHE_SECONDS
(the "platform" cache): a reload within that time reads no store's schema. (Only the
overview's own entry is dropped between reads: clearing the cache would flush the Redis
database every test process shares, and with it other tests' counters.)"""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from control_plane.dashboard.fleet_overview import forget_order_figures
from control_plane.dashboard.permissions import Role
from shop.orders.models import Order
from tenants.context import tenant_context
from tests.control_plane.overview_pages import OVERVIEW, get_page

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_a_reload_within_the_cache_time_reads_no_store(store_a, store_far, settings, staff_client):
    settings.FLEET_OVERVIEW_CACHE_SECONDS = 60
    forget_order_figures(today=timezone.localdate())
    viewer = staff_client(Role.VIEWER)
    with tenant_context(store_a):
        Order.objects.create(item_subtotal="1.00", order_total="1.00")

    first = get_page(viewer, OVERVIEW)
    with tenant_context(store_a):  # not seen until the cached figures expire
        Order.objects.create(item_subtotal="1.00", order_total="1.00")
    with (
        CaptureQueriesContext(connections["default"]) as default,
        CaptureQueriesContext(connections["second"]) as second,
    ):
        again = get_page(viewer, OVERVIEW)
    forget_order_figures(today=timezone.localdate())
    fresh = get_page(viewer, OVERVIEW)

    assert 'id="orders-chart" data-total="1"' in first
    assert 'id="orders-chart" data-total="1"' in again
    assert 'id="orders-chart" data-total="2"' in fresh
    assert not [q for q in default.captured_queries if "ROLLUP" in q["sql"]]
    assert second.captured_queries == []
