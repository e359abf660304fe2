"""The sign-up and password-help pages: clean forms whose password rules are the server's
own (AUTH_PASSWORD_VALIDATORS), rendered for the page's script to tick."""

import re

import pytest
from django.test import override_settings

from tests.shop.pages.markup import assert_page_is_clean

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]


def _rules(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<li data-kind="([a-z-]+)" data-value="([^"]*)" data-met="false">', html)


def test_the_sign_up_page_lists_the_servers_password_rules(store_a, client_for):
    response = client_for(store_a).get("/create-account")

    html = response.content.decode()
    page = assert_page_is_clean(response.content, h1="Create an account")
    assert page.field_ids == [
        "signup-firstname", "signup-lastname", "signup-username", "signup-email",
        "signup-password", "signup-confirm-password",
        "signup-newsletter", "signup-remember-me", "signup-terms",
    ]  # fmt: skip
    assert _rules(html) == [
        ("min-length", "8"),
        ("max-length", "50"),
        ("capital", ""),
        ("special", "!&quot;#$%&amp;&#x27;()*+,-./:;&lt;=&gt;?@[\\]^_`{|}~"),
        ("confirm", ""),
        ("on-submit", ""),
        ("on-submit", ""),
    ]
    assert "Your password must contain at least 8 characters." in html
    assert 'aria-describedby="signup-password-rules signup-password-error"' in html
    assert "I agree to the" in html and "(version 1)" in html


@override_settings(
    AUTH_PASSWORD_VALIDATORS=[
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 12},
        }
    ]
)
def test_the_rules_follow_the_settings_not_a_copy(store_a, client_for):
    html = client_for(store_a).get("/create-account").content.decode()

    assert _rules(html) == [("min-length", "12"), ("confirm", "")]


@pytest.mark.parametrize(
    ("path", "h1", "fields"),
    [
        ("/forgot-username", "Forgot your username?", ["forgot-email"]),
        ("/reset-password", "Reset your password", ["reset-username", "reset-email"]),
        (
            "/set-new-password?password_reset_code=abc",
            "Choose a new password",
            ["set-username", "set-password", "set-confirm-password"],
        ),
    ],
)
def test_the_password_help_pages_are_clean_forms(store_a, client_for, path, h1, fields):
    response = client_for(store_a).get(path)

    assert response.status_code == 200
    page = assert_page_is_clean(response.content, h1=h1)
    assert page.field_ids == fields
    assert page.script_srcs == ["/static/storefront/js/account-simple-forms.js"]


def test_a_reset_link_without_its_code_says_so_and_offers_a_new_one(store_a, client_for):
    html = client_for(store_a).get("/set-new-password").content.decode()

    assert "This link is incomplete" in html
    assert 'href="/reset-password"' in html
    assert "<form" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_reset_code_is_kept_in_the_form_escaped(store_a, client_for):
    html = client_for(store_a).get("/set-new-password", {"password_reset_code": 'a"><b>'}).content
    assert b'name="password_reset_code" value="a&quot;&gt;&lt;b&gt;"' in html


def test_the_password_changed_mails_forgot_password_link_leads_to_the_reset_page(
    store_a, client_for
):
    response = client_for(store_a).get("/forgot-password")

    assert (response.status_code, response["Location"]) == (302, "/reset-password")
