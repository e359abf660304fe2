"""The dashboard's store list: search and filters, each store's domains, plan, state,
placement, order count and creation time; and a store's page with its jobs and step logs."""

import re

import pytest
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext

from control_plane.dashboard.permissions import Role
from control_plane.dashboard.selectors import count_orders
from shop.orders.models import Order
from tenants.context import tenant_context
from tenants.models import Tenant
from tenants.services import register_tenant

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def place_orders(tenant: Tenant, count: int) -> None:
    with tenant_context(tenant):
        for _ in range(count):
            Order.objects.create(item_subtotal="1.00", order_total="1.00")


def listed(client, **params) -> list[str]:
    html = client.get("/dashboard/tenants/", params).content.decode()
    return re.findall(r'<tr data-slug="([^"]+)">', html)


@pytest.fixture
def viewer(staff_client):
    return staff_client(Role.VIEWER)


def test_orders_are_counted_with_one_query_per_database(store_a, store_b, store_far):
    place_orders(store_a, 2)
    place_orders(store_far, 3)
    unbuilt = register_tenant(slug="no-schema-yet", name="Unbuilt")

    with (
        CaptureQueriesContext(connections["default"]) as default,
        CaptureQueriesContext(connections["second"]) as second,
    ):
        counts = count_orders(tenants=[store_a, store_b, store_far, unbuilt])

    assert counts == {store_a.pk: 2, store_b.pk: 0, store_far.pk: 3, unbuilt.pk: None}
    assert len([q for q in default.captured_queries if "count(*)" in q["sql"]]) == 1
    assert len([q for q in second.captured_queries if "count(*)" in q["sql"]]) == 1


def test_the_list_shows_each_stores_facts(store_a, viewer):
    place_orders(store_a, 4)

    html = viewer.get("/dashboard/tenants/", {"search": "alpha"}).content.decode()

    row = html[html.index('<tr data-slug="alpha">') :]
    row = row[: row.index("</tr>")]
    assert "Alpha Store</a> (alpha)" in row
    assert cells(row) == {
        "State": "Active",
        "Plan": "Free",
        "Placement": "default",
        "Domains": f"alpha.{settings.PLATFORM_DOMAIN}",
        "Orders": "4",
        "Created": store_a.created.strftime("%Y-%m-%d %H:%M"),
    }
    assert f'<time datetime="{store_a.created.isoformat()}">' in row


def cells(row: str) -> dict[str, str]:
    """A table row's cells by their column (data-label), as text."""
    found = re.findall(r'<td data-label="([^"]+)"[^>]*>(.*?)</td>', row, flags=re.S)
    return {label: re.sub(r"<[^>]+>", "", html).strip() for label, html in found}


def test_search_matches_slug_name_and_domain(store_a, store_b, viewer):
    assert listed(viewer, search="BRAVO") == ["bravo"]
    assert listed(viewer, search="Alpha Sto") == ["alpha"]
    assert listed(viewer, search=f"bravo.{settings.PLATFORM_DOMAIN}") == ["bravo"]
    assert listed(viewer, search="nothing-like-it") == []


def test_filters_narrow_by_state_plan_and_placement(store_a, store_b, store_far, viewer):
    Tenant.objects.filter(pk=store_b.pk).update(plan="pro")
    register_tenant(slug="half-made", name="Half Made")

    assert listed(viewer, plan="pro") == ["bravo"]
    assert listed(viewer, placement="second") == ["faraway"]
    assert listed(viewer, state="provisioning") == ["half-made"]
    assert set(listed(viewer, state="active")) >= {"alpha", "bravo", "faraway"}
    assert listed(viewer, state="no-such-state") == listed(viewer)  # an invalid filter is ignored


def test_a_store_page_shows_its_placement_and_jobs_whose_page_has_the_step_logs(signed_up, viewer):
    job = signed_up("detailed")

    html = viewer.get("/dashboard/tenants/detailed/").content.decode()

    assert html.count("<h1") == 1
    assert '<dd id="placement">default</dd>' in html
    assert f"Job {job.pk}: New store</a>, Succeeded (100%)" in html
    assert html.count('<span data-step="') == 7
    assert '<dd id="orders">0</dd>' in html
    job_page = viewer.get(f"/dashboard/tenants/detailed/jobs/{job.pk}/").content.decode()
    assert job_page.count("<h1") == 1
    assert job_page.count('<tr data-step="') == 7
    assert "starter catalog &#x27;office-supplies&#x27;: 3 products" in job_page


def test_an_unknown_store_page_is_a_404(viewer):
    assert viewer.get("/dashboard/tenants/nobody/").status_code == 404
