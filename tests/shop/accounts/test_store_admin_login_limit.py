"""A store's admin sign-in (/admin/login/ on its host) is limited like its /user/login: 10
password attempts an hour per client address and per username, counted before the password
is checked; the 11th gets a 429 page in the store's look with Retry-After, even with the
right password. Showing the form is not an attempt."""

import pytest

from tests.fixtures.sign_ins import (
    STAFF_PASSWORD,
    STORE_ADMIN_LOGIN,
    assert_refused,
    attempt,
    make_staff_user,
    statuses_of,
)

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_the_eleventh_wrong_password_gets_the_stores_429_page(alpha, client_a):
    make_staff_user("boss")

    statuses = statuses_of(client_a, STORE_ADMIN_LOGIN, 10)
    response = attempt(client_a, STORE_ADMIN_LOGIN)

    assert statuses == [200] * 10
    html = assert_refused(response)
    assert "<title>Too many sign-in attempts · Alpha Store</title>" in html
    assert "storefront/store.css" in html


def test_the_right_password_past_the_limit_is_refused_and_signs_no_one_in(alpha, client_a):
    make_staff_user("boss")
    statuses_of(client_a, STORE_ADMIN_LOGIN, 10)

    response = attempt(client_a, STORE_ADMIN_LOGIN, password=STAFF_PASSWORD)

    assert_refused(response)
    assert client_a.get("/admin/").status_code == 302  # still signed out


def test_showing_the_form_is_not_an_attempt(alpha, client_a):
    make_staff_user("boss")

    shown = [client_a.get(STORE_ADMIN_LOGIN).status_code for _ in range(15)]
    statuses = statuses_of(client_a, STORE_ADMIN_LOGIN, 9)
    response = attempt(client_a, STORE_ADMIN_LOGIN, password=STAFF_PASSWORD)

    assert shown == [200] * 15 and statuses == [200] * 9
    assert response.status_code == 302
    assert client_a.get("/admin/").status_code == 200  # signed in


def test_one_username_is_limited_whatever_the_address(alpha, client_a):
    make_staff_user("boss")
    statuses = [
        attempt(client_a, STORE_ADMIN_LOGIN, address=f"198.51.100.{n}").status_code
        for n in range(10)
    ]

    from_new_address = attempt(
        client_a, STORE_ADMIN_LOGIN, username="BOSS", password=STAFF_PASSWORD, address="192.0.2.1"
    )
    other_username = attempt(client_a, STORE_ADMIN_LOGIN, username="clerk", address="192.0.2.1")

    assert statuses == [200] * 10
    assert_refused(from_new_address)
    assert other_username.status_code == 200


def test_one_address_is_limited_whatever_the_username(alpha, client_a):
    make_staff_user("boss")
    statuses = [
        attempt(client_a, STORE_ADMIN_LOGIN, username=f"guess-{n}").status_code for n in range(10)
    ]

    same_address = attempt(client_a, STORE_ADMIN_LOGIN, password=STAFF_PASSWORD)
    other_address = attempt(
        client_a, STORE_ADMIN_LOGIN, password=STAFF_PASSWORD, address="192.0.2.77"
    )

    assert statuses == [200] * 10
    assert_refused(same_address)
    assert other_address.status_code == 302


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"password": "x"},
        {"username": "u" * 10_000, "password": "x"},
        {"username": ["one", "two"], "password": ["x", "y"]},
        {"username": "\x00", "password": "\x00"},
        {"username": "ﬀ\u0301 ", "password": "x"},
    ],
    ids=["nothing", "no-username", "long-username", "repeated", "nul", "unicode"],
)
def test_no_input_makes_it_fail(alpha, client_a, data):
    answers = [
        client_a.post(STORE_ADMIN_LOGIN, data, REMOTE_ADDR="192.0.2.5").status_code
        for _ in range(11)
    ]

    assert answers == [200] * 10 + [429]
