"""Changing a password asks for the current one, and each try counts like a sign-in of the
signed-in user: the store's /user/change-my-password API and its admin's password change
refuse the try past the limit (429 with Retry-After), the right password too, so a session
is no way around the sign-in limit. Other users keep their own allowance."""

import pytest
from django.test import Client

from tests.fixtures.accounts import PASSWORD, make_account
from tests.fixtures.sign_ins import STAFF_PASSWORD, WRONG_PASSWORD, assert_refused, make_staff_user

pytestmark = pytest.mark.django_db(databases=["default", "second"])

NEW = "Difference-Engine-2"
ADMIN_PASSWORD_CHANGE = "/admin/password_change/"


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.LOGIN_RATE_LIMIT_PER_USERNAME = 3


def _api_try(client: Client, current: str):
    return client.post(
        "/user/change-my-password",
        {"current_password": current, "new_password": NEW, "confirm_new_password": NEW},
    )


def test_the_api_refuses_the_current_password_past_the_users_limit(alpha, member_client):
    client = member_client(alpha, make_account("ada_lovelace", email="ada@example.com"))
    other = member_client(alpha, make_account("charles_babbage", email="charles@example.com"))

    wrong = [_api_try(client, "nope").json()["change_my_password"] for _ in range(3)]
    refused = _api_try(client, PASSWORD)
    others = _api_try(other, PASSWORD)

    assert wrong == ["errors"] * 3
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert refused.json()["errors"]["error"] == "rate-limited"
    assert others.json()["change_my_password"] == "success"


def _admin_try(client: Client, old: str):
    return client.post(
        ADMIN_PASSWORD_CHANGE,
        {"old_password": old, "new_password1": NEW, "new_password2": NEW},
    )


def test_the_store_admins_password_change_refuses_past_the_users_limit(alpha, client_a):
    client_a.force_login(make_staff_user("boss"))

    wrong = [_admin_try(client_a, WRONG_PASSWORD).status_code for _ in range(3)]
    response = _admin_try(client_a, STAFF_PASSWORD)

    assert wrong == [200] * 3  # the form again, with its error
    assert "<title>Too many sign-in attempts · Alpha Store</title>" in assert_refused(response)
    assert client_a.get(ADMIN_PASSWORD_CHANGE).status_code == 200  # showing it is no try


def test_the_store_admins_password_change_still_needs_a_signed_in_user(alpha, client_a):
    response = client_a.get(ADMIN_PASSWORD_CHANGE)

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
