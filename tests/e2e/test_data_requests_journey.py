"""Shoppers' data requests in a real browser: a member downloads their data from their
account page (a JSON file); a store admin erases a prospect from the Prospects list, through
the confirmation page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from shop.accounts.models import DataRequest, Prospect
from tenants.context import tenant_context
from tests.e2e.conftest import log_in_by_api, read_committed
from tests.fixtures.accounts import PASSWORD, make_account, make_prospect
from tests.fixtures.browser import save_screenshot

pytestmark = pytest.mark.django_db

ADMIN_PASSWORD = "Owner!pass1"


@pytest.fixture(scope="module")
def store(make_store, django_db_blocker):
    store = make_store("Privacy Store")
    with django_db_blocker.unblock(), tenant_context(store):
        User.objects.create_superuser("owner", "owner@example.com", ADMIN_PASSWORD)
        make_account("dora_data", email="dora.data@example.com", first_name="Dora")
        make_prospect("erase.me.please@example.com", first_name="Eraseme")
    return store


def test_a_member_downloads_their_data_from_the_account_page(store, web_server, desktop):
    page = desktop
    page.goto(web_server.url(store, "/"))
    assert log_in_by_api(page, "dora_data", PASSWORD)["login"] == "true"
    page.goto(web_server.url(store, "/account"))
    save_screenshot(page, "account-download-my-data")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()

    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert download.value.suggested_filename.endswith(".json")
    assert data["account"]["email_data"]["email_address"] == "dora.data@example.com"
    assert data["account"]["personal_data"]["first_name"] == "Dora"
    assert data["orders"] == []
    page.problems.assert_none()


def test_an_admin_erases_a_prospect(store, web_server, desktop, django_db_blocker):
    page = desktop
    page.goto(web_server.url(store, "/admin/accounts/prospect/"))
    page.get_by_label("Username").fill("owner")
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("row", name="erase.me.please@example.com").get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("erase_personal_data")
    page.get_by_role("button", name="Go").click()

    expect(page.locator("#erase-subjects")).to_have_text("erase.me.please@example.com")
    save_screenshot(page, "admin-erase-prospect-confirmation")
    page.get_by_role("button", name="Yes, erase").click()

    expect(page.locator(".messagelist")).to_contain_text("Erased the personal data of 1")
    kinds = read_committed(
        django_db_blocker,
        store,
        lambda: (
            Prospect.objects.filter(email="erase.me.please@example.com").exists(),
            list(DataRequest.objects.values_list("kind", flat=True)),
        ),
    )
    assert kinds[0] is False and DataRequest.Kind.ERASE_PROSPECT in kinds[1]
    page.problems.assert_none()
