"""An operator in a browser: signing in opens the fleet overview, whose charts are SVG drawn
by the server (no script, nothing from another site) and show a store's orders on the day
they were placed; a figure leads to the list it counts; the page reads on a phone.

The tests read the database only in their fixtures (see test_operator_dashboard.py)."""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connections
from django.utils import timezone
from playwright.sync_api import expect

from control_plane.dashboard.permissions import Role, grant_role
from shop.orders.models import Order
from tenants.context import tenant_context
from tenants.models import Tenant
from tenants.services import create_tenant, delete_tenant
from tests.fixtures.browser import DESKTOP, PHONE, open_page, save_screenshot
from tests.fixtures.browser import assert_accessible_basics as basics

pytestmark = pytest.mark.django_db

PASSWORD = "Overview-pass-42"
DAYS_AGO = 4


@pytest.fixture(scope="module")
def busy_store(django_db_setup, django_db_blocker):
    """A committed store with 3 orders placed DAYS_AGO days ago; removed after the module."""
    with django_db_blocker.unblock():
        store = create_tenant(slug=f"busy-{secrets.token_hex(3)}", name="Busy Bees")
        day = timezone.localdate() - timedelta(days=DAYS_AGO)
        with tenant_context(store):
            for hour in (9, 12, 15):
                Order.objects.create(
                    item_subtotal="1.00",
                    order_total="1.00",
                    order_date_time=timezone.make_aware(datetime.combine(day, time(hour))),
                )
        active = Tenant.objects.filter(state=Tenant.State.ACTIVE).count()
    yield {"store": store, "day": day, "active": active}
    with django_db_blocker.unblock():
        delete_tenant(store)
        connections.close_all()


@pytest.fixture(scope="module")
def viewer(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        user = User.objects.create_user(f"overview-{secrets.token_hex(3)}", password=PASSWORD)
        grant_role(user=user, role=Role.VIEWER)
    yield user
    with django_db_blocker.unblock():
        User.groups.through.objects.filter(user_id=user.pk).delete()
        with connections["default"].cursor() as cursor:
            cursor.execute("DELETE FROM auth_user WHERE id = %s", [user.pk])


def sign_in(page, web_server, user) -> None:
    page.goto(web_server.url(None, "/dashboard/login/"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_signing_in_opens_the_overview_whose_figures_lead_to_their_lists(
    busy_store, viewer, web_server, browser
):
    context = browser.new_context(viewport=DESKTOP)
    page = open_page(context)
    sign_in(page, web_server, viewer)

    expect(page).to_have_url(web_server.url(None, "/dashboard/"))
    basics(page, h1="Fleet overview")
    day = page.locator(f'#orders-chart g[data-day="{busy_store["day"].isoformat()}"]')
    expect(day).to_have_attribute("data-value", "3")
    bar = day.locator("rect.chart__bar").bounding_box()
    assert bar["height"] > 0 and bar["width"] > 0  # drawn, not only in the markup
    top = page.locator(f'#top-stores tr[data-slug="{busy_store["store"].slug}"]')
    expect(top.locator('td[data-label="Orders"]')).to_have_text("3")
    save_screenshot(page, "operator-overview")
    page.problems.assert_none()  # no CSP refusal, no failed load

    active = page.locator('#stores-by-state tr[data-state="active"] td[data-plan="all"] a')
    expect(active).to_have_text(str(busy_store["active"]))
    active.click()
    expect(page.locator("h1")).to_have_text("Stores")
    expect(page.locator("#tenants caption")).to_have_text(f"{busy_store['active']} stores")

    page.go_back()
    top.get_by_role("link", name="Busy Bees").click()
    expect(page.locator("#orders")).to_have_text("3")
    page.problems.assert_none()
    context.close()


def test_the_overview_reads_on_a_phone(busy_store, viewer, web_server, browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page = open_page(context)
    sign_in(page, web_server, viewer)

    basics(page, h1="Fleet overview")  # among others: nothing wider than the phone
    expect(page.locator("#signups-chart svg")).to_be_visible()
    save_screenshot(page, "operator-overview-phone")
    page.problems.assert_none()
    context.close()
