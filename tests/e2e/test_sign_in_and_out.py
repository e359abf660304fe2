"""A member signs in from the page they were on and comes back to it (`?next=`), sees a
wrong password refused next to the form, signs out from the header; a `next` that leads
off the store is never followed."""

import re

import pytest
from playwright.sync_api import expect

from shop.accounts.models import Member
from shop.accounts.terms import agree_to_latest_terms
from tenants.context import tenant_context
from tests.fixtures.browser import assert_accessible_basics, save_screenshot

pytestmark = pytest.mark.django_db

PASSWORD = "Sturdy!Pass42"


@pytest.fixture(scope="module")
def store(make_store, django_db_blocker):
    store = make_store("Inkwell Supply")
    with django_db_blocker.unblock(), tenant_context(store):
        from django.contrib.auth.models import User

        user = User.objects.create_user(
            "inkwell_ada", email="ada@example.com", password=PASSWORD, first_name="Ada"
        )
        agree_to_latest_terms(member=Member.objects.create(user=user))
    return store


def test_a_member_signs_in_back_to_the_page_they_were_on_and_signs_out(store, web_server, desktop):
    page = desktop
    page.goto(web_server.url(store, "/cart"))
    page.get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/login\?next=/cart$"))
    assert_accessible_basics(page, h1="Sign in")

    # Nothing typed: each field says so.
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#login-username-error")).to_have_text("Please enter your username.")
    expect(page.get_by_label("Username")).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Username").fill("inkwell_ada")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("[data-form-status]").first).to_contain_text("do not match")
    expect(page.get_by_label("Password")).to_be_focused()
    save_screenshot(page, "sign-in-1-wrong-password")

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Keep me signed in on this device").check()
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(web_server.url(store, "/cart"))
    expect(page.get_by_role("link", name="Account of Ada")).to_be_visible()
    save_screenshot(page, "sign-in-2-back-on-the-cart")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(web_server.url(store, "/"))
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    page.problems.assert_none()


def test_a_next_that_leads_off_the_store_is_not_followed(store, web_server, desktop):
    page = desktop
    page.goto(web_server.url(store, "/login?next=//evil.example/steal"))
    page.get_by_label("Username").fill("inkwell_ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(web_server.url(store, "/account"))
    page.problems.assert_none()

    # A verification link that is not the member's current one says so.
    page.goto(web_server.url(store, "/account/?email_verification_code=not-a-code"))
    expect(page.locator("[data-account-status]")).to_contain_text(
        "We could not verify your email address."
    )
    expect(page.locator("[data-email-state]")).to_have_text("Not verified yet")
    expect(page).to_have_url(web_server.url(store, "/account/"))
    page.problems.assert_none()
