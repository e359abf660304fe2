"""The platform's own pages in a browser: the landing page leads to signup, the signup form
checks the store address as the founder types and shows the server's errors next to their
fields, and every page reads at phone and desktop width."""

import secrets

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connections, transaction
from playwright.sync_api import expect

from control_plane.provisioning.services import provision_store
from tenants.services import add_domain
from tests.control_plane.helpers import remove_store
from tests.fixtures.browser import assert_accessible_basics, save_screenshot

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def failed_job(make_store, django_db_blocker):
    """A signup one of whose hosts (`<slug>.localhost`) went to another store before its job
    ran: the job fails at its infrastructure step (committed, its steps run in this process)."""
    owner = make_store("Owner Goods")
    slug = f"unlucky-{secrets.token_hex(3)}"
    with django_db_blocker.unblock():
        with transaction.atomic():
            job = provision_store(
                name="Unlucky Goods",
                slug=slug,
                founder_email=f"founder@{slug}.example",
                founder_password_hash=make_password("Unlucky-pass-42"),
            )
            add_domain(owner, f"{slug}.localhost")
        job.refresh_from_db()
    assert job.status == "failed"
    yield job
    with django_db_blocker.unblock():
        remove_store(slug)
        connections.close_all()


def test_the_landing_page_leads_a_founder_to_signup(web_server, desktop):
    page = desktop
    page.goto(web_server.url(None, "/"))

    assert_accessible_basics(page, h1="Storefleet")
    expect(page.get_by_role("link", name="Operator sign-in").first).to_have_attribute(
        "href", "/dashboard/login/"
    )
    save_screenshot(page, "platform-landing")
    page.get_by_role("link", name="Start your store").first.click()

    expect(page).to_have_url(web_server.url(None, "/signup/"))
    assert_accessible_basics(page, h1="Start your store")
    page.problems.assert_none()


def test_the_signup_form_checks_the_address_and_shows_errors_by_their_fields(web_server, desktop):
    page = desktop
    page.goto(web_server.url(None, "/signup/"))
    slug = page.get_by_label("Store address")

    page.get_by_label("Store name").fill("Café Crème")
    expect(slug).to_have_value("cafe-creme")  # suggested from the name
    expect(page.locator("#slug-status")).to_have_text(
        "cafe-creme.platform.test is available.", use_inner_text=True
    )
    slug.fill("www")
    expect(page.locator("#slug-status")).to_have_text("'www' is reserved.")
    expect(slug).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Your email").fill("founder@example.com")
    page.get_by_label("Password for your store's admin").fill("short")
    page.get_by_role("button", name="Create my store").click()

    expect(page.get_by_role("alert")).to_contain_text("Please correct the 2 problems")
    for name, message in (("slug", "'www' is reserved."), ("password", "too short")):
        field = page.locator(f"#id_{name}")
        expect(field).to_have_attribute("aria-invalid", "true")
        assert f"id_{name}_error" in field.get_attribute("aria-describedby").split()
        expect(page.locator(f"#id_{name}_error")).to_contain_text(message)
    assert_accessible_basics(page, h1="Start your store")
    save_screenshot(page, "platform-signup-errors")
    # The refused POST itself (400, and the console's note of it) is the only problem.
    assert f"http 400: {web_server.url(None, '/signup/')}" in page.problems.messages
    assert all("400" in message for message in page.problems.messages)


@pytest.mark.parametrize(
    ("path", "h1"),
    [
        ("/", "Storefleet"),
        ("/signup/", "Start your store"),
        ("/dashboard/login/", "Operator sign-in"),
    ],
)
def test_the_platform_pages_fit_a_phone(web_server, phone, path, h1):
    phone.goto(web_server.url(None, path))

    assert_accessible_basics(phone, h1=h1)
    name = path.strip("/").replace("/", "-") or "landing"
    save_screenshot(phone, f"platform-phone-{name}")
    phone.problems.assert_none()


def test_the_signup_form_can_be_filled_by_keyboard_alone(web_server, desktop):
    page = desktop
    page.goto(web_server.url(None, "/signup/"))

    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    page.get_by_label("Store name").focus()
    page.keyboard.type("Keyboard Goods")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Store address")).to_be_focused()
    expect(page.get_by_label("Store address")).to_have_value("keyboard-goods")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Your email")).to_be_focused()
    page.problems.assert_none()


def test_a_failed_job_says_so_clearly_and_offers_no_links(failed_job, web_server, desktop):
    page = desktop
    page.goto(web_server.url(None, f"/signup/jobs/{failed_job.token}/"))

    expect(page.locator("#job-message")).to_have_text(
        "Something went wrong while setting up your store. "
        "Our team has been told and will finish it for you."
    )
    expect(page.locator("#job-failed")).to_be_visible()
    expect(page.locator('#job-steps li[data-step="infrastructure"] .step__state')).to_have_text(
        "Failed"
    )
    expect(page.locator('#job-steps li[data-step="schema"] .step__state')).to_have_text("Done")
    assert page.locator("#job-links").is_hidden()
    # The founder is not shown the operators' error text.
    expect(page.locator("main")).not_to_contain_text("already serves another store")
    assert_accessible_basics(page, h1="Setting up Unlucky Goods")
    save_screenshot(page, "founder-progress-failed")
    page.problems.assert_none()
