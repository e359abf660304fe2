"""The dashboard opens on the fleet overview; its stores-by-state-and-plan table counts every
store once, and each count links to the store list filtered the same way, which shows the
same number."""

from collections import Counter

import pytest

from control_plane.dashboard.permissions import Role
from tenants.models import Tenant
from tenants.services import register_tenant
from tests.control_plane.overview_pages import OVERVIEW, get_page, list_count, store_grid

pytestmark = pytest.mark.django_db(databases=["default", "second"])


@pytest.fixture
def mixed_fleet(store_a, store_b, store_far):
    """Beside the session's active stores: stores in every other state, on every plan."""
    made = {
        "sus-pro-1": ("suspended", "pro"),
        "sus-pro-2": ("suspended", "pro"),
        "broken-basic": ("failed", "basic"),
        "coming-free": ("provisioning", "free"),
        "live-basic": ("active", "basic"),
    }
    for slug, (state, plan) in made.items():
        tenant = register_tenant(slug=slug, name=slug.title(), plan=plan)
        Tenant.objects.filter(pk=tenant.pk).update(state=state)
    return made


def test_the_dashboard_opens_on_the_overview(staff_client):
    html = get_page(staff_client(Role.VIEWER), OVERVIEW)

    assert "<h1>Fleet overview</h1>" in html
    assert 'href="/dashboard/" aria-current="page">Overview</a>' in html


def test_stores_are_counted_by_state_and_plan(mixed_fleet, staff_client):
    expected = Counter(Tenant.objects.values_list("state", "plan"))

    grid = store_grid(get_page(staff_client(Role.VIEWER), OVERVIEW))

    for state in Tenant.State.values:
        for plan in Tenant.Plan.values:
            assert grid[state, plan][0] == expected[state, plan], (state, plan)
    assert grid["suspended", "pro"][0] == 2
    assert grid["failed", "basic"][0] == 1
    assert grid["suspended", "all"][0] == 2
    assert grid["all", "pro"][0] == expected["active", "pro"] + 2
    assert grid["all", "all"][0] == Tenant.objects.count()


def test_each_count_links_to_the_store_list_showing_the_same_number(mixed_fleet, staff_client):
    viewer = staff_client(Role.VIEWER)

    grid = store_grid(get_page(viewer, OVERVIEW))

    assert grid["suspended", "pro"][1] == "/dashboard/tenants/?state=suspended&plan=pro"
    assert grid["all", "basic"][1] == "/dashboard/tenants/?plan=basic"
    assert grid["all", "all"][1] == "/dashboard/tenants/"
    for count, link in grid.values():
        assert list_count(viewer, link) == count, link
