"""The unsubscribe page of a mail link: it looks the token up before the first paint, so a
good link shows whose (masked) address it unsubscribes and a bad one says why it fails."""

import pytest

from tenants.context import tenant_context
from tests.shop.campaigns.factories import make_member, make_prospect
from tests.shop.pages.markup import assert_page_is_clean

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]
H1 = "Unsubscribe from Alpha Store email"


def test_a_members_link_offers_to_unsubscribe_the_masked_address(store_a, client_for):
    with tenant_context(store_a):
        member = make_member("unsubpage", email="unsubpage@example.com")
    token = member.email_unsubscribe_string_signed

    response = client_for(store_a).get("/account/email-unsubscribe", {"token": token, "mb_cd": "x"})

    html = response.content.decode()
    page = assert_page_is_clean(response.content, h1=H1)
    assert "<strong>unsu*****@example.com</strong>" in html
    assert f'<input type="hidden" name="token" value="{token}">' in html
    assert page.script_srcs == ["/static/storefront/js/unsubscribe.js"]


def test_a_prospects_link_posts_its_pr_token(store_a, client_for):
    with tenant_context(store_a):
        prospect = make_prospect("lead@example.com")
    token = prospect.email_unsubscribe_string_signed

    html = client_for(store_a).get("/account/email-unsubscribe", {"pr_token": token}).content

    assert b"<strong>lead@example.com</strong>" in html
    assert f'<input type="hidden" name="pr_token" value="{token}">'.encode() in html


@pytest.mark.parametrize(
    ("query", "problem", "says"),
    [
        ({}, "token-required", "incomplete"),
        ({"token": "short"}, "token-invalid", "not valid"),
        ({"token": "A" * 43}, "member-not-found", "no longer works"),
        ({"pr_token": "<script>" * 5}, "token-invalid", "not valid"),
    ],
)
def test_a_bad_link_says_why_and_offers_no_button(store_a, client_for, query, problem, says):
    response = client_for(store_a).get("/account/email-unsubscribe", query)

    html = response.content.decode()
    page = assert_page_is_clean(response.content, h1=H1)
    assert f'data-unsubscribe-problem="{problem}"' in html
    assert says in html
    assert page.script_srcs == []
    assert "<script>" not in html.split("<main", 1)[1]


def test_an_address_already_unsubscribed_says_so(store_a, client_for):
    with tenant_context(store_a):
        member = make_member("unsubdone", unsubscribed=True)
    query = {"token": member.email_unsubscribe_string_signed}

    html = client_for(store_a).get("/account/email-unsubscribe", query).content.decode()

    assert "already unsubscribed" in html
