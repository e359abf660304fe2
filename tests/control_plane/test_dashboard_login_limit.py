"""The operator dashboard's sign-in is limited per client address and per username (10
attempts an hour each, counted before the password is checked), apart from any store; the
11th gets a 429 page in the platform's look with Retry-After, even with the right password.
Showing the form is not an attempt, and no input makes it fail."""

import pytest

from control_plane.dashboard.permissions import Role, grant_role
from tests.fixtures.sign_ins import (
    DASHBOARD_LOGIN,
    STAFF_PASSWORD,
    assert_refused,
    attempt,
    make_staff_user,
    statuses_of,
)

pytestmark = pytest.mark.django_db(databases=["default", "second"])


@pytest.fixture
def operator():
    user = make_staff_user("olga")
    grant_role(user=user, role=Role.OPERATOR)
    return user


def test_the_eleventh_wrong_password_gets_the_platforms_429_page(platform_client, operator):
    shown = [platform_client.get(DASHBOARD_LOGIN).status_code for _ in range(12)]
    statuses = statuses_of(platform_client, DASHBOARD_LOGIN, 10, username="olga")
    response = attempt(platform_client, DASHBOARD_LOGIN, username="olga")

    assert shown == [200] * 12 and statuses == [200] * 10
    html = assert_refused(response)
    assert "<title>Too many sign-in attempts · Storefleet</title>" in html
    assert 'aria-current="page">Operator sign-in</a>' in html


def test_the_right_password_past_the_limit_is_refused(platform_client, operator):
    statuses_of(platform_client, DASHBOARD_LOGIN, 10, username="olga")

    response = attempt(platform_client, DASHBOARD_LOGIN, username="olga", password=STAFF_PASSWORD)

    assert_refused(response)
    assert platform_client.get("/dashboard/").status_code == 302  # still signed out


def test_under_the_limit_the_right_password_signs_in(platform_client, operator):
    statuses_of(platform_client, DASHBOARD_LOGIN, 9, username="olga")

    response = attempt(platform_client, DASHBOARD_LOGIN, username="olga", password=STAFF_PASSWORD)

    assert (response.status_code, response["Location"]) == (302, "/dashboard/")


def test_one_username_is_limited_whatever_the_address(platform_client, operator):
    for n in range(10):
        attempt(platform_client, DASHBOARD_LOGIN, username="Olga", address=f"198.51.100.{n}")

    response = attempt(
        platform_client,
        DASHBOARD_LOGIN,
        username="olga",
        password=STAFF_PASSWORD,
        address="192.0.2.1",
    )

    assert_refused(response)


def test_one_address_is_limited_whatever_the_username(platform_client, operator):
    for n in range(10):
        attempt(platform_client, DASHBOARD_LOGIN, username=f"guess-{n}")

    same_address = attempt(
        platform_client, DASHBOARD_LOGIN, username="olga", password=STAFF_PASSWORD
    )
    other_address = attempt(
        platform_client,
        DASHBOARD_LOGIN,
        username="olga",
        password=STAFF_PASSWORD,
        address="192.0.2.77",
    )

    assert_refused(same_address)
    assert other_address.status_code == 302


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"username": "u" * 10_000, "password": "x"},
        {"username": ["one", "two"], "password": ["x", "y"]},
        {"username": "\x00", "password": "\x00"},
    ],
    ids=["nothing", "long-username", "repeated", "nul"],
)
def test_no_input_makes_it_fail(platform_client, data):
    answers = [
        platform_client.post(DASHBOARD_LOGIN, data, REMOTE_ADDR="192.0.2.5").status_code
        for _ in range(11)
    ]

    assert answers == [200] * 10 + [429]
