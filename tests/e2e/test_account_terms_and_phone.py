"""The terms pages and the banner that asks a signed-in member to agree to a newer terms of
use version; and the account pages at phone width (no sideways scrolling)."""

import pytest
from playwright.sync_api import expect

from shop.accounts.models import Member, Membertermsofuseversionagreed, Termsofuse
from shop.accounts.terms import agree_to_latest_terms
from tenants.context import tenant_context
from tests.e2e.conftest import read_committed
from tests.fixtures.browser import assert_accessible_basics, save_screenshot

pytestmark = pytest.mark.django_db

PASSWORD = "Terms!Reader1"


@pytest.fixture(scope="module")
def store(make_store, django_db_blocker):
    """A member who agreed to version 1; then the store published version 2."""
    store = make_store("Folio Goods")
    with django_db_blocker.unblock(), tenant_context(store):
        from django.contrib.auth.models import User

        user = User.objects.create_user(
            "folio_ida", email="ida@example.com", password=PASSWORD, first_name="Ida"
        )
        agree_to_latest_terms(member=Member.objects.create(user=user))
        Termsofuse.objects.create(version=2, version_note="<p>Returns now take 60 days.</p>")
    return store


def _sign_in(page, web_server, store) -> None:
    page.goto(web_server.url(store, "/login"))
    page.get_by_label("Username").fill("folio_ida")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(web_server.url(store, "/account"))


def test_the_terms_pages_speak_in_the_stores_name(store, web_server, desktop):
    page = desktop
    page.goto(web_server.url(store, "/"))
    for link, h1 in (
        ("Terms of use", "Terms of use"),
        ("Terms of sale", "Terms of sale"),
        ("Privacy policy", "Privacy policy"),
        ("About", "About Folio Goods"),
        ("Contact", "Contact Folio Goods"),
    ):
        page.get_by_role("contentinfo").get_by_role("link", name=link, exact=True).click()
        expect(page.locator("h1")).to_have_text(h1)
        assert_accessible_basics(page, h1=h1)
    page.goto(web_server.url(store, "/terms-of-use"))
    expect(page.locator("[data-terms-version]")).to_contain_text("Version 2")
    expect(page.locator("[data-terms-banner]")).to_have_count(0)  # visitors get no banner
    save_screenshot(page, "terms-1-terms-of-use")
    page.problems.assert_none()


def test_a_member_agrees_to_the_newer_terms_from_the_banner(
    store, web_server, desktop, django_db_blocker
):
    page = desktop
    _sign_in(page, web_server, store)
    banner = page.locator("[data-terms-banner]")
    expect(banner).to_contain_text("Our terms of use have changed")
    expect(banner).to_contain_text("Returns now take 60 days.")
    save_screenshot(page, "terms-2-banner")

    banner.get_by_role("button", name="I agree to version 2").click()
    expect(banner.get_by_role("status")).to_have_text(
        "Thank you: you agreed to version 2 of the terms of use."
    )
    assert read_committed(
        django_db_blocker,
        store,
        Membertermsofuseversionagreed.objects.filter(
            member__user__username="folio_ida", termsofuseversion__version=2
        ).exists,
    )
    page.reload()
    expect(page.locator("[data-terms-banner]")).to_have_count(0)
    page.problems.assert_none()


@pytest.mark.parametrize(
    ("path", "h1"),
    [
        ("/login", "Sign in"),
        ("/create-account", "Create an account"),
        ("/account", "Your account"),
        ("/account/edit-communication-preferences", "Communication preferences"),
        ("/terms-of-use", "Terms of use"),
    ],
)
def test_the_account_pages_fit_a_phone(store, web_server, phone, path, h1):
    page = phone
    if path.startswith("/account"):
        _sign_in(page, web_server, store)
    page.goto(web_server.url(store, path))
    assert_accessible_basics(page, h1=h1)
    page.get_by_role("button", name="Questions? Chat with us").click()
    assert_accessible_basics(page, h1=h1)  # the open chat panel fits too
    save_screenshot(page, f"phone-account{path.replace('/', '-')}")
    page.problems.assert_none()
