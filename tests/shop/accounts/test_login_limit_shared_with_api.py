"""A store's /user/login and its admin sign-in draw on one allowance: 10 password attempts an
hour per client address and 10 per username, whichever form they go through. The API answers
past the limit in its JSON shape (429, code "rate-limited", Retry-After), the admin with its
page."""

import pytest

from tests.fixtures.accounts import PASSWORD, make_account
from tests.fixtures.sign_ins import (
    STORE_ADMIN_LOGIN,
    WRONG_PASSWORD,
    assert_refused,
    attempt,
    make_staff_user,
)

pytestmark = pytest.mark.django_db(databases=["default", "second"])

RATE_LIMITED = {"login": "error", "errors": {"error": "rate-limited"}, "user-api-version": "0.0.1"}


def api_attempt(client, *, username="boss", password=WRONG_PASSWORD, address="203.0.113.10"):
    data = {"username": username, "password": password}
    return client.post("/user/login", data, REMOTE_ADDR=address)


def test_five_through_the_api_and_five_through_the_admin_use_up_the_address(alpha, client_a):
    make_staff_user("boss")
    api = [api_attempt(client_a, username=f"guess-{n}").status_code for n in range(5)]
    admin = [attempt(client_a, STORE_ADMIN_LOGIN, username=f"other-{n}").status_code
             for n in range(5)]  # fmt: skip

    api_after = api_attempt(client_a, username="someone")
    admin_after = attempt(client_a, STORE_ADMIN_LOGIN, username="someone-else")

    assert api == [200] * 5 and admin == [200] * 5
    assert (api_after.status_code, api_after["Retry-After"]) == (429, "3600")
    assert api_after.json() == RATE_LIMITED
    assert_refused(admin_after)


def test_the_api_limits_one_username_whatever_the_address(alpha, client_a):
    make_account("ada_lovelace")
    statuses = [
        api_attempt(client_a, username="ada_lovelace", address=f"198.51.100.{n}").status_code
        for n in range(10)
    ]

    right_password = api_attempt(
        client_a, username="Ada_Lovelace", password=PASSWORD, address="192.0.2.1"
    )
    other_username = api_attempt(client_a, username="grace_hopper", address="192.0.2.1")

    assert statuses == [200] * 10
    assert (right_password.status_code, right_password.json()) == (429, RATE_LIMITED)
    assert other_username.json()["login"] == "false"


def test_guesses_at_a_username_through_the_admin_lock_it_on_the_api_too(alpha, client_a):
    make_account("ada_lovelace")
    for n in range(10):
        attempt(client_a, STORE_ADMIN_LOGIN, username="ada_lovelace", address=f"198.51.100.{n}")

    response = api_attempt(
        client_a, username="ada_lovelace", password=PASSWORD, address="192.0.2.1"
    )

    assert (response.status_code, response.json()) == (429, RATE_LIMITED)
    assert client_a.get("/user/logged-in").json()["logged_in"] is False


@pytest.mark.parametrize(
    "data",
    [{}, {"username": "u" * 10_000, "password": "x"}, {"username": ["a", "b"], "password": "x"}],
    ids=["nothing", "long-username", "repeated"],
)
def test_no_input_makes_the_api_fail(alpha, client_a, data):
    answers = [
        client_a.post("/user/login", data, REMOTE_ADDR="192.0.2.5").status_code for _ in range(11)
    ]

    assert answers == [200] * 10 + [429]
