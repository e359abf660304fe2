"""/user/logout signs out, forgets the cart cookie and starts a new anonymous event id."""

import pytest

from tests.fixtures.accounts import make_account, user_get

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_logout_signs_out_and_resets_the_cookies(alpha, member_client):
    client = member_client(alpha, make_account())

    response = client.get("/user/logout")

    assert response.json() == {"logout": "true", "user-api-version": "0.0.1"}
    assert response.cookies["an_ct"]["max-age"] == 0
    assert response.cookies["anonymousclientevent"].value
    assert user_get(client, "logged-in")["logged_in"] is False


def test_logout_when_signed_out_says_so(alpha, client_a):
    assert user_get(client_a, "logout") == {
        "logout": "user_not_authenticated",
        "user-api-version": "0.0.1",
    }
