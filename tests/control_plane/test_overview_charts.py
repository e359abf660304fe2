"""The overview's 30-day charts are SVG drawn on the server: signups per day from the stores'
creation (public schema), orders per day from every store's schema on both databases, read
with one catalog read and one UNION ALL statement per database. A signup day's bar links to
the stores created that day."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from control_plane.dashboard.fleet_overview import read_order_figures
from control_plane.dashboard.permissions import Role
from shop.orders.models import Order
from tenants.context import tenant_context
from tenants.models import Tenant
from tenants.services import register_tenant
from tests.control_plane.overview_pages import (
    OVERVIEW,
    chart_links,
    chart_values,
    get_page,
    list_count,
    listed_rows,
)

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def at(days_ago: int, hour: int = 12) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def place_order(tenant: Tenant, when: datetime) -> None:
    with tenant_context(tenant):
        Order.objects.create(item_subtotal="1.00", order_total="1.00", order_date_time=when)


@pytest.fixture
def orders_on_two_databases(store_a, store_far):
    place_order(store_a, at(2, hour=0))  # just after midnight: still that day
    place_order(store_a, at(2, hour=23))
    place_order(store_far, at(2))
    place_order(store_far, at(10))
    place_order(store_a, at(29))  # the window's first day
    place_order(store_far, at(30))  # a day before the window: counted in no bar


def test_the_orders_chart_carries_each_days_orders_from_both_databases(
    orders_on_two_databases, staff_client
):
    html = get_page(staff_client(Role.VIEWER), OVERVIEW)

    values = chart_values(html, "orders-chart")
    today = timezone.localdate()
    assert list(values) == [today - timedelta(days=back) for back in range(29, -1, -1)]
    assert {day: n for day, n in values.items() if n} == {
        today - timedelta(days=2): 3,
        today - timedelta(days=10): 1,
        today - timedelta(days=29): 1,
    }
    assert 'id="orders-chart" data-total="5"' in html


def test_an_orders_bar_leads_to_the_stores_that_took_that_days_orders(
    orders_on_two_databases, staff_client
):
    viewer = staff_client(Role.VIEWER)
    day = timezone.localdate() - timedelta(days=2)

    html = get_page(viewer, OVERVIEW)

    link = chart_links(html, "orders-chart")[day]
    assert link == f"/dashboard/orders/?day={day.isoformat()}"
    assert list_count(viewer, link) == chart_values(html, "orders-chart")[day] == 3
    page = get_page(viewer, link)
    rows = re.findall(
        r'<tr data-slug="([^"]+)">.*?<td data-label="Orders that day">(\d+)</td>', page, re.S
    )
    assert rows == [("alpha", "2"), ("faraway", "1")]


def test_each_database_is_read_with_one_union_all_statement(orders_on_two_databases, store_b):
    with (
        CaptureQueriesContext(connections["default"]) as default,
        CaptureQueriesContext(connections["second"]) as second,
    ):
        figures = read_order_figures(today=timezone.localdate())

    for captured in (default, second):
        statements = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
        reads = [s for s in statements if "UNION ALL" in s or "GROUP BY ROLLUP" in s]
        assert len(reads) == 1
    default_read = next(q["sql"] for q in default.captured_queries if "ROLLUP" in q["sql"])
    assert default_read.count("GROUP BY ROLLUP") == 2  # alpha and bravo, in one statement
    assert figures.per_store[store_b.pk] == 0
    assert figures.unreadable == []


def test_the_signups_chart_counts_stores_by_the_day_they_were_created(staff_client):
    for slug, days_ago in [("three-a", 3), ("three-b", 3), ("twelve", 12), ("old-one", 31)]:
        tenant = register_tenant(slug=slug, name=slug.title())
        Tenant.objects.filter(pk=tenant.pk).update(created=at(days_ago))
    viewer = staff_client(Role.VIEWER)

    html = get_page(viewer, OVERVIEW)

    values = chart_values(html, "signups-chart")
    today = timezone.localdate()
    expected_today = Tenant.objects.filter(created__date=today).count()
    assert {day: n for day, n in values.items() if n} == {
        today - timedelta(days=3): 2,
        today - timedelta(days=12): 1,
        **({today: expected_today} if expected_today else {}),
    }
    link = chart_links(html, "signups-chart")[today - timedelta(days=3)]
    assert link == f"/dashboard/tenants/?created_on={(today - timedelta(days=3)).isoformat()}"
    assert list_count(viewer, link) == 2
    assert sorted(listed_rows(viewer, link, "data-slug")) == ["three-a", "three-b"]


def test_the_charts_need_no_script_and_no_inline_style(staff_client):
    html = get_page(staff_client(Role.VIEWER), OVERVIEW)

    assert html.count("<svg") == 2
    assert re.findall(r"<script|<style|\sstyle=", html) == []
