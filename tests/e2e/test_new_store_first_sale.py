"""The whole way, as issue 6 tells it: a founder signs up on the platform with their Stripe
keys; a real Celery worker builds the store while the progress page follows it and then links
to it; a shopper on that new store creates an account, browses, picks a SKU, applies a code,
changes shipping, checks out on Stripe's hosted page (the local stand-in, which redirects
back and sends the signed webhook), sees the confirmation page, receives the email (a real
SMTP server) and finds the order in their account.

Nothing runs eagerly: the web server sends every task (provisioning, the welcome mail, the
order confirmation) to Redis, where the worker takes it."""

from __future__ import annotations

import re
import secrets
import time

import pytest
from django.db import connections
from playwright.sync_api import expect

from tests.control_plane.helpers import remove_store
from tests.e2e.shopper import create_account
from tests.fixtures.browser import (
    DESKTOP,
    assert_accessible_basics,
    open_page,
    save_screenshot,
    start_web_server,
)
from tests.fixtures.processes import start_worker
from tests.fixtures.smtp import start_smtp_server

SHOPPER_PASSWORD = "Harbour!Lights9"


@pytest.fixture
def slug(django_db_blocker):
    slug = f"firstsale-{secrets.token_hex(3)}"
    yield slug
    with django_db_blocker.unblock():
        remove_store(slug)  # the store, its schema and its keys
        connections.close_all()


@pytest.fixture
def platform(committed_test_databases, redis_url, stripe_server, monkeypatch):
    """A web server and a real worker sharing a queue, the Stripe stand-in and an SMTP server."""
    run = f"e2e-firstsale-{secrets.token_hex(4)}"
    queue = f"e2e-firstsale-{secrets.token_hex(4)}"
    smtp = start_smtp_server()
    env = {
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_QUEUE": queue,
        "TEST_CACHE_RUN": run,
        "STRIPE_API_BASE": stripe_server.base_url,
        "STRIPE_MAX_NETWORK_RETRIES": "0",
        "EMAIL_URL": smtp.email_url,
    }
    for name, value in env.items():  # start_worker's environment is this process' own
        monkeypatch.setenv(name, value)
    worker = start_worker(redis_url, queue=queue)
    try:
        with start_web_server(**env) as server:
            server.smtp = smtp
            yield server
    finally:
        worker.kill()
        smtp.stop()


def _mail_to(smtp, address: str, count: int = 1, timeout: float = 60) -> list:
    deadline = time.monotonic() + timeout
    while len(smtp.to(address)) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return smtp.to(address)


def test_a_founders_new_store_makes_its_first_sale(platform, slug, stripe_server, browser):
    account = stripe_server.add_account(name="First Sale Supplies")
    store_host = f"{slug}.platform.test:{platform.port}"
    stripe_server.register_webhook(
        account.secret_key,
        f"http://127.0.0.1:{platform.port}/order/stripe-webhook",
        host=store_host,
    )

    # The founder signs up, with the Stripe account's keys.
    founder = open_page(browser.new_context(viewport=DESKTOP))
    founder.goto(platform.url(None, "/signup/"))
    founder.get_by_label("Store name").fill("First Sale Supplies")
    founder.get_by_label("Store address").fill(slug)
    founder.get_by_label("Your email").fill(f"founder@{slug}.example")
    founder.get_by_label("Password for your store's admin").fill("Plum-Tangerine-77")
    founder.get_by_label("Stripe publishable key (optional)").fill(account.publishable_key)
    founder.get_by_label("Stripe secret key (optional)").fill(account.secret_key)
    founder.get_by_label("Stripe webhook signing secret (optional)").fill(account.webhook_secret)
    founder.get_by_role("button", name="Create my store").click()
    expect(founder.locator("h1")).to_have_text("Setting up First Sale Supplies")
    expect(founder.locator("#job-links")).to_be_visible(timeout=90_000)
    expect(founder.locator("#job-message")).to_have_text("Your store is live.")
    save_screenshot(founder, "first-sale-1-store-live")
    store_home = platform.url(slug, "/")
    expect(founder.locator("#store-link")).to_have_attribute("href", store_home)
    founder.problems.assert_none()

    # A shopper on the new store creates an account.
    context = browser.new_context(viewport=DESKTOP)
    page = open_page(context)
    page.goto(store_home)
    expect(page.locator("h1")).to_have_text("First Sale Supplies")
    create_account(
        page,
        platform.url(slug, "/create-account"),
        first_name="Robin",
        last_name="Buyer",
        username="robin_buyer",
        email="robin@example.com",
        password=SHOPPER_PASSWORD,
    )
    expect(page.get_by_role("link", name="Account of Robin")).to_be_visible()

    # Browses, picks a SKU.
    page.get_by_role("link", name="Products").click()
    page.get_by_role("link", name="Binder Clips").click()
    page.get_by_role("radio", name=re.compile("^Small Binder Clip")).check()
    expect(page.locator("[data-sku-price]")).to_have_text("$3.99")
    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.locator("[data-cart-count]")).to_have_text("1")
    save_screenshot(page, "first-sale-2-product")

    # Applies a code and changes shipping.
    page.get_by_role("link", name=re.compile("^Cart")).click()
    page.get_by_role("textbox", name="Discount code").fill("welcome10")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("[data-cart-status]")).to_have_text(re.compile("^Code WELCOME10 applied"))
    page.get_by_label("FedEx Ground").check()
    expect(page.locator("[data-cart-status]")).to_have_text(re.compile("^Shipping set to FedEx"))
    expect(page.locator('[data-total="cart_total"]')).to_have_text("$18.03")
    save_screenshot(page, "first-sale-3-cart")

    # Checks out: confirm, terms, Stripe's hosted page (the stand-in), back to the store.
    page.get_by_role("link", name="Check out").click()
    expect(page.locator("h1")).to_have_text("Review and pay")
    expect(page.locator("[data-confirmation-email]")).to_have_text("robin@example.com")
    page.get_by_label("I agree to the terms of sale").check()
    save_screenshot(page, "first-sale-4-confirm")
    page.get_by_role("button", name="Pay with Stripe").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(stripe_server.base_url)}/"))
    expect(page.locator("#total")).to_have_text("18.03 USD")
    expect(page.locator("#store-name")).to_have_text("First Sale Supplies")
    save_screenshot(page, "first-sale-5-stripe-stand-in")
    page.locator("#pay").click()

    expect(page.locator("h1")).to_have_text("Thank you for your order")
    identifier = page.locator("[data-order-identifier]").inner_text()
    expect(page.locator('[data-order-total="order_total"]')).to_have_text("$18.03")
    assert_accessible_basics(page, h1="Thank you for your order")
    save_screenshot(page, "first-sale-6-success")

    # The stand-in's signed webhook reached the new store, which accepted it.
    delivered = [d for d in stripe_server.deliveries if identifier in d.body]
    assert [(d.type, d.status) for d in delivered] == [("checkout.session.completed", 200)]

    # The confirmation email, sent by the worker over SMTP.
    mails = _mail_to(platform.smtp, "robin@example.com", count=2)  # welcome + confirmation
    confirmation = [m for m in mails if identifier in m.subject + m.text]
    assert len(confirmation) == 1
    assert f"/account/order?identifier={identifier}" in confirmation[0].text

    # The order in the shopper's account.
    page.get_by_role("link", name="All your orders").click()
    expect(page.locator("h1")).to_have_text("Your orders")
    expect(page.locator(f'[data-order="{identifier}"]')).to_contain_text("$18.03")
    page.locator(f'[data-order="{identifier}"]').get_by_role("link").first.click()
    expect(page.locator("h1")).to_have_text(f"Order {identifier}")
    save_screenshot(page, "first-sale-7-order")
    page.problems.assert_none()
    context.close()
