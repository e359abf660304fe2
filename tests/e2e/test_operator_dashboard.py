"""Operators in a browser: an operator signs in to the dashboard, finds a store, suspends it
(its pages answer 503, the suspended page) and resumes it (they come back), and reads a
provisioning job's step logs; a viewer sees the same pages without a way to change them, and
the server refuses a viewer's suspend. The stores table reads on a phone.

The tests read the database only in their fixtures: once Playwright's event loop runs on the
thread, an ORM call would open a connection of its own that outlives the test."""

from __future__ import annotations

import secrets
import time

import pytest
from django.contrib.auth.models import User
from django.db import connections
from playwright.sync_api import expect

from control_plane.audit import OperatorAuditLog
from control_plane.dashboard.permissions import Role, grant_role
from control_plane.signup.services import signup_founder
from tenants.models import Tenant
from tests.control_plane.helpers import remove_store
from tests.fixtures.browser import DESKTOP, PHONE, Problems, open_page, save_screenshot
from tests.fixtures.browser import assert_accessible_basics as basics

pytestmark = pytest.mark.django_db

PASSWORD = "Operator-pass-42"


@pytest.fixture(scope="module")
def store(django_db_setup, django_db_blocker):
    """A store made by a founder's signup (its job's steps run in this process), committed
    so the web server sees it; removed after the module."""
    slug = f"harbour-{secrets.token_hex(3)}"
    with django_db_blocker.unblock():
        signup_founder(
            store_name="Harbour Lights",
            slug=slug,
            email=f"founder@{slug}.example",
            password="Founder-pass-42",
        )
        store = Tenant.objects.get(slug=slug)
    assert store.state == Tenant.State.ACTIVE
    yield store
    with django_db_blocker.unblock():
        remove_store(slug)
        connections.close_all()


@pytest.fixture(scope="module")
def staff(django_db_setup, django_db_blocker):
    """An operator and a viewer of the dashboard (public-schema users), committed."""
    suffix = secrets.token_hex(3)
    with django_db_blocker.unblock():
        users = {}
        for role in Role:
            user = User.objects.create_user(f"{role}-{suffix}", password=PASSWORD)
            grant_role(user=user, role=role)
            users[role] = user
    yield users
    ids = [user.pk for user in users.values()]
    with django_db_blocker.unblock():
        # Not User.delete(): its cascade would look for the stores' tables (accounts_member)
        # in the public schema. The audit rows name them (SET_NULL, kept) and go with them.
        OperatorAuditLog.objects.filter(actor_id__in=ids).delete()
        User.groups.through.objects.filter(user_id__in=ids).delete()
        with connections["default"].cursor() as cursor:
            cursor.execute("DELETE FROM auth_user WHERE id = ANY(%s)", [ids])


def sign_in(page, web_server, user) -> None:
    page.goto(web_server.url(None, "/dashboard/"))
    expect(page).to_have_url(web_server.url(None, "/dashboard/login/?next=/dashboard/"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Fleet overview")  # where the dashboard opens
    page.get_by_role("link", name="Stores", exact=True).click()
    expect(page.locator("h1")).to_have_text("Stores")


def wait_for_status(page, url: str, status: int, timeout: float = 15) -> None:
    """Open `url` until it answers `status`: other server processes see a store's new state
    within TENANT_ROUTING_LOCAL_SECONDS."""
    deadline = time.monotonic() + timeout
    while True:
        response = page.goto(url)
        if response.status == status or time.monotonic() > deadline:
            assert response.status == status
            return
        time.sleep(0.25)


def test_an_operator_suspends_and_resumes_a_store(store, staff, web_server, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = open_page(context)
    sign_in(page, web_server, staff[Role.OPERATOR])
    basics(page, h1="Stores")
    save_screenshot(page, "operator-stores")

    page.get_by_label("Search (slug, name or domain)").fill(store.slug)
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("#tenants tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator('td[data-label="State"]')).to_have_text("Active")
    rows.first.get_by_role("link", name="Harbour Lights").click()

    heading = f"Harbour Lights ({store.slug})"
    expect(page.locator("h1")).to_have_text(heading)
    expect(page.locator("#state")).to_have_text("Active")
    domain_row = page.locator(f'#domains tr[data-domain="{store.slug}.platform.test"]')
    expect(domain_row.locator('td[data-label="Certificate"]')).to_have_text(
        "Not needed (served by the platform, no cloud)"
    )
    # Stripe keys are shown masked only.
    expect(page.locator("#stripe-keys")).to_contain_text("sk_test_****")
    basics(page, h1=heading)
    save_screenshot(page, "operator-store")
    page.problems.assert_none()

    shopper_problems = Problems()  # the 503 is what this test wants, not a page problem
    shopper = open_page(browser.new_context(viewport=DESKTOP), problems=shopper_problems)
    store_home = web_server.url(store, "/")
    wait_for_status(shopper, store_home, 200)

    page.get_by_role("button", name="Suspend the store").click()
    expect(page.get_by_role("status").filter(has_text="is suspended")).to_have_text(
        f"{store.slug} is suspended."
    )
    expect(page.locator("#state")).to_have_text("Suspended")
    wait_for_status(shopper, store_home, 503)
    expect(shopper.locator("h1")).to_have_text("Harbour Lights is suspended")
    save_screenshot(shopper, "operator-store-suspended-page")
    assert shopper.goto(web_server.url(store, "/cart")).status == 503

    page.get_by_role("button", name="Resume the store").click()
    expect(page.locator("#state")).to_have_text("Active")
    wait_for_status(shopper, store_home, 200)
    expect(shopper.locator("h1")).to_have_text("Harbour Lights")
    expect(page.locator(".audit li").first).to_contain_text("Resumed")
    page.problems.assert_none()
    context.close()


def test_an_operator_reads_a_jobs_step_logs(store, staff, web_server, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = open_page(context)
    sign_in(page, web_server, staff[Role.OPERATOR])
    page.goto(web_server.url(None, f"/dashboard/tenants/{store.slug}/"))
    link = page.locator(".job-card h3 a")
    expect(link).to_have_count(1)  # the signup's job
    job_id = link.get_attribute("href").rstrip("/").rsplit("/", 1)[1]
    link.click()

    heading = f"Job {job_id}: New store"
    expect(page.locator("h1")).to_have_text(heading)
    expect(page.locator("#steps tbody tr")).to_have_count(7)
    seed = page.locator("#step-seed")
    expect(seed.locator("summary")).to_contain_text("Attempt 1")
    expect(seed.locator("pre")).to_contain_text("starter catalog 'office-supplies': 3 products")
    basics(page, h1=heading)
    save_screenshot(page, "operator-job")
    page.problems.assert_none()
    context.close()


def test_a_viewer_sees_the_store_but_cannot_suspend_it(store, staff, web_server, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = open_page(context)
    sign_in(page, web_server, staff[Role.VIEWER])
    tenant_url = web_server.url(None, f"/dashboard/tenants/{store.slug}/")
    page.goto(tenant_url)

    expect(page.locator("#state")).to_have_text("Active")
    expect(page.get_by_role("button", name="Suspend the store")).to_have_count(0)
    expect(page.locator("main form")).to_have_count(0)
    basics(page, h1=f"Harbour Lights ({store.slug})")
    save_screenshot(page, "viewer-store")

    # Sending the operator's form anyway, from the page, with a valid CSRF token: refused.
    token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    status = page.evaluate(
        """async ([url, token]) => (await fetch(url, {
             method: 'POST', credentials: 'same-origin',
             body: new URLSearchParams({csrfmiddlewaretoken: token}),
           })).status""",
        [f"/dashboard/tenants/{store.slug}/suspend", token],
    )
    assert status == 403
    page.problems.messages.clear()  # (the refused POST, which is what this test wanted)
    page.reload()
    expect(page.locator("#state")).to_have_text("Active")
    page.problems.assert_none()
    context.close()


def test_the_stores_table_reads_on_a_phone(store, staff, web_server, browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page = open_page(context)
    sign_in(page, web_server, staff[Role.VIEWER])

    row = page.locator(f'#tenants tr[data-slug="{store.slug}"]')
    expect(row.locator('td[data-label="State"]')).to_be_visible()
    basics(page, h1="Stores")  # among others: nothing wider than the phone
    save_screenshot(page, "operator-stores-phone")
    page.goto(web_server.url(None, f"/dashboard/tenants/{store.slug}/"))
    basics(page, h1=f"Harbour Lights ({store.slug})")
    save_screenshot(page, "operator-store-phone")
    page.problems.assert_none()
    context.close()
