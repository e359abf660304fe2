"""The overview's work does not grow with the fleet: the same statements on each database
for 3 stores as for 9 (one catalog read and one UNION ALL per database for the orders, a
fixed handful in the public schema), and the stores it reads are all counted."""

import re

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from psycopg import sql

from control_plane.dashboard.permissions import Role
from shop.orders.models import Order
from tenants.context import tenant_context
from tenants.models import Tenant
from tenants.services import register_tenant
from tests.control_plane.overview_pages import OVERVIEW, get_page, linked_figures, section

pytestmark = pytest.mark.django_db(databases=["default", "second"])

ORDERS = Order._meta.db_table


def copy_of(store: Tenant, slug: str) -> Tenant:
    """An opened store whose schema holds a copy of `store`'s orders table and its rows."""
    tenant = register_tenant(slug=slug, name=slug.title(), placement=store.placement)
    Tenant.objects.filter(pk=tenant.pk).update(state=Tenant.State.ACTIVE)
    with connections[store.placement].cursor() as cursor:
        cursor.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(tenant.schema_name)))
        cursor.execute(
            sql.SQL("CREATE TABLE {} AS TABLE {}").format(
                sql.Identifier(tenant.schema_name, ORDERS),
                sql.Identifier(store.schema_name, ORDERS),
            )
        )
    return tenant


def overview_queries(client) -> tuple[int, int, str]:
    """Statements on each database while the overview answers, and its page."""
    with (
        CaptureQueriesContext(connections["default"]) as default,
        CaptureQueriesContext(connections["second"]) as second,
    ):
        html = get_page(client, OVERVIEW)
    return statements(default), statements(second), html


def statements(captured: CaptureQueriesContext) -> int:
    """Statements that read, without savepoints and the search path a connection sets once."""
    return len(
        [
            q
            for q in captured.captured_queries
            if not re.match(r"(RELEASE |ROLLBACK TO )?SAVEPOINT|SET search_path", q["sql"])
        ]
    )


def test_a_bigger_fleet_costs_the_overview_no_more_statements(
    store_a, store_b, store_far, staff_client
):
    viewer = staff_client(Role.VIEWER)
    with tenant_context(store_a):
        Order.objects.create(item_subtotal="1.00", order_total="1.00")
    small = overview_queries(viewer)

    for n in range(3):
        copy_of(store_a, f"near-copy-{n}")
        copy_of(store_far, f"far-copy-{n}")
    big = overview_queries(viewer)

    assert big[:2] == small[:2]
    assert small[1] == 2  # the second database: its catalog read and its UNION ALL statement
    top = dict(linked_figures(section(big[2], "top-stores")))
    assert top == {f"/dashboard/tenants/{slug}/": 1 for slug in ["alpha", *near_copies()]}


def near_copies() -> list[str]:
    return [f"near-copy-{n}" for n in range(3)]
