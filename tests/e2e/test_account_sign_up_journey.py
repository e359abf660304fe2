"""A shopper creates an account, watching the password rules tick as they type; the welcome
mail's link verifies the address and the account page says so."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.account_mail import link_path, wait_for_mail
from tests.e2e.shopper import create_account
from tests.fixtures.browser import Problems, assert_accessible_basics, open_page, save_screenshot

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def store(make_store):
    return make_store("Quill Corner")


def _rule(page, kind: str):
    return page.locator(f'[data-password-rules] li[data-kind="{kind}"]')


def test_a_shopper_signs_up_and_verifies_the_address(store, web_server, e2e_smtp_server, desktop):
    page = desktop
    page.goto(web_server.url(store, "/login"))
    page.get_by_role("link", name="Create an account").click()
    expect(page.locator("h1")).to_have_text("Create an account")
    assert_accessible_basics(page, h1="Create an account")

    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Hopper")
    page.get_by_label("Username").fill("grace_h")
    page.get_by_label("Email address", exact=True).fill("grace@example.com")

    # The rules tick one by one as the password grows.
    password = page.get_by_label("Password", exact=True)
    password.fill("short")
    expect(_rule(page, "min-length")).to_have_text(re.compile("at least 8 characters"))
    expect(_rule(page, "min-length")).to_have_attribute("data-met", "false")
    expect(_rule(page, "capital")).to_have_attribute("data-met", "false")
    password.fill("longenough")
    expect(_rule(page, "min-length")).to_have_attribute("data-met", "true")
    expect(_rule(page, "capital")).to_have_attribute("data-met", "false")
    password.fill("Longenough")
    expect(_rule(page, "capital")).to_have_attribute("data-met", "true")
    expect(_rule(page, "special")).to_have_attribute("data-met", "false")
    password.press_sequentially("!7")
    expect(_rule(page, "special")).to_have_attribute("data-met", "true")
    page.get_by_label("Confirm password").fill("Longenough!")
    expect(_rule(page, "confirm")).to_have_attribute("data-met", "false")
    page.get_by_label("Confirm password").fill("Longenough!7")
    expect(_rule(page, "confirm")).to_have_attribute("data-met", "true")
    save_screenshot(page, "sign-up-1-rules-ticked")

    # The terms must be agreed to; the server's own errors show next to their fields.
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("#signup-terms-error")).to_contain_text("agree to the terms")
    page.get_by_label("I agree to the terms of use").check()
    page.get_by_label("Username").fill("gh")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("#signup-username-error")).to_contain_text("at least 6 characters")
    expect(page.get_by_label("Username")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Username")).to_be_focused()
    save_screenshot(page, "sign-up-2-field-error")

    page.get_by_label("Username").fill("grace_h")
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(web_server.url(store, "/account"))
    expect(page.locator("[data-email-state]")).to_have_text("Not verified yet")
    expect(page.get_by_role("link", name="Account of Grace")).to_be_visible()
    page.problems.assert_none()

    # The welcome mail's link verifies the address (the page posts the code, then drops it
    # from the address bar).
    [welcome] = wait_for_mail(e2e_smtp_server, "grace@example.com")
    assert "Welcome to Quill Corner" in welcome.text
    verify = link_path(welcome, "/account/")
    assert "email_verification_code=" in verify
    page.goto(web_server.url(store, verify))
    expect(page.locator("[data-account-status]")).to_have_text(
        "Thank you: your email address is verified."
    )
    expect(page.locator("[data-email-state]")).to_have_text("Yes, verified")
    expect(page.get_by_role("button", name="Send verification email")).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/account/$"))
    assert_accessible_basics(page, h1="Your account")
    save_screenshot(page, "sign-up-3-verified")
    page.reload()
    expect(page.locator("[data-email-state]")).to_have_text("Yes, verified")
    page.problems.assert_none()


def test_a_verification_link_opened_signed_out_verifies_after_signing_in(
    store, web_server, e2e_smtp_server, browser
):
    """The link works from a fresh browser too: sign in first, then back to the link."""
    context = browser.new_context()
    page = open_page(context, problems=Problems())
    create_account(
        page,
        web_server.url(store, "/create-account"),
        first_name="Alan",
        last_name="Turing",
        username="alan_t",
        email="alan@example.com",
        password="Enigma!Machine9",
    )
    [welcome] = wait_for_mail(e2e_smtp_server, "alan@example.com")
    context.close()

    context = browser.new_context()
    page = open_page(context, problems=Problems())
    page.goto(web_server.url(store, link_path(welcome, "/account/")))
    expect(page).to_have_url(re.compile(r"/login\?next=%2Faccount%2F%3Femail_verification_code"))
    page.get_by_label("Username").fill("alan_t")
    page.get_by_label("Password").fill("Enigma!Machine9")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("[data-email-state]")).to_have_text("Yes, verified")
    page.problems.assert_none()
    context.close()
