"""A store whose schema is gone or broken never makes the overview fail: it is left out of
the order figures and counted as unreadable, and every other store is still counted, on its
database too."""

import pytest
from django.db import connections
from psycopg import sql

from control_plane.dashboard import fleet_overview
from control_plane.dashboard.permissions import Role
from shop.orders.models import Order
from tenants.context import tenant_context
from tenants.models import Tenant
from tenants.services import register_tenant
from tests.control_plane.overview_pages import OVERVIEW, linked_figures, section

pytestmark = pytest.mark.django_db(databases=["default", "second"])

ORDERS = Order._meta.db_table


def run(alias: str, statement: sql.Composable) -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute(statement.as_string(cursor.connection))


def active_store(slug: str, *, placement: str = "default") -> Tenant:
    """An opened store's row with a schema of our making (none, bare, or broken)."""
    tenant = register_tenant(slug=slug, name=slug.title(), placement=placement)
    Tenant.objects.filter(pk=tenant.pk).update(state=Tenant.State.ACTIVE)
    return tenant


def place_orders(tenant: Tenant, count: int) -> None:
    with tenant_context(tenant):
        for _ in range(count):
            Order.objects.create(item_subtotal="1.00", order_total="1.00")


@pytest.fixture
def broken_fleet(store_a, store_b, store_far):
    place_orders(store_a, 2)
    place_orders(store_b, 7)
    place_orders(store_far, 3)
    # A live store's schema dropped (DDL is transactional: back when the test rolls back).
    run("default", sql.SQL("SET CONSTRAINTS ALL IMMEDIATE"))  # no pending trigger events
    run("default", sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(store_b.schema_name)))
    far_dropped = active_store("far-dropped", placement="second")  # its schema never made
    bare = active_store("bare-table")  # an orders table without the columns we read
    schema = sql.Identifier(bare.schema_name)
    run("default", sql.SQL("CREATE SCHEMA {}").format(schema))
    run(
        "default",
        sql.SQL("CREATE TABLE {} (id bigint)").format(sql.Identifier(bare.schema_name, ORDERS)),
    )
    return [store_b, far_dropped, bare]


def test_unreadable_stores_are_counted_and_the_others_still_are(broken_fleet, staff_client):
    response = staff_client(Role.VIEWER).get(OVERVIEW)

    assert response.status_code == 200
    html = response.content.decode()
    notice = section(html, "unreadable")
    assert '<span data-figure="unreadable">3</span> stores unreadable' in notice
    for tenant in broken_fleet:
        assert f'<a href="/dashboard/tenants/{tenant.slug}/">{tenant.slug}</a>' in notice
    top = dict(linked_figures(section(html, "top-stores")))
    assert top == {"/dashboard/tenants/faraway/": 3, "/dashboard/tenants/alpha/": 2}
    assert 'id="orders-chart" data-total="5"' in html


def test_a_schema_dropped_after_the_catalog_read_costs_only_itself(store_a, store_b):
    place_orders(store_a, 2)
    victim = active_store("vanishing")
    run("default", sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(victim.schema_name)))
    with tenant_context(store_b):  # a copy of a real store's orders table, with one order
        place_orders(store_b, 1)
    run(
        "default",
        sql.SQL("CREATE TABLE {} AS TABLE {}").format(
            sql.Identifier(victim.schema_name, ORDERS), sql.Identifier(store_b.schema_name, ORDERS)
        ),
    )

    def drop_after_catalog_read(execute, statement, params, many, context):
        result = execute(statement, params, many, context)
        if "pg_attribute" in str(statement):
            with connections["default"].cursor() as cursor:
                drop = sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(victim.schema_name))
                cursor.cursor.execute(drop)  # the raw cursor: not through this wrapper again
        return result

    with connections["default"].execute_wrapper(drop_after_catalog_read):
        figures = fleet_overview.read_order_figures(today=fleet_overview.timezone.localdate())

    assert figures.unreadable == [victim.pk]
    assert figures.per_store[store_a.pk] == 2
    assert figures.per_store[store_b.pk] == 1
