"""The platform's admin sign-in (/admin/login/ on the platform host) is limited per client
address and per username (10 attempts an hour each, counted before the password is checked);
the 11th gets a 429 page in the platform's look with Retry-After, even with the right
password. Showing the form is not an attempt."""

import pytest

from tests.fixtures.sign_ins import (
    PLATFORM_ADMIN_LOGIN,
    STAFF_PASSWORD,
    assert_refused,
    attempt,
    make_staff_user,
    statuses_of,
)

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_the_eleventh_wrong_password_gets_the_platforms_429_page(platform_client):
    make_staff_user("root")

    shown = [platform_client.get(PLATFORM_ADMIN_LOGIN).status_code for _ in range(12)]
    statuses = statuses_of(platform_client, PLATFORM_ADMIN_LOGIN, 10, username="root")
    response = attempt(platform_client, PLATFORM_ADMIN_LOGIN, username="root")

    assert shown == [200] * 12 and statuses == [200] * 10
    html = assert_refused(response)
    assert "<title>Too many sign-in attempts · Storefleet</title>" in html
    assert "control_plane/platform.css" in html


def test_the_right_password_past_the_limit_is_refused(platform_client):
    make_staff_user("root")
    statuses_of(platform_client, PLATFORM_ADMIN_LOGIN, 10, username="root")

    response = attempt(
        platform_client, PLATFORM_ADMIN_LOGIN, username="root", password=STAFF_PASSWORD
    )

    assert_refused(response)
    assert platform_client.get("/admin/").status_code == 302  # still signed out


def test_one_username_is_limited_whatever_the_address(platform_client):
    make_staff_user("root")
    for n in range(10):
        attempt(platform_client, PLATFORM_ADMIN_LOGIN, username="root", address=f"198.51.100.{n}")

    response = attempt(
        platform_client,
        PLATFORM_ADMIN_LOGIN,
        username="root",
        password=STAFF_PASSWORD,
        address="192.0.2.1",
    )

    assert_refused(response)


def test_one_address_is_limited_whatever_the_username(platform_client):
    make_staff_user("root")
    for n in range(10):
        attempt(platform_client, PLATFORM_ADMIN_LOGIN, username=f"guess-{n}")

    same_address = attempt(
        platform_client, PLATFORM_ADMIN_LOGIN, username="root", password=STAFF_PASSWORD
    )
    other_address = attempt(
        platform_client,
        PLATFORM_ADMIN_LOGIN,
        username="root",
        password=STAFF_PASSWORD,
        address="192.0.2.77",
    )

    assert_refused(same_address)
    assert other_address.status_code == 302
