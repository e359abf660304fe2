"""A store's admin gives the store its name and colours in the store's own /admin/, and the
storefront shows them at once."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tenants.context import tenant_context
from tests.fixtures.browser import assert_accessible_basics, save_screenshot

pytestmark = pytest.mark.django_db

PASSWORD = "Owner!pass1"


@pytest.fixture(scope="module")
def store(make_store, django_db_blocker):
    store = make_store("Plain Store")
    with django_db_blocker.unblock(), tenant_context(store):
        User.objects.create_superuser("owner", "owner@example.com", PASSWORD)
    return store


def test_the_admins_name_and_colours_reach_the_storefront(store, web_server, desktop):
    page = desktop
    page.goto(web_server.url(store, "/"))
    expect(page.locator(".site-header")).to_have_css("background-color", "rgb(31, 78, 121)")

    page.goto(web_server.url(store, "/admin/storefront/storetheme/add/"))
    page.get_by_label("Username").fill("owner")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Display name").fill("Plain & Simple Paper")
    page.get_by_label("Primary color").fill("#7b1fa2")
    page.get_by_label("Accent color").fill("#ffb300")
    save_screenshot(page, "admin-theme-form")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.goto(web_server.url(store, "/"))
    expect(page.locator("h1")).to_have_text("Plain & Simple Paper")
    expect(page.locator(".site-header")).to_have_css("background-color", "rgb(123, 31, 162)")
    # A light accent gets dark text: the cart badge stays readable.
    expect(page.locator(".cart-link__count")).to_have_css("color", "rgb(17, 17, 17)")
    assert_accessible_basics(page, h1="Plain & Simple Paper")
    save_screenshot(page, "admin-theme-storefront")
    page.problems.assert_none()
