"""A member of one store is nobody in another: same username, different account."""

import pytest

from tenants.context import tenant_context
from tests.fixtures.accounts import PASSWORD, make_account, user_get, user_post

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_a_member_of_store_a_cannot_sign_in_to_store_b(alpha, client_for, store_b):
    make_account("ada_lovelace")
    client_b = client_for(store_b)

    body = user_post(client_b, "login", username="ada_lovelace", password=PASSWORD)

    assert body["login"] == "false"
    assert user_get(client_b, "logged-in")["logged_in"] is False


def test_the_same_username_in_two_stores_is_two_accounts(alpha, client_for, store_b):
    make_account("ada_lovelace", password="Store-A-password1")
    with tenant_context(store_b):
        make_account("ada_lovelace", password="Store-B-password1")

    a = user_post(client_for(alpha), "login", username="ada_lovelace", password="Store-B-password1")
    b = user_post(
        client_for(store_b), "login", username="ada_lovelace", password="Store-B-password1"
    )

    assert (a["login"], b["login"]) == ("false", "true")


def test_a_session_of_store_a_means_nothing_on_store_b(alpha, client_for, store_b):
    make_account("ada_lovelace")
    client = client_for(alpha)
    user_post(client, "login", username="ada_lovelace", password=PASSWORD)
    session_cookie = client.cookies["sessionid"].value
    client_b = client_for(store_b)
    client_b.cookies["sessionid"] = session_cookie

    assert user_get(client_b, "account-content")["account_content"] == {"authenticated": "false"}
