"""/user/login: by username and password, merging the anonymous cart."""

import pytest
from django.contrib.auth import get_user_model

from shop.accounts.models import Member
from shop.cart.models import Cart, Cartsku
from tests.fixtures.accounts import PASSWORD, make_account, user_get, user_post
from tests.fixtures.shop import add_to_cart, seeded_sku

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_the_right_password_signs_the_member_in(alpha, client_a):
    make_account("ada_lovelace")

    body = user_post(client_a, "login", username="ada_lovelace", password=PASSWORD)

    assert body == {"login": "true", "user-api-version": "0.0.1"}
    assert user_get(client_a, "logged-in")["logged_in"] is True


def test_a_wrong_password_is_false(alpha, client_a):
    make_account("ada_lovelace")

    body = user_post(client_a, "login", username="ada_lovelace", password="Wrong-Horse-9")

    assert body == {"login": "false", "user-api-version": "0.0.1"}
    assert user_get(client_a, "logged-in")["logged_in"] is False


def test_usernames_are_case_sensitive(alpha, client_a):
    make_account("ada_lovelace")

    assert user_post(client_a, "login", username="Ada_Lovelace", password=PASSWORD)["login"] == (
        "false"
    )


def test_missing_fields_are_field_errors(alpha, client_a):
    body = user_post(client_a, "login")

    assert body == {
        "login": "false",
        "errors": {
            "username": [{"type": "required", "description": "username is required."}],
            "password": [{"type": "required", "description": "password is required."}],
        },
        "user-api-version": "0.0.1",
    }


def test_without_remember_me_the_session_ends_with_the_browser(alpha, client_a):
    make_account("ada_lovelace")

    user_post(client_a, "login", username="ada_lovelace", password=PASSWORD, remember_me="false")

    assert client_a.session.get_expire_at_browser_close() is True


def test_with_remember_me_the_session_lasts_two_weeks(alpha, client_a):
    make_account("ada_lovelace")

    response = client_a.post(
        "/user/login", {"username": "ada_lovelace", "password": PASSWORD, "remember_me": "true"}
    )

    assert client_a.session.get_expire_at_browser_close() is False
    assert response.cookies["sessionid"]["max-age"] == 1209600


def test_login_merges_the_anonymous_cart_and_deletes_the_cart_cookie(alpha, client_a):
    member = make_account("ada_lovelace")
    add_to_cart(client_a, seeded_sku("Left Sided Paperclip"), quantity=2)

    response = client_a.post("/user/login", {"username": "ada_lovelace", "password": PASSWORD})

    assert response.json()["login"] == "true"
    assert response.cookies["an_ct"].value == ""
    assert response.cookies["an_ct"]["max-age"] == 0
    cart = Cart.objects.get(member=member)
    assert list(Cartsku.objects.filter(cart=cart).values_list("sku__description", "quantity")) == [
        ("Left Sided Paperclip", 2)
    ]
    assert not Cart.objects.filter(member__isnull=True).exists()


def test_an_account_made_by_createsuperuser_signs_in_and_becomes_a_member(alpha, client_a):
    get_user_model().objects.create_superuser("root_admin", "root@example.com", PASSWORD)

    body = user_post(client_a, "login", username="root_admin", password=PASSWORD)

    assert body["login"] == "true"
    member = Member.objects.get(user__username="root_admin")
    assert member.email_unsubscribe_string_signed
    assert user_get(client_a, "logged-in")["logged_in"] is True


def test_a_get_is_not_allowed(alpha, client_a):
    response = client_a.get("/user/login")

    assert response.status_code == 405
    assert response.json() == {
        "login": "error",
        "errors": {"error": "method-not-allowed"},
        "user-api-version": "0.0.1",
    }
