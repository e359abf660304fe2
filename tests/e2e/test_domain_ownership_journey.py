"""A custom domain is routed only to the store that proves it owns it, end to end over real
HTTP and real DNS: a squatter signs up in a browser with someone else's domain, and its claim
stays pending while the host serves nothing; the operator claims it for the real owner's
store, the owner publishes the TXT record (in the local DNS server the web server asks), and
"Check now" proves it: the host serves the owner's store, the squatter's claim is taken, and
a later claim by anyone is refused.

The test reads the database only in its fixtures (Playwright's event loop runs on the thread).
"""

from __future__ import annotations

import http.client
import json
import secrets
import time
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.db import connections
from playwright.sync_api import expect

from control_plane.audit import OperatorAuditLog
from control_plane.dashboard.permissions import Role, grant_role
from control_plane.provisioning.models import ProvisioningJob
from control_plane.signup.services import signup_founder
from tenants.models import Tenant
from tests.control_plane.helpers import remove_store
from tests.fixtures.browser import (
    DESKTOP,
    assert_accessible_basics,
    open_page,
    save_screenshot,
    start_web_server,
)

pytestmark = pytest.mark.django_db

HOST = "shop.victim-brand.test"
PASSWORD = "Victim-brand-pass-42"


@pytest.fixture(scope="module")
def domain_server(django_db_setup, stripe_server, dns_server):
    """A web server whose domain proofs ask the session's DNS sandbox (tasks run in it)."""
    dns_server.clear()
    with start_web_server(
        STRIPE_API_BASE=stripe_server.base_url,
        STRIPE_MAX_NETWORK_RETRIES="0",
        DOMAIN_VERIFICATION_NAMESERVERS=dns_server.address,
        DOMAIN_VERIFICATION_TIMEOUT_SECONDS="2",
    ) as server:
        yield server
    dns_server.clear()


@pytest.fixture(scope="module")
def owner(django_db_setup, django_db_blocker):
    """The brand's real store, opened by its founder's signup (committed)."""
    slug = f"victim-{secrets.token_hex(3)}"
    with django_db_blocker.unblock():
        signup_founder(
            store_name="Victim Brand", slug=slug, email=f"founder@{slug}.example", password=PASSWORD
        )
        store = Tenant.objects.get(slug=slug)
    yield store
    with django_db_blocker.unblock():
        remove_store(slug)
        connections.close_all()


@pytest.fixture(scope="module")
def squatter_slug(django_db_setup, django_db_blocker):
    slug = f"squatter-{secrets.token_hex(3)}"
    yield slug
    with django_db_blocker.unblock():
        remove_store(slug)
        connections.close_all()


@pytest.fixture(scope="module")
def operator(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        user = User.objects.create_user(f"domains-{secrets.token_hex(3)}", password=PASSWORD)
        grant_role(user=user, role=Role.OPERATOR)
    yield user
    with django_db_blocker.unblock():
        OperatorAuditLog.objects.filter(actor_id=user.pk).delete()
        ProvisioningJob.objects.filter(requested_by_id=user.pk).update(requested_by=None)
        User.groups.through.objects.filter(user_id=user.pk).delete()
        with connections["default"].cursor() as cursor:
            cursor.execute("DELETE FROM auth_user WHERE id = %s", [user.pk])


def request(server, method: str, path: str, *, host: str, body=None, headers=None):
    """One plain HTTP request to the server with a Host header of our choosing."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers={"Host": host, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def wait_for(server, path: str, *, host: str, status: int, timeout: float = 15) -> str:
    deadline = time.monotonic() + timeout
    while True:
        answered, body = request(server, "GET", path, host=host)
        if answered == status or time.monotonic() > deadline:
            assert answered == status, body[:500]
            return body
        time.sleep(0.25)


def test_only_the_store_that_proves_the_domain_gets_it(
    domain_server, dns_server, owner, squatter_slug, operator, browser
):
    context = browser.new_context(viewport=DESKTOP)
    page = open_page(context)

    # A squatter opens a store with the brand's domain.
    page.goto(domain_server.url(None, "/signup/"))
    page.get_by_label("Store name").fill("Squatter Goods")
    page.get_by_label("Store address").fill(squatter_slug)
    page.get_by_label("Your email").fill(f"founder@{squatter_slug}.example")
    page.get_by_label("Password for your store's admin").fill(PASSWORD)
    page.get_by_label("Custom domain (optional)").fill(HOST)
    page.get_by_role("button", name="Create my store").click()
    expect(page.locator("#job-message")).to_have_text("Your store is live.", timeout=60_000)
    claim = page.locator("#domain-claim")
    expect(claim.locator("#domain-claim-status")).to_have_text("Waiting for the DNS record")
    expect(claim.locator(".record-name")).to_have_text(f"_storefleet-challenge.{HOST}")
    expect(claim.locator(".record-type")).to_have_text("TXT")
    squatter_progress = page.url
    assert_accessible_basics(page, h1="Setting up Squatter Goods")
    save_screenshot(page, "domain-claim-pending-founder")

    # Its store is live on its own address, and the brand's host serves nothing.
    wait_for(domain_server, "/order/products", host=f"{squatter_slug}.platform.test", status=200)
    assert request(domain_server, "GET", "/", host=HOST)[0] == 404

    # The operator claims the domain for the real owner's store: the record to publish shows.
    page.goto(domain_server.url(None, "/dashboard/login/"))
    page.get_by_label("Username").fill(operator.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Fleet overview")  # where the dashboard opens
    page.goto(domain_server.url(None, f"/dashboard/tenants/{owner.slug}/"))
    page.get_by_label("Custom domain", exact=True).fill(HOST)
    page.get_by_role("button", name="Add custom domain").click()
    expect(page.get_by_text(f"{HOST} is claimed.")).to_be_visible()
    row = page.locator(f'#domain-claims tr[data-claim="{HOST}"]')
    expect(row).to_have_attribute("data-status", "pending-verification")
    name = row.locator(".record-name").inner_text()
    value = row.locator(".record-value").inner_text()
    assert name == f"_storefleet-challenge.{HOST}"
    assert value.startswith("storefleet-verification=")

    # Checked before the record exists: still pending, with the reason.
    row.get_by_role("button", name=f"Check {HOST} now").click()
    expect(page.get_by_text(f"{HOST} is not proven yet: no DNS record named")).to_be_visible()
    assert request(domain_server, "GET", "/", host=HOST)[0] == 404

    # The owner publishes the record; "Check now" proves it.
    dns_server.publish(name, value)
    page.locator(f'#domain-claims tr[data-claim="{HOST}"]').get_by_role(
        "button", name=f"Check {HOST} now"
    ).click()
    expect(page.get_by_text(f"{HOST} is proven: it serves the store now")).to_be_visible()
    expect(page.locator(f'#domains tr[data-domain="{HOST}"]')).to_be_visible()
    expect(page.locator(f'#domain-claims tr[data-claim="{HOST}"]')).to_have_attribute(
        "data-status", "verified"
    )
    assert_accessible_basics(page, h1=f"Victim Brand ({owner.slug})")
    save_screenshot(page, "domain-claim-proven-dashboard")

    # The brand's host serves the owner's store now.
    body = wait_for(domain_server, "/", host=HOST, status=200)
    assert "Victim Brand" in body and "Squatter Goods" not in body

    # The squatter's claim is taken; its progress page says so.
    page.goto(squatter_progress)
    expect(page.locator("#domain-claim-status")).to_have_text("Proven by another store")
    assert page.locator("#domain-claim .record-value").count() == 0

    # Nobody can claim the domain again: a form error, and a machine-readable JSON error.
    page.goto(domain_server.url(None, f"/dashboard/tenants/{squatter_slug}/"))
    page.get_by_label("Custom domain", exact=True).fill(HOST)
    page.get_by_role("button", name="Add custom domain").click()
    expect(page.locator("#id_custom_domain_error")).to_have_text(f"{HOST} already serves a store.")
    expect(page.get_by_role("alert")).to_contain_text(f"{HOST} already serves a store.")
    status, answer = signup_json(domain_server, f"late-{secrets.token_hex(3)}")
    assert status == 400
    assert json.loads(answer)["errors"]["custom_domain"] == [
        {"message": f"{HOST} already serves a store.", "code": "taken"}
    ]
    context.close()


def signup_json(server, slug: str) -> tuple[int, str]:
    """A signup POSTed as JSON by a script (CSRF: the form's token and cookie, as a browser)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("GET", "/signup/", headers={"Host": "platform.test"})
        response = connection.getresponse()
        cookie = response.getheader("Set-Cookie").split(";")[0]
        page = response.read().decode()
        token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        body = urlencode(
            {
                "store_name": "Late Comer",
                "slug": slug,
                "email": f"founder@{slug}.example",
                "password": PASSWORD,
                "catalog": "office-supplies",
                "custom_domain": HOST,
                "csrfmiddlewaretoken": token,
            }
        )
        headers = {
            "Host": "platform.test",
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Referer": "http://platform.test/signup/",
        }
        connection.request("POST", "/signup/", body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()
