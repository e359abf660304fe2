"""A member who forgot their username gets it by mail; one who forgot their password resets
it from the mailed link and signs in with the new one; a reset link that was already used
says so clearly."""

import pytest
from playwright.sync_api import expect

from shop.accounts.models import Member
from shop.accounts.terms import agree_to_latest_terms
from tenants.context import tenant_context
from tests.e2e.account_mail import link_path, wait_for_mail
from tests.fixtures.browser import assert_accessible_basics, save_screenshot

pytestmark = pytest.mark.django_db

OLD_PASSWORD, NEW_PASSWORD = "Forgotten!Pass1", "Remembered!Pass2"


@pytest.fixture(scope="module")
def store(make_store, django_db_blocker):
    store = make_store("Margin Notes")
    with django_db_blocker.unblock(), tenant_context(store):
        from django.contrib.auth.models import User

        user = User.objects.create_user(
            "margin_lin", email="lin@example.com", password=OLD_PASSWORD, first_name="Lin"
        )
        agree_to_latest_terms(member=Member.objects.create(user=user))
    return store


def test_a_forgotten_username_arrives_by_mail(store, web_server, e2e_smtp_server, desktop):
    page = desktop
    page.goto(web_server.url(store, "/login"))
    page.get_by_role("link", name="Forgot your username?").click()
    assert_accessible_basics(page, h1="Forgot your username?")

    page.get_by_role("button", name="Email my username").click()
    expect(page.locator("#forgot-email-error")).to_have_text("Please enter your email address.")
    page.get_by_label("Email address", exact=True).fill("LIN@example.com")
    page.get_by_role("button", name="Email my username").click()
    expect(page.locator("main [data-form-status]")).to_contain_text("its username is on its way")
    email = page.get_by_label("Email address", exact=True)
    expect(email).not_to_have_attribute("aria-invalid", "true")
    save_screenshot(page, "sign-in-help-1-username-sent")

    [mail] = wait_for_mail(e2e_smtp_server, "lin@example.com", containing="Your username is")
    assert "Your username is: margin_lin" in mail.text
    page.problems.assert_none()


def test_a_password_is_reset_from_the_mailed_link(store, web_server, e2e_smtp_server, desktop):
    page = desktop
    page.goto(web_server.url(store, "/reset-password"))
    assert_accessible_basics(page, h1="Reset your password")
    page.get_by_label("Username").fill("margin_lin")
    page.get_by_label("Email address", exact=True).fill("lin@example.com")
    page.get_by_role("button", name="Email me a link").click()
    status = page.locator("main [data-form-status]")
    expect(status).to_contain_text("a link to choose a new password")

    [mail] = wait_for_mail(e2e_smtp_server, "lin@example.com", containing="password_reset_code")
    reset = link_path(mail, "/set-new-password")
    page.goto(web_server.url(store, reset))
    assert_accessible_basics(page, h1="Choose a new password")
    page.get_by_label("Username").fill("margin_lin")
    page.get_by_label("New password", exact=True).fill("weak")
    page.get_by_label("Confirm new password").fill("weak")
    page.get_by_role("button", name="Save new password").click()
    expect(page.locator("#set-password-error")).to_contain_text("at least 8 characters")
    expect(page.get_by_label("New password", exact=True)).to_be_focused()
    save_screenshot(page, "sign-in-help-2-new-password-error")

    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    expect(page.locator('[data-password-rules] li[data-kind="confirm"]')).to_have_attribute(
        "data-met", "true"
    )
    page.get_by_role("button", name="Save new password").click()
    expect(page.locator("main [data-form-status]")).to_have_text("Your password is changed.")
    save_screenshot(page, "sign-in-help-3-password-changed")
    page.problems.assert_none()

    # The link works once.
    page.get_by_label("Username").fill("margin_lin")
    page.get_by_label("New password", exact=True).fill("Another!Pass3")
    page.get_by_label("Confirm new password").fill("Another!Pass3")
    page.get_by_role("button", name="Save new password").click()
    expect(page.locator("main [data-form-status]")).to_contain_text("no longer valid")

    page.get_by_role("link", name="Sign in with your new password").click()
    page.get_by_label("Username").fill("margin_lin")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(web_server.url(store, "/account"))
    expect(page.locator("h1")).to_have_text("Your account")


def test_a_reset_link_without_a_valid_code_says_so(store, web_server, desktop):
    page = desktop
    page.goto(web_server.url(store, "/set-new-password?password_reset_code=not-a-real-code"))
    page.get_by_label("Username").fill("margin_lin")
    page.get_by_label("New password", exact=True).fill("Another!Pass3")
    page.get_by_label("Confirm new password").fill("Another!Pass3")
    page.get_by_role("button", name="Save new password").click()
    expect(page.locator("main [data-form-status]")).to_contain_text("This link is not valid")
    save_screenshot(page, "sign-in-help-4-bad-link")
