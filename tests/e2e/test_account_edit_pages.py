"""A member edits their information (a new address must be verified again), their
communication preferences (with the optional reasons) and their password, each from the
account page, with the API's errors next to the fields."""

import pytest
from playwright.sync_api import expect

from shop.accounts.models import Emailunsubscribereasons, Member
from shop.accounts.terms import agree_to_latest_terms
from tenants.context import tenant_context
from tests.e2e.account_mail import wait_for_mail
from tests.e2e.conftest import read_committed
from tests.fixtures.browser import assert_accessible_basics, save_screenshot

pytestmark = pytest.mark.django_db

PASSWORD, NEW_PASSWORD = "First!Password1", "Second!Password2"


@pytest.fixture(scope="module")
def store(make_store, django_db_blocker):
    store = make_store("Ledger Lane")
    with django_db_blocker.unblock(), tenant_context(store):
        from django.contrib.auth.models import User

        for username, first in (("ledger_kat", "Kat"), ("ledger_other", "Other")):
            user = User.objects.create_user(
                username, email=f"{username}@example.com", password=PASSWORD, first_name=first
            )
            member = Member.objects.create(user=user, email_verified=True)
            agree_to_latest_terms(member=member)
    return store


def _sign_in(page, web_server, store, next_path: str) -> None:
    page.goto(web_server.url(store, next_path))
    page.get_by_label("Username").fill("ledger_kat")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).not_to_have_text("Sign in")


def test_a_member_edits_their_information(store, web_server, e2e_smtp_server, desktop):
    page = desktop
    _sign_in(page, web_server, store, "/account")
    page.get_by_role("link", name="Edit my information").click()
    assert_accessible_basics(page, h1="Edit my information")
    expect(page.get_by_label("First name")).to_have_value("Kat")

    page.get_by_label("First name").fill("Kat!")
    page.get_by_label("Email address", exact=True).fill("ledger_other@example.com")
    page.get_by_role("button", name="Save my information").click()
    expect(page.locator("#info-firstname-error")).to_contain_text("letters, digits and spaces")
    expect(page.locator("#info-email-error")).to_contain_text("belongs to another account")
    expect(page.get_by_label("First name")).to_be_focused()
    save_screenshot(page, "account-edit-1-field-errors")

    page.get_by_label("First name").fill("Katherine")
    page.get_by_label("Last name").fill("Johnson")
    page.get_by_label("Email address", exact=True).fill("kat.new@example.com")
    page.get_by_role("button", name="Save my information").click()
    expect(page.locator("main [data-form-status]")).to_contain_text("Saved.")
    expect(page.locator("#info-firstname-error")).to_be_hidden()
    expect(page.get_by_role("link", name="Account of Katherine")).to_be_visible()  # the header
    wait_for_mail(e2e_smtp_server, "kat.new@example.com")

    page.get_by_role("link", name="Back to your account").click()
    expect(page.locator("dd", has_text="Katherine")).to_be_visible()
    expect(page.locator("[data-email-state]")).to_have_text("Not verified yet")

    page.get_by_role("button", name="Send verification email").click()
    expect(page.locator("[data-verify-request] [data-form-status]")).to_contain_text(
        "We sent you an email"
    )
    [_, again] = wait_for_mail(e2e_smtp_server, "kat.new@example.com", count=2)
    assert "/account/?email_verification_code=" in again.text
    page.problems.assert_none()


def test_a_member_changes_communication_preferences(store, web_server, desktop, django_db_blocker):
    page = desktop
    _sign_in(page, web_server, store, "/account/edit-communication-preferences")
    assert_accessible_basics(page, h1="Communication preferences")
    expect(page.get_by_text("Would you tell us why?")).to_be_hidden()

    page.get_by_label("Send me the Ledger Lane newsletter").check()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.locator("main [data-form-status]")).to_have_text("Your preferences are saved.")

    # Unsubscribing from everything unticks the newsletter and asks why.
    page.get_by_label("Unsubscribe me from all marketing email").check()
    expect(page.get_by_label("Send me the Ledger Lane newsletter")).not_to_be_checked()
    page.get_by_label("They are spam").check()
    page.get_by_label("Anything else").fill("Too many emails")
    save_screenshot(page, "account-edit-2-preferences")
    page.get_by_role("button", name="Save preferences").click()
    expect(page.locator("main [data-form-status]")).to_have_text("Your preferences are saved.")

    page.goto(web_server.url(store, "/account"))
    expect(page.locator("dd", has_text="Unsubscribed from all")).to_be_visible()
    reasons = read_committed(
        django_db_blocker,
        store,
        lambda: Emailunsubscribereasons.objects.get(member__user__username="ledger_kat"),
    )
    assert (reasons.spam, reasons.other) == (True, "Too many emails")
    page.problems.assert_none()


def test_a_member_changes_their_password(store, web_server, e2e_smtp_server, desktop):
    page = desktop
    _sign_in(page, web_server, store, "/account")
    page.get_by_role("link", name="Change password").click()
    assert_accessible_basics(page, h1="Change password")

    page.get_by_label("Current password").fill("not-it")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.locator("#change-current-password-error")).to_have_text(
        "The current password is not correct."
    )

    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm new password").fill(PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.locator("#change-new-password-error")).to_contain_text("must differ")
    save_screenshot(page, "account-edit-3-password-error")

    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.locator("main [data-form-status]")).to_contain_text("Your password is changed.")
    expect(page.get_by_label("New password", exact=True)).to_have_value("")

    # Still signed in here; the new password is the one that works now.
    page.goto(web_server.url(store, "/account"))
    expect(page.locator("h1")).to_have_text("Your account")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(web_server.url(store, "/"))
    page.goto(web_server.url(store, "/login"))
    page.get_by_label("Username").fill("ledger_kat")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(web_server.url(store, "/account"))
    page.problems.assert_none()
