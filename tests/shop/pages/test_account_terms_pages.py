"""The terms and info pages speak in the store's name; the terms of use page shows the
latest version (terms are rows), and a member who has not agreed to it sees the banner."""

import datetime as dt

import pytest

from shop.accounts.models import Termsofuse
from shop.accounts.terms import agree_to_latest_terms
from tenants.context import tenant_context
from tests.fixtures.shop import make_member
from tests.shop.pages.markup import assert_page_is_clean

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]


@pytest.mark.parametrize(
    ("path", "h1"),
    [
        ("/terms-of-use", "Terms of use"),
        ("/terms-of-sale", "Terms of sale"),
        ("/privacy-policy", "Privacy policy"),
        ("/about", "About Alpha Store"),
        ("/contact", "Contact Alpha Store"),
    ],
)
def test_each_info_page_is_clean_and_in_the_stores_name(store_a, client_for, path, h1):
    response = client_for(store_a).get(path)

    assert response.status_code == 200
    assert_page_is_clean(response.content, h1=h1)
    assert "Alpha Store" in response.content.decode().split("<main", 1)[1]


def test_the_contact_page_gives_the_owners_address(store_a, client_for):
    html = client_for(store_a).get("/contact").content.decode()

    assert "mailto:owner@" in html


def test_the_terms_page_shows_the_latest_version_without_its_markup(store_a, client_for):
    with tenant_context(store_a):
        Termsofuse.objects.create(
            version=2,
            version_note="<p>Returns now take <b>60</b> days.</p>",
            publication_date_time=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
        )
    html = client_for(store_a).get("/terms-of-use").content.decode()

    assert 'data-terms-version="2">Version 2, in force since March 1, 2026.' in html
    assert "Returns now take 60 days." in html
    assert "<b>60</b>" not in html


def test_the_banner_asks_only_a_member_who_has_not_agreed_to_the_latest_version(
    store_a, client_for, member_client
):
    with tenant_context(store_a):
        agreed, behind = make_member("termsagreed"), make_member("termsbehind")
        agree_to_latest_terms(member=agreed)
        agree_to_latest_terms(member=behind)
        Termsofuse.objects.create(version=2, version_note="<p>New returns rules.</p>")
        agree_to_latest_terms(member=agreed)

    def banner(client) -> bool:
        return "data-terms-banner" in client.get("/").content.decode()

    assert not banner(client_for(store_a))
    assert not banner(member_client(store_a, agreed))
    html = member_client(store_a, behind).get("/cart").content.decode()
    assert 'data-terms-agree data-version="2"' in html
    assert "New returns rules." in html
    assert "I agree to version 2" in html
