"""The sign-in page: its form, `?next=` kept only when it is a path on this store, the
header's Sign in / Account and Sign out."""

import re

import pytest

from tenants.context import tenant_context
from tests.fixtures.shop import make_member
from tests.shop.pages.markup import assert_page_is_clean

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]


def _next_of(html: str) -> str:
    return re.search(r'data-login-form data-next="([^"]*)"', html).group(1)


def test_the_login_page_is_a_clean_form_of_username_password_and_remember_me(store_a, client_for):
    response = client_for(store_a).get("/login")

    assert response.status_code == 200
    page = assert_page_is_clean(response.content, h1="Sign in")
    assert page.field_ids == ["login-username", "login-password", "login-remember-me"]
    assert page.site_field_ids == ["chat-name", "chat-email", "chat-message"]
    assert "/static/storefront/js/login.js" in page.script_srcs
    assert _next_of(response.content.decode()) == "/account"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("/cart", "/cart"),
        ("/account/order?identifier=AbC123", "/account/order?identifier=AbC123"),
        ("account/order", "/account/order"),
        ("//evil.example/path", "/account"),
        ("/\\evil.example", "/account"),
        ("http://evil.example/", "/account"),
        ("https:evil.example", "/account"),
        ("javascript:alert(1)", "/account"),
        ("/path\nwith-newline", "/account"),
        ("", "/account"),
        ("/login?next=/cart", "/account"),
        ("/create-account/", "/account"),
    ],
)
def test_next_is_kept_only_when_it_is_a_path_on_this_store(store_a, client_for, given, kept):
    response = client_for(store_a).get("/login", {"next": given})

    assert _next_of(response.content.decode()) == kept.replace("&", "&amp;")


ORDER_PAGE = "/account/order?identifier=AbC123"


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        ({"next": "account/order", "order_identifier": "AbC123"}, ORDER_PAGE),
        ({"next": "/account/order", "order_identifier": "AbC123"}, ORDER_PAGE),
        ({"next": "account/order", "order_identifier": "bad id!"}, "/account/order"),
        ({"next": "/cart", "order_identifier": "AbC123"}, "/cart"),
    ],
)
def test_the_references_order_identifier_comes_back_as_the_orders_page(
    store_a, client_for, query, kept
):
    """The original's order page sent `/login?next=account/order&order_identifier=<id>`."""
    response = client_for(store_a).get("/login", query)

    assert _next_of(response.content.decode()) == kept


def test_a_signed_in_member_is_sent_on_to_next(store_a, member_client):
    with tenant_context(store_a):
        member = make_member("loginpage1")
    response = member_client(store_a, member).get("/login", {"next": "//evil.example"})

    assert response.status_code == 302
    assert response["Location"] == "/account"


def test_a_signed_in_member_sent_back_to_the_login_page_does_not_loop(store_a, member_client):
    with tenant_context(store_a):
        member = make_member("loginpage3")
    response = member_client(store_a, member).get("/login", {"next": "/login"})

    assert response["Location"] == "/account"


def test_the_header_offers_sign_in_to_visitors_and_account_and_sign_out_to_members(
    store_a, client_for, member_client
):
    visitor = client_for(store_a).get("/cart").content.decode()
    assert 'href="/login?next=/cart"' in visitor
    assert "Sign out" not in visitor

    with tenant_context(store_a):
        member = make_member("loginpage2")
        member.user.first_name = "Ada"
        member.user.save()
    html = member_client(store_a, member).get("/cart").content.decode()
    assert re.search(
        r'<a href="/account" class="account-link"><span class="visually-hidden">'
        r"Account of </span>Ada</a>",
        html,
    )
    assert re.search(r'<form class="sign-out-form" method="post" action="/user/logout"', html)
    assert ">Sign in<" not in html


def test_the_footer_links_the_terms_and_info_pages(store_a, client_for):
    html = client_for(store_a).get("/").content.decode()

    for path in ("/terms-of-use", "/terms-of-sale", "/privacy-policy", "/about", "/contact"):
        assert f'href="{path}"' in html
