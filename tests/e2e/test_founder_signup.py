"""A founder signs up on the platform in a browser and watches the store being made by a
real Celery worker: the progress page shows each step as it completes, then links to the
live store (its catalog on the home page) and to its admin, where the founder signs in.

The web server does not run tasks itself (CELERY_TASK_ALWAYS_EAGER=false): it sends them to
Redis, on a queue of this test's own, where a real worker takes them. The worker starts only
once the progress page is open, so the page is seen waiting and then advancing."""

from __future__ import annotations

import re
import secrets

import pytest
from django.db import connections, transaction
from playwright.sync_api import expect

from tenants.models import Tenant
from tests.control_plane.helpers import remove_store
from tests.fixtures.browser import (
    DESKTOP,
    PHONE,
    assert_accessible_basics,
    open_page,
    save_screenshot,
    start_web_server,
)
from tests.fixtures.processes import start_worker

PASSWORD = "Plum-Tangerine-77"
STEPS = [
    "Create the store's database schema",
    "Load the starter catalog",
    "Create the founder's admin account",
    "Store the Stripe keys",
    "Add the store's address",
    "Custom domain and certificate",
    "Open the store",
]

# Every change the page makes to its steps, as the list of their states at that moment.
_RECORD_STEP_STATES = """() => {
  const states = () => [...document.querySelectorAll('#job-steps li')]
    .map((li) => li.dataset.state).join(',');
  window.seenStates = [states()];
  new MutationObserver(() => {
    const now = states();
    if (now !== window.seenStates[window.seenStates.length - 1]) { window.seenStates.push(now); }
  }).observe(document.getElementById('job-steps'), { attributes: true, subtree: true });
}"""


@pytest.fixture
def signup_server(committed_test_databases, redis_url, monkeypatch):
    # (Not a django_db test: the server and the worker commit, and so does the clean-up.)
    """A web server whose tasks go to Redis, on a queue no worker serves yet."""
    run = f"e2e-signup-{secrets.token_hex(4)}"
    queue = f"e2e-signup-{secrets.token_hex(4)}"
    # The worker started later inherits this: server and worker share one cache namespace.
    monkeypatch.setenv("TEST_CACHE_RUN", run)
    with start_web_server(
        REDIS_URL=redis_url,
        CELERY_TASK_ALWAYS_EAGER="false",
        CELERY_QUEUE=queue,
        TEST_CACHE_RUN=run,
    ) as server:
        server.queue = queue
        yield server


@pytest.fixture
def slug(django_db_blocker):
    slug = f"founded-{secrets.token_hex(3)}"
    yield slug
    with django_db_blocker.unblock():
        remove_store(slug)  # tenants.services.delete_tenant, and the store's keys
        connections.close_all()


def step_states(page) -> list[str]:
    return page.locator("#job-steps li").evaluate_all(
        "(items) => items.map((li) => li.dataset.state)"
    )


def test_a_founder_signs_up_watches_the_steps_and_signs_in_to_the_new_store(
    signup_server, browser, redis_url, slug, django_db_blocker
):
    context = browser.new_context(viewport=DESKTOP)
    page = open_page(context)
    page.goto(signup_server.url(None, "/signup/"))
    page.get_by_label("Store name").fill("Founded Goods")
    page.get_by_label("Store address").fill(slug)
    expect(page.locator("#slug-status")).to_contain_text("is available")
    page.get_by_label("Your email").fill(f"founder@{slug}.example")
    page.get_by_label("Password for your store's admin").fill(PASSWORD)
    save_screenshot(page, "founder-signup-form")
    page.get_by_role("button", name="Create my store").click()

    # The page answers at once; with no worker yet, every step waits.
    expect(page.locator("h1")).to_have_text("Setting up Founded Goods")
    expect(page.locator("#job-steps .step__label")).to_have_text(STEPS)
    assert step_states(page) == ["pending"] * 7
    expect(page.locator("#job-message")).to_have_text(
        "Your store is being set up. This takes a few seconds."
    )
    expect(page.locator("#job-percent")).to_have_text("0%")
    assert page.locator("#job-links").is_hidden()
    assert_accessible_basics(page, h1="Setting up Founded Goods")
    save_screenshot(page, "founder-progress-waiting")
    page.evaluate(_RECORD_STEP_STATES)

    # The last step (opening the store) updates the store's row: holding that row here keeps
    # the job there until the page has shown the steps before it done. A job now takes less
    # than the page's poll interval, so without the pause the page may see only the start and
    # the end.
    worker = None
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            Tenant.objects.select_for_update(no_key=True).get(slug=slug)
            worker = start_worker(redis_url, queue=signup_server.queue)
            succeeded = page.locator('#job-steps li[data-state="succeeded"]')
            expect(succeeded).to_have_count(6, timeout=90_000)
        expect(page.locator("#job-links")).to_be_visible(timeout=90_000)
    finally:
        if worker is not None:
            worker.kill()

    expect(page.locator("#job-message")).to_have_text("Your store is live.")
    expect(page.locator("#job-percent")).to_have_text("100%")
    expect(page.locator("#job-steps .step__state")).to_have_text(["Done"] * 7)
    expect(page.locator("#job-steps .step__time")).to_have_text([re.compile(r"^\d+ ms$")] * 7)
    # The steps completed in order, each seen by the page as its own change.
    seen = [states.split(",") for states in page.evaluate("window.seenStates")]
    done_counts = [states.count("succeeded") for states in seen]
    assert done_counts == sorted(done_counts) and done_counts[0] == 0 and done_counts[-1] == 7
    assert len(seen) > 2, seen  # more than "all waiting" and "all done": it advanced
    assert_accessible_basics(page, h1="Setting up Founded Goods")
    save_screenshot(page, "founder-progress-done")
    page.problems.assert_none()

    # The same page on a phone.
    phone_context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    phone = open_page(phone_context)
    phone.goto(page.url)
    expect(phone.locator("#job-links")).to_be_visible()
    assert_accessible_basics(phone, h1="Setting up Founded Goods")
    save_screenshot(phone, "founder-progress-phone")
    phone_context.close()

    # The store link: the new store, on its own host, with its starter catalog.
    store_home = signup_server.url(slug, "/")
    expect(page.locator("#store-link")).to_have_attribute("href", store_home)
    page.locator("#store-link").click()
    expect(page).to_have_url(store_home)
    expect(page.locator("h1")).to_have_text("Founded Goods")
    for product in ("Binder Clips", "Paper Clips", "Rubber Bands"):
        expect(page.get_by_role("link", name=product).first).to_be_visible()
    save_screenshot(page, "founder-store-home")
    page.problems.assert_none()

    # The admin link: the founder signs in to the store's admin with what they typed.
    page.go_back()
    expect(page.locator("#admin-link")).to_have_attribute("href", store_home + "admin/")
    page.locator("#admin-link").click()
    page.get_by_label("Username").fill(f"founder@{slug}.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(store_home + "admin/")
    expect(page.locator("#site-name")).to_be_visible()
    expect(page.get_by_text("Site administration")).to_be_visible()
    save_screenshot(page, "founder-store-admin")
    context.close()
