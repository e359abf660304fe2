"""The platform's own pages in a browser: the landing page leads to signup, the signup form
checks the store address as the founder types and shows the server's errors next to their
fields, and every page reads at phone and desktop width."""

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import assert_accessible_basics, save_screenshot

pytestmark = pytest.mark.django_db


def test_the_landing_page_leads_a_founder_to_signup(web_server, desktop):
    page = desktop
    page.goto(web_server.url(None, "/"))

    assert_accessible_basics(page, h1="Your own online store, live in seconds")
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
        ("/", "Your own online store, live in seconds"),
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
